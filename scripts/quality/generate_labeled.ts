/**
 * A labeled month of ECS authentication events: the measuring stick of `npm run bench:quality`.
 *
 *   npx tsx scripts/quality/generate_labeled.ts [--users 1000] [--days 30] [--seed 1] [--start 2026-03-02]
 *                                               [--takeovers-per-class N] --out events.ndjson --labels labels.json
 *
 * Same options → the same events and labels, byte for byte (no clock is read). Built on the demo's world
 * (`scripts/demo/world.ts`: real cities, ASNs, user agents) and its helpers.
 *
 * Every event (successes and failures) has a label kept OUTSIDE the event, by `event.id` (`labels`, or the --labels
 * file), so detection cannot read it: `takeover:<class>` or `benign:<confounder>`. A login often has several benign
 * causes (a new phone on a mobile carrier); the label is the first by CONFOUNDERS' order and `confounders` lists
 * them all, so the benchmark can blame a device alert on the device and a travel alert on the place.
 *
 * Benign confounders (what makes an innocent login look odd):
 * - corporate_vpn: remote days through the company's SASE egress in Frankfurt/Amsterdam, whatever the user's country;
 * - new_device: a new laptop or phone, used from then on;
 * - browser_upgrade: the browser's (or Android's) next version, from a day on;
 * - flight: trips by plane at real speeds, with logins from both airports' Wi-Fi and the hotel (some domestic);
 * - roaming: on a trip, the phone's data goes home (it geolocates in the home country) while the laptop is abroad;
 * - mobile_carrier: phones on the carrier, whose egress geolocates anywhere in the country;
 * - privacy_vpn: a few users always go through Mullvad, Proton VPN or NordVPN, a different exit each session;
 * - failed_password: typos (a failure or three, then the success), and a phone app with a stale password retrying;
 * - isp_change: the home address changes (a new lease, or a move to another ISP);
 * - geoip_jitter: some home ranges geolocate to another city of the country or to its centroid, with no city;
 * - new_employee: users who start mid-month, with no history (their first week);
 * - shared_egress: office logins, many users behind a few NAT addresses (and their typos look like a spray);
 * - routine: none of the above.
 *
 * Takeover classes, each planted `takeoversPerClass` times on distinct victims, at a random time at least
 * LEARNING_DAYS after the victim's first login (so after both profiles' learning periods):
 * - foreign_new_device: a foreign attacker network and a device the victim never used (fingerprint-new);
 * - anonymizer: a Tor exit (published list) with Tor Browser's agent, or a commercial VPN exit (no list has it);
 * - phishing_same_country: AiTM phishing, then a login from a residential range of the victim's own country on a
 *   device the victim never used;
 * - session_replay: the victim's own browser (the exact agent) from a hosting network abroad, minutes after the
 *   victim's own login;
 * - credential_stuffing: one hosting address tries hundreds of user names (org and combo-list names) in under an
 *   hour, nearly all failing; the victims' logins succeed;
 * - password_spray: a few addresses of one hosting provider try one password on most users, low and slow over hours;
 *   the victims' logins succeed.
 * The failed attempts of stuffing and spray are labeled with their class and attack (`incident`), not counted as
 * takeover logins: an incident is its successful attacker logins (`Incident.logins`).
 * Account attacks (brute force with and without success, distributed brute force, MFA fatigue) and the MFA noise
 * (`mfa_noise`: Duo pushes, now and then a stray one denied) are planted last, from their own random stream
 * (./account_attacks.ts), so the events above are the same with or without them.
 */
import fs from 'node:fs';
import { ACCOUNT_ATTACK_CLASSES, plantAccountAttacks, type MfaReason, type PlannedStep } from './account_attacks';
import { parseUserAgent } from '../../server/enrichment/user_agent';
import { flightMs, ipIn, rng, toEcs, type EcsLogin, type Login, type Rng } from '../demo/generate_logins';
import {
  AIRPORTS,
  ALL_CITIES,
  ATTACKER_DEVICES,
  ATTACKER_NETWORKS,
  BROWSER_UPGRADES,
  CITIES,
  CORPORATE_VPN,
  COUNTRY_CENTROIDS,
  DESKTOPS,
  GEOIP_NEIGHBOURS,
  HOMES,
  HOSTING_NETWORKS,
  LINUX_DESKTOPS,
  MOBILE_EGRESS,
  NETWORKS,
  NEW_PHONES,
  OFFICES,
  PHISHER_DEVICES,
  PHONES,
  PRIVACY_VPNS,
  TOR_BROWSER,
  TOR_EXITS,
  TRIP_DESTINATIONS,
  type City,
  type CityKey,
  type Device,
  type Network,
} from '../demo/world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Takeovers come this long after the victim's first login: past the default profile's 7 days (log time) and the
 * buffalogs profile's 14 (from first sighting, which in a replay is the first login's window). */
export const LEARNING_DAYS = 14;
export const DATASET = 'buffalogs.quality';

/** The classes planted before the account attacks (the login and source-keyed credential families' month). */
export const LOGIN_TAKEOVER_CLASSES = [
  'foreign_new_device',
  'anonymizer',
  'phishing_same_country',
  'session_replay',
  'credential_stuffing',
  'password_spray',
] as const;
export const TAKEOVER_CLASSES = [...LOGIN_TAKEOVER_CLASSES, ...ACCOUNT_ATTACK_CLASSES] as const;
export type TakeoverClass = (typeof TAKEOVER_CLASSES)[number];

/** In label priority order: an event's label is its first applicable confounder. */
export const CONFOUNDERS = [
  'new_employee',
  'failed_password',
  'flight',
  'roaming',
  'privacy_vpn',
  'corporate_vpn',
  'new_device',
  'browser_upgrade',
  'geoip_jitter',
  'isp_change',
  'mobile_carrier',
  'shared_egress',
  'mfa_noise',
  'routine',
] as const;
export type Confounder = (typeof CONFOUNDERS)[number];

export type Label = `benign:${Confounder}` | `takeover:${TakeoverClass}`;

export interface EventLabel {
  label: Label;
  /** Benign events: every applicable confounder, the label's first. */
  confounders?: Confounder[];
  /** Takeover events: the incident (a successful attacker login) or the attack (stuffing/spray failures). */
  incident?: string;
  /** An MFA step (a Duo push), not a login: in neither the logins' nor the failures' counts. */
  step?: 'mfa';
}

export interface Incident {
  id: string;
  class: TakeoverClass;
  user: string;
  /** The first attacker login (ISO). */
  at: string;
  /** `event.id`s of the attacker's successful logins as the victim: the logins an alert must be raised on. */
  logins: string[];
  /** Stuffing and spray: the attack the success came out of (its failures carry this id as `incident`). */
  attack?: string;
  /** Account attacks: the failed logins or denied MFA prompts. An incident with no login (a brute force that never
   * succeeded) is caught by an alert on one of these. */
  attempts?: string[];
  description: string;
}

export interface LabeledUser {
  name: string;
  home: string;
  /** The day of the month the user starts (0 for everyone but new employees). */
  startDay: number;
}

export interface LabeledMonth {
  options: LabeledOptions;
  events: LabeledEvent[];
  labels: Map<string, EventLabel>;
  incidents: Incident[];
  users: LabeledUser[];
}

export interface LabeledOptions {
  users: number;
  days: number;
  seed: number;
  /** Epoch ms of the first day's midnight UTC. */
  start: number;
  /** Default: max(2, users / 100). */
  takeoversPerClass?: number;
  /** Plant the account attacks and MFA traffic (default true); without them the rest is the same, byte for byte. */
  accountAttacks?: boolean;
}

export const DEFAULT_START = Date.parse('2026-03-02T00:00:00Z'); // a Monday

interface Place {
  city: City;
  network: Network;
  ip: string;
  intelligenceCategory?: string;
}

interface Planned extends Login {
  label: Label;
  confounders?: Confounder[];
  incident?: string;
  /** A Duo push's outcome: the event is an MFA step, not a login. */
  mfa?: MfaReason;
}

/** A Cisco Duo authentication (`cisco_duo.auth`): a second factor, as the integration writes it. */
export interface MfaStepEvent extends Omit<EcsLogin, 'event'> {
  data_stream: { dataset: 'cisco_duo.auth' };
  event: {
    kind: 'event';
    category: ['authentication'];
    type: ['info'];
    outcome: 'success' | 'failure';
    id: string;
    dataset: 'cisco_duo.auth';
  };
  cisco_duo: { auth: { reason: MfaReason; factor: 'duo_push'; result: 'success' | 'denied' | 'failure' } };
}

export type LabeledEvent = EcsLogin | MfaStepEvent;

function toDuo(l: Planned, id: string): MfaStepEvent {
  const { event: _login, ...rest } = toEcs(l, id, DATASET);
  const approved = l.mfa === 'user_approved';
  return {
    ...rest,
    data_stream: { dataset: 'cisco_duo.auth' },
    event: {
      kind: 'event',
      category: ['authentication'],
      type: ['info'],
      outcome: approved ? 'success' : 'failure',
      id,
      dataset: 'cisco_duo.auth',
    },
    cisco_duo: {
      auth: {
        reason: l.mfa!,
        factor: 'duo_push',
        result: approved ? 'success' : l.mfa === 'no_response' ? 'failure' : 'denied',
      },
    },
  };
}

interface Person {
  name: string;
  homeKey: CityKey;
  home: City;
  isp: Network;
  homeIp: string;
  office?: { network: Network; addresses: string[] };
  startDay: number;
  desktop: Device;
  phone?: Device;
  vpn?: (typeof CORPORATE_VPN.egress)[number];
  privacyVpn?: (typeof PRIVACY_VPNS)[number];
  jitter: boolean;
  typoRate: number;
  ispChange?: { day: number; network: Network; ip: string };
  newDevice?: { day: number; device: Device; replaces: 'desktop' | 'phone' };
  upgrade?: { day: number };
  trip?: { dest: City; destAirport: City; departDay: number; nights: number; roaming: boolean };
  staleCreds?: { day: number };
}

type Where = 'office' | 'home' | 'vpn' | 'mobile';

const fingerprint = (d: Device) => parseUserAgent(d.userAgent).fingerprint;

export function defaultTakeoversPerClass(users: number): number {
  return Math.max(2, Math.round(users / 100));
}

export function generateLabeledMonth(options: LabeledOptions): LabeledMonth {
  const { users: userCount, days, seed, start } = options;
  if (!Number.isInteger(userCount) || userCount < 20 || userCount > 1_000_000)
    throw new Error(`--users must be a whole number from 20 to 1,000,000, not ${userCount}`);
  if (!Number.isInteger(days) || days < LEARNING_DAYS + 2 || days > 366)
    throw new Error(
      `--days must be a whole number from ${LEARNING_DAYS + 2} to 366 (takeovers come after a ${LEARNING_DAYS}-day learning period), not ${days}`,
    );
  if (!Number.isFinite(start) || start % DAY !== 0) throw new Error('--start must be a day (midnight UTC)');
  const perClass = options.takeoversPerClass ?? defaultTakeoversPerClass(userCount);
  if (!Number.isInteger(perClass) || perClass < 1 || perClass * TAKEOVER_CLASSES.length > userCount / 3)
    throw new Error(
      `--takeovers-per-class must be a whole number from 1 to users/${3 * TAKEOVER_CLASSES.length}, not ${perClass}`,
    );

  const r = rng(seed);
  const end = start + days * DAY;
  const planned: Planned[] = [];
  const emit = (l: Omit<Planned, 'at'> & { at: number }): Planned | undefined => {
    if (l.at < start || l.at >= end) return undefined;
    planned.push(l);
    return l;
  };
  const localTime = (c: City, day: number, hour: number) => start + day * DAY + (hour - c.utcOffset) * HOUR;
  const hours = (from: number, to: number) => from + r.next() * (to - from);

  const people = makePeople(r, userCount, days);

  // --- everyday life, with its confounders -------------------------------------------------------------------------
  for (const p of people) {
    const quiet: Array<[number, number]> = [];
    if (p.trip) quiet.push(planTrip(p, r, emit, localTime));
    const inQuiet = (at: number) => quiet.some(([a, b]) => at >= a && at <= b);
    const deviceOn = (kind: 'desktop' | 'phone', day: number): { device: Device; c?: Confounder } => {
      const base = kind === 'desktop' ? p.desktop : p.phone!;
      if (p.newDevice && p.newDevice.replaces === kind && day >= p.newDevice.day)
        return { device: p.newDevice.device, c: 'new_device' };
      if (p.upgrade && day >= p.upgrade.day && BROWSER_UPGRADES[base.userAgent])
        return { device: { kind: base.kind, userAgent: BROWSER_UPGRADES[base.userAgent] }, c: 'browser_upgrade' };
      return { device: base };
    };
    const placeOf = (where: Where, day: number): { place: Place; cs: Confounder[] } => {
      if (where === 'office' && p.office)
        return {
          place: { city: p.home, network: p.office.network, ip: r.pick(p.office.addresses) },
          cs: ['shared_egress'],
        };
      if (where === 'vpn' && p.vpn)
        return {
          place: { city: CITIES[p.vpn.city], network: CORPORATE_VPN.network, ip: ipIn(r, p.vpn.prefix) },
          cs: ['corporate_vpn'],
        };
      if (where === 'mobile') {
        const carrier = NETWORKS[p.home.iso].mobile;
        const c = CITIES[r.pick(MOBILE_EGRESS[p.home.iso] ?? [p.homeKey])];
        return { place: { city: c, network: carrier, ip: ipIn(r, carrier.block) }, cs: ['mobile_carrier'] };
      }
      if (p.privacyVpn) {
        const exit = r.pick(p.privacyVpn.exits);
        return {
          place: { city: ALL_CITIES[exit.city], network: exit.network, ip: ipIn(r, exit.network.block) },
          cs: ['privacy_vpn'],
        };
      }
      const cs: Confounder[] = [];
      let network = p.isp;
      let ip = p.homeIp;
      if (p.ispChange && day >= p.ispChange.day) {
        ({ network, ip } = p.ispChange);
        cs.push('isp_change');
      }
      let c = p.home;
      if (p.jitter && r.chance(0.4)) {
        const others = GEOIP_NEIGHBOURS[p.home.iso].map((k) => ALL_CITIES[k]).filter((x) => x !== p.home);
        c = r.chance(0.5) ? COUNTRY_CENTROIDS[p.home.iso] : r.pick(others);
        cs.unshift('geoip_jitter');
      }
      return { place: { city: c, network, ip }, cs };
    };
    const login = (at: number, kind: 'desktop' | 'phone', where: Where, day: number) => {
      if (inQuiet(at)) return;
      const { device, c: deviceCause } = deviceOn(kind, day);
      const { place, cs } = placeOf(where, day);
      if (deviceCause) cs.push(deviceCause);
      if (day < p.startDay + 7 && p.startDay > 0) cs.push('new_employee');
      const failures = r.chance(p.typoRate) ? (r.chance(0.8) ? 1 : r.int(2, 3)) : 0;
      if (failures) cs.push('failed_password');
      let t = at;
      for (let k = 0; k < failures; k++) {
        t -= r.int(15, 70) * 1000;
        emit({ ...benign(p.name, place, device, cs), at: t, outcome: 'failure' });
      }
      emit({ ...benign(p.name, place, device, cs), at });
    };
    for (let day = p.startDay; day < days; day++) {
      const weekday = new Date(start + day * DAY).getUTCDay();
      const workday = weekday !== 0 && weekday !== 6;
      if (workday && r.chance(0.95)) {
        let where: Where = 'home';
        if (p.office) where = p.vpn && r.chance(0.35) ? 'vpn' : r.chance(0.15) ? 'home' : 'office';
        else if (p.vpn) where = r.chance(0.75) ? 'vpn' : 'home';
        login(localTime(p.home, day, hours(8, 9.75)), 'desktop', where, day);
        if (r.chance(0.5)) login(localTime(p.home, day, hours(13, 14.5)), 'desktop', where, day);
        if (r.chance(0.4)) login(localTime(p.home, day, hours(16, 17.5)), 'desktop', where, day);
        if (r.chance(0.12)) login(localTime(p.home, day, hours(20, 22.5)), 'desktop', 'home', day);
      } else if (r.chance(0.08)) {
        login(localTime(p.home, day, hours(10, 21)), 'desktop', 'home', day);
      }
      if (p.phone && r.chance(workday ? 0.7 : 0.45)) {
        for (let k = r.int(1, 2); k > 0; k--)
          login(localTime(p.home, day, hours(7, 22.5)), 'phone', r.chance(0.8) ? 'mobile' : 'home', day);
      }
    }
    if (p.staleCreds && p.phone) {
      // A mail app still holding the old password after a change: a failure every 10–20 minutes until it is fixed.
      const { device } = deviceOn('phone', p.staleCreds.day);
      let t = localTime(p.home, p.staleCreds.day, hours(9, 12));
      const until = t + r.int(2, 6) * HOUR;
      const carrier = NETWORKS[p.home.iso].mobile;
      const place = { city: p.home, network: carrier, ip: ipIn(r, carrier.block) };
      for (; t < until; t += r.int(10, 20) * MINUTE)
        if (!inQuiet(t)) emit({ ...benign(p.name, place, device, ['failed_password']), at: t, outcome: 'failure' });
      if (!inQuiet(t)) emit({ ...benign(p.name, place, device, ['failed_password']), at: t });
    }
  }

  // --- takeovers ---------------------------------------------------------------------------------------------------
  const firstAt = new Map<string, number>();
  for (const l of planned) if (l.outcome !== 'failure' && !(firstAt.get(l.user)! <= l.at)) firstAt.set(l.user, l.at);
  const incidents: Array<Omit<Incident, 'logins'> & { logins: Planned[] }> = [];
  plantTakeovers({ r, people, planned, firstAt, emit, end, perClass, incidents });

  // --- account attacks and MFA (after all the rest, from their own random stream: see account_attacks.ts) ----------
  const taken = new Set(incidents.map((i) => i.user));
  const added: Planned[] = [];
  const accountIncidents =
    options.accountAttacks === false
      ? []
      : plantAccountAttacks({
          seed,
          perClass,
          end,
          candidates: people
            .filter((p) => firstAt.has(p.name) && !taken.has(p.name))
            .map((p) => ({ name: p.name, learnedAt: firstAt.get(p.name)! + LEARNING_DAYS * DAY }))
            .filter((c) => c.learnedAt < end - 6 * HOUR),
          benignLogins: planned.filter(
            (l) => l.outcome !== 'failure' && l.label.startsWith('benign:'),
          ) as PlannedStep[],
          emit: (s) => {
            if (s.at < start || s.at >= end) return undefined;
            added.push(s as Planned);
            return s;
          },
        });

  // --- order and ids -------------------------------------------------------------------------------------------------
  // The month without the account attacks keeps its ids (q<seed>-<n>); theirs are q<seed>-a<n>.
  const byTimeThenUser = (a: Planned, b: Planned) => a.at - b.at || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);
  planned.sort(byTimeThenUser);
  added.sort(byTimeThenUser);
  const ids = new Map<Planned, string>();
  planned.forEach((l, i) => ids.set(l, `q${seed}-${String(i).padStart(7, '0')}`));
  added.forEach((l, i) => ids.set(l, `q${seed}-a${String(i).padStart(7, '0')}`));
  const labels = new Map<string, EventLabel>();
  const all = [...planned, ...added].sort((a, b) => a.at - b.at || (ids.get(a)! < ids.get(b)! ? -1 : 1));
  const events = all.map((l): LabeledEvent => {
    const id = ids.get(l)!;
    labels.set(id, {
      label: l.label,
      ...(l.confounders ? { confounders: l.confounders } : {}),
      ...(l.incident ? { incident: l.incident } : {}),
      ...(l.mfa ? { step: 'mfa' as const } : {}),
    });
    return l.mfa ? toDuo(l, id) : toEcs(l, id, DATASET);
  });
  const idsOf = (list: readonly Planned[]) => list.map((l) => ids.get(l)!);
  return {
    options: { ...options, takeoversPerClass: perClass },
    events,
    labels,
    incidents: [
      ...incidents.map((i) => ({ ...i, logins: idsOf(i.logins) })),
      ...accountIncidents.map((i) => {
        const first = [...i.logins, ...i.attempts].reduce((a, b) => Math.min(a, b.at), Infinity);
        return {
          id: i.id,
          class: i.class,
          user: i.user,
          at: new Date(first).toISOString(),
          logins: idsOf(i.logins as Planned[]),
          attempts: idsOf(i.attempts as Planned[]),
          description: i.description,
        };
      }),
    ].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    users: people.map((p) => ({ name: p.name, home: p.homeKey, startDay: p.startDay })),
  };
}

function benign(user: string, place: Place, device: Device, cs: Confounder[]): Omit<Planned, 'at'> {
  const all = [...cs].sort((a, b) => CONFOUNDERS.indexOf(a) - CONFOUNDERS.indexOf(b));
  if (all.length === 0) all.push('routine');
  return { user, ...place, device, label: `benign:${all[0]}`, confounders: all };
}

function makePeople(r: Rng, count: number, days: number): Person[] {
  const totalWeight = HOMES.reduce((s, h) => s + h.weight, 0);
  const taken = new Set<string>();
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    let w = r.next() * totalWeight;
    const homeEntry = HOMES.find((h) => (w -= h.weight) < 0) ?? HOMES[0];
    const base = `${r.pick(homeEntry.first)}.${r.pick(homeEntry.last)}`;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    const home = CITIES[homeEntry.city];
    const isp = r.pick(NETWORKS[home.iso].fixed);
    const desktop = r.chance(0.06) ? r.pick(LINUX_DESKTOPS) : r.pick(DESKTOPS);
    const phone = r.chance(0.75) ? r.pick(PHONES) : undefined;
    const p: Person = {
      name,
      homeKey: homeEntry.city,
      home,
      isp,
      homeIp: ipIn(r, isp.block),
      office: OFFICES[homeEntry.city],
      startDay: r.chance(0.03) ? r.int(3, 12) : 0,
      desktop,
      phone,
      vpn: r.chance(0.25) ? r.pick(CORPORATE_VPN.egress) : undefined,
      privacyVpn: r.chance(0.02) ? r.pick(PRIVACY_VPNS) : undefined,
      jitter: r.chance(0.08),
      typoRate: r.chance(0.1) ? 0.15 : 0.03,
    };
    if (r.chance(0.05)) {
      const other = NETWORKS[home.iso].fixed.filter((n) => n !== isp);
      const network = other.length && r.chance(0.3) ? r.pick(other) : isp;
      p.ispChange = { day: r.int(p.startDay + 3, days - 2), network, ip: ipIn(r, network.block) };
    }
    if (r.chance(0.1)) {
      const replaces = p.phone && r.chance(0.5) ? 'phone' : 'desktop';
      const known = new Set([fingerprint(p.desktop), ...(p.phone ? [fingerprint(p.phone)] : [])]);
      const pool = (replaces === 'phone' ? [...NEW_PHONES, ...PHONES] : [...DESKTOPS, ...LINUX_DESKTOPS]).filter(
        (d) => !known.has(fingerprint(d)),
      );
      if (pool.length) p.newDevice = { day: r.int(p.startDay + 2, days - 1), device: r.pick(pool), replaces };
    }
    if (r.chance(0.4)) p.upgrade = { day: r.int(p.startDay + 1, days - 1) };
    if (p.phone && r.chance(0.01)) p.staleCreds = { day: r.int(p.startDay + 1, days - 1) };
    if (r.chance(0.12) && days - 6 > p.startDay + 1) {
      const domestic = (Object.keys(AIRPORTS) as CityKey[]).filter(
        (k) => k !== homeEntry.city && CITIES[k].iso === home.iso && AIRPORTS[homeEntry.city],
      );
      const destKey =
        domestic.length && r.chance(0.3)
          ? r.pick(domestic)
          : r.pick(TRIP_DESTINATIONS.filter((d) => CITIES[d].iso !== home.iso));
      p.trip = {
        dest: CITIES[destKey],
        destAirport: AIRPORTS[destKey] ?? CITIES[destKey],
        departDay: r.int(p.startDay + 1, days - 6),
        nights: r.int(2, 4),
        roaming: r.chance(0.6),
      };
    }
    people.push(p);
  }
  return people;
}

type Emit = (l: Omit<Planned, 'at'> & { at: number }) => Planned | undefined;

/** A trip's logins (airports, hotel, roaming phone); returns the interval everyday logins must stay out of. */
function planTrip(
  p: Person,
  r: Rng,
  emit: Emit,
  localTime: (c: City, day: number, hour: number) => number,
): [number, number] {
  const trip = p.trip!;
  const homeAirport = AIRPORTS[p.homeKey] ?? p.home;
  const homeFixed = NETWORKS[p.home.iso].fixed[0];
  const destFixed = NETWORKS[trip.dest.iso].fixed[0];
  const depart = localTime(p.home, trip.departDay, 7 + r.next() * 5);
  const flight = flightMs(homeAirport, trip.destAirport);
  const arrive = depart + flight;
  const laptop = () => (p.phone && r.chance(0.3) ? p.phone : p.desktop);
  const at = (t: number, place: Place, device: Device, c: Confounder) =>
    emit({ ...benign(p.name, place, device, [c]), at: t });
  at(
    depart - r.int(40, 90) * MINUTE,
    { city: homeAirport, network: homeFixed, ip: ipIn(r, homeFixed.block) },
    laptop(),
    'flight',
  );
  at(
    arrive + r.int(20, 50) * MINUTE,
    { city: trip.destAirport, network: destFixed, ip: ipIn(r, destFixed.block) },
    laptop(),
    'flight',
  );
  const hotel = { city: trip.dest, network: destFixed, ip: ipIn(r, destFixed.block) };
  const leave = Math.max(localTime(trip.dest, trip.departDay + trip.nights, 16 + r.next() * 3), arrive + 12 * HOUR);
  for (let t = arrive + 3 * HOUR; t < leave - 2 * HOUR; t += r.int(3, 10) * HOUR) at(t, hotel, laptop(), 'flight');
  if (trip.roaming && p.phone) {
    // Mobile data abroad is tunnelled home: the phone geolocates in the home country while the laptop is away.
    const carrier = NETWORKS[p.home.iso].mobile;
    for (let t = arrive + 2 * HOUR; t < leave; t += r.int(4, 12) * HOUR) {
      const c = CITIES[r.pick(MOBILE_EGRESS[p.home.iso] ?? [p.homeKey])];
      at(t, { city: c, network: carrier, ip: ipIn(r, carrier.block) }, p.phone, 'roaming');
    }
  }
  const back = leave + flightMs(trip.destAirport, homeAirport);
  at(
    leave - r.int(40, 90) * MINUTE,
    { city: trip.destAirport, network: destFixed, ip: ipIn(r, destFixed.block) },
    laptop(),
    'flight',
  );
  at(
    back + r.int(20, 50) * MINUTE,
    { city: homeAirport, network: homeFixed, ip: ipIn(r, homeFixed.block) },
    laptop(),
    'flight',
  );
  return [depart - 2 * HOUR, back + 6 * HOUR];
}

interface TakeoverInput {
  r: Rng;
  people: Person[];
  planned: Planned[];
  firstAt: Map<string, number>;
  emit: Emit;
  end: number;
  perClass: number;
  incidents: Array<Omit<Incident, 'logins'> & { logins: Planned[] }>;
}

function plantTakeovers({ r, people, planned, firstAt, emit, end, perClass, incidents }: TakeoverInput): void {
  const learned = (p: Person) => firstAt.get(p.name)! + LEARNING_DAYS * DAY;
  const eligible = people.filter((p) => firstAt.has(p.name) && learned(p) < end - 6 * HOUR);
  const order = eligible.map((_, i) => i).sort(() => r.next() - 0.5);
  const needed = perClass * TAKEOVER_CLASSES.length;
  if (order.length < needed) throw new Error(`only ${order.length} users can be victims, ${needed} are needed`);
  let next = 0;
  const victims = (n: number) => order.slice(next, (next += n)).map((i) => eligible[i]);
  const randomTime = (from: number, to: number) => from + Math.floor(r.next() * (to - from));
  const known = (p: Person) => {
    const fps = new Set<string>();
    for (const l of planned) if (l.user === p.name) fps.add(fingerprint(l.device));
    return fps;
  };
  const newDevice = (p: Person, pool: Device[]) => {
    const fps = known(p);
    const fresh = pool.filter((d) => !fps.has(fingerprint(d)));
    return r.pick(fresh.length ? fresh : pool);
  };
  let n = 0;
  const incident = (cls: TakeoverClass, p: Person, logins: Planned[], description: string, attack?: string) => {
    const id = `${cls}-${++n}`;
    for (const l of logins) l.incident = id;
    incidents.push({
      id,
      class: cls,
      user: p.name,
      at: new Date(logins[0].at).toISOString(),
      logins,
      description,
      ...(attack ? { attack } : {}),
    });
  };
  const attacker = (p: Person, place: Place, device: Device, cls: TakeoverClass, at: number) =>
    emit({ user: p.name, ...place, device, label: `takeover:${cls}`, at })!;
  const series = (p: Person, place: Place, device: Device, cls: TakeoverClass, t0: number) => {
    const out = [attacker(p, place, device, cls, t0)];
    for (let k = r.int(0, 2), t = t0; k > 0; k--)
      out.push(attacker(p, place, device, cls, (t += r.int(3, 40) * MINUTE)));
    return out;
  };

  for (const p of victims(perClass)) {
    const a = r.pick(ATTACKER_NETWORKS);
    const place = { city: CITIES[a.city], network: a.network, ip: ipIn(r, a.network.block) };
    const t = randomTime(learned(p), end - 2 * HOUR);
    incident(
      'foreign_new_device',
      p,
      series(p, place, newDevice(p, [...ATTACKER_DEVICES, ...PHISHER_DEVICES]), 'foreign_new_device', t),
      `${p.name} (${p.home.name}) logged into from ${place.city.name} (AS${a.network.asn}) on a device never used`,
    );
  }
  for (const p of victims(perClass)) {
    const t = randomTime(learned(p), end - 2 * HOUR);
    if (r.chance(0.6)) {
      const place = { city: CITIES[TOR_EXITS.city], network: TOR_EXITS.network, ip: ipIn(r, TOR_EXITS.prefix) };
      incident(
        'anonymizer',
        p,
        series(p, place, TOR_BROWSER, 'anonymizer', t),
        `${p.name} logged into through a Tor exit with Tor Browser`,
      );
    } else {
      const vpn = r.pick(PRIVACY_VPNS);
      const exit = r.pick(vpn.exits);
      const place = { city: ALL_CITIES[exit.city], network: exit.network, ip: ipIn(r, exit.network.block) };
      incident(
        'anonymizer',
        p,
        series(p, place, newDevice(p, ATTACKER_DEVICES), 'anonymizer', t),
        `${p.name} logged into through a ${vpn.name} exit in ${place.city.name} (on no list)`,
      );
    }
  }
  for (const p of victims(perClass)) {
    const iso = p.home.iso;
    const networks = [...NETWORKS[iso].fixed, NETWORKS[iso].mobile].filter((x) => x !== p.isp);
    const network = r.pick(networks);
    const cities = [...new Set([...(GEOIP_NEIGHBOURS[iso] ?? []), ...(MOBILE_EGRESS[iso] ?? [])])];
    const place = { city: ALL_CITIES[r.pick(cities)], network, ip: ipIn(r, network.block) };
    // Phished during the working day: the kit relays the stolen password and MFA within minutes.
    const any = randomTime(learned(p), end - 2 * HOUR);
    let t = Math.floor(any / DAY) * DAY + (9 + r.next() * 8 - p.home.utcOffset) * HOUR;
    if (t < learned(p)) t += DAY;
    if (t > end - 2 * HOUR) t = any;
    incident(
      'phishing_same_country',
      p,
      series(p, place, newDevice(p, PHISHER_DEVICES), 'phishing_same_country', t),
      `${p.name} (${p.home.name}) phished, then logged into from ${place.city.name || place.city.country} (AS${network.asn}) on a new device`,
    );
  }
  for (const p of victims(perClass)) {
    // The stolen cookie is replayed minutes after one of the victim's own desktop logins, with the same agent.
    const own = planned.filter(
      (l) =>
        l.user === p.name &&
        l.outcome !== 'failure' &&
        l.device.kind === 'desktop' &&
        l.at >= learned(p) &&
        l.at < end - HOUR &&
        l.label.startsWith('benign:'),
    );
    const h = r.pick(HOSTING_NETWORKS.filter((x) => ALL_CITIES[x.city].iso !== p.home.iso));
    const place = { city: ALL_CITIES[h.city], network: h.network, ip: ipIn(r, h.network.block) };
    const anchor = own.length ? r.pick(own) : undefined;
    const device = anchor?.device ?? p.desktop;
    const t = anchor ? anchor.at + r.int(3, 25) * MINUTE : randomTime(learned(p), end - 2 * HOUR);
    const logins = [attacker(p, place, device, 'session_replay', t)];
    if (r.chance(0.5)) logins.push(attacker(p, place, device, 'session_replay', t + r.int(10, 40) * MINUTE));
    incident(
      'session_replay',
      p,
      logins.filter(Boolean),
      `${p.name}'s session replayed from ${place.city.name} (AS${h.network.asn}) with the victim's own browser`,
    );
  }

  const orgNames = people.map((p) => p.name);
  const attacks = (cls: 'credential_stuffing' | 'password_spray', all: Person[]) => {
    const groups: Person[][] = [];
    for (let i = 0; i < all.length; i += 3) groups.push(all.slice(i, i + 3));
    groups.forEach((group, g) => {
      const attack = `${cls}-attack-${g + 1}`;
      const h = r.pick(HOSTING_NETWORKS);
      const city = ALL_CITIES[h.city];
      const from = Math.max(...group.map(learned));
      const t0 = randomTime(from, end - 8 * HOUR);
      const device = cls === 'credential_stuffing' ? r.pick(ATTACKER_DEVICES) : r.pick(PHISHER_DEVICES);
      let targets: string[];
      let duration: number;
      let ips: string[];
      if (cls === 'credential_stuffing') {
        // A combo list: some of the organisation's users, many names from other breaches; one address, under an hour.
        const org = orgNames.filter(() => r.chance(0.15));
        const outsiders = Array.from({ length: r.int(80, 200) }, () => {
          const h2 = r.pick(HOMES);
          return `${r.pick(h2.first)}${r.pick(h2.last).replace('.', '')}${r.int(1960, 2005)}`;
        });
        targets = [...org, ...outsiders];
        duration = r.int(20, 55) * MINUTE;
        ips = [ipIn(r, h.network.block)];
      } else {
        // One password against most users, from a handful of addresses of one provider, over hours.
        targets = orgNames.filter(() => r.chance(0.65));
        duration = r.int(3, 6) * HOUR;
        const prefix = ipIn(r, h.network.block).split('.').slice(0, 3).join('.');
        ips = Array.from({ length: r.int(3, 5) }, () => ipIn(r, prefix));
      }
      const victimNames = new Set(group.map((p) => p.name));
      targets = [...new Set(targets.filter((t) => !victimNames.has(t)))].sort(() => r.next() - 0.5);
      for (const p of group) targets.splice(r.int(0, targets.length), 0, p.name);
      targets.forEach((user, i) => {
        const at = t0 + Math.floor((i / targets.length) * duration) + r.int(0, 20_000);
        const place = { city, network: h.network, ip: r.pick(ips) };
        const victim = group.find((p) => p.name === user);
        if (!victim) {
          emit({ user, ...place, device, label: `takeover:${cls}`, incident: attack, at, outcome: 'failure' });
          return;
        }
        const logins = [attacker(victim, place, device, cls, at)];
        if (r.chance(0.5)) logins.push(attacker(victim, place, device, cls, at + r.int(2, 30) * MINUTE));
        incident(
          cls,
          victim,
          logins,
          `${victim.name} logged into by a ${cls.replace('_', ' ')} from ${place.ip} (AS${h.network.asn}) among ${targets.length} users tried`,
          attack,
        );
      });
    });
  };
  attacks('credential_stuffing', victims(perClass));
  attacks('password_spray', victims(perClass));
}

// --- files and CLI -----------------------------------------------------------------------------------------------

/** The --labels file: everything but the events, labels as an object keyed by `event.id`. */
export interface LabelsFile {
  options: LabeledOptions;
  users: LabeledUser[];
  incidents: Incident[];
  labels: Record<string, EventLabel>;
}

export function toLabelsFile(month: LabeledMonth): LabelsFile {
  return {
    options: month.options,
    users: month.users,
    incidents: month.incidents,
    labels: Object.fromEntries(month.labels),
  };
}

const LABEL_PATTERN = new RegExp(`^(benign:(${CONFOUNDERS.join('|')})|takeover:(${TAKEOVER_CLASSES.join('|')}))$`);

/** A --labels file back into labels and incidents; a file that is not one is refused with the reason. */
export function parseLabelsFile(text: string): { labels: Map<string, EventLabel>; incidents: Incident[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`the labels file is not JSON: ${(e as Error).message}`);
  }
  const file = json as Partial<LabelsFile> | null;
  if (!file || typeof file !== 'object' || typeof file.labels !== 'object' || !Array.isArray(file.incidents))
    throw new Error('the labels file must hold { labels: {event id: label}, incidents: [...] }');
  const labels = new Map<string, EventLabel>();
  for (const [id, value] of Object.entries(file.labels as Record<string, unknown>)) {
    const l = value as EventLabel;
    if (!l || typeof l.label !== 'string' || !LABEL_PATTERN.test(l.label))
      throw new Error(`the label of event "${id.slice(0, 80)}" is not benign:<confounder> or takeover:<class>`);
    labels.set(id, l);
  }
  const incidents = file.incidents.map((i, n) => {
    if (!i || !(TAKEOVER_CLASSES as readonly string[]).includes(i.class) || !Array.isArray(i.logins))
      throw new Error(`incident ${n} needs a takeover class and its logins`);
    return i;
  });
  return { labels, incidents };
}

export const GENERATOR_USAGE = `Usage: tsx scripts/quality/generate_labeled.ts [--users N] [--days D] [--seed S] [--start YYYY-MM-DD]
       [--takeovers-per-class N] --out events.ndjson --labels labels.json
Defaults: --users 1000 --days 30 --seed 1 --start 2026-03-02, takeovers per class max(2, users/100).`;

export function parseLabeledArgs(argv: readonly string[]): LabeledOptions & { out?: string; labelsOut?: string } {
  const names = ['--users', '--days', '--seed', '--start', '--takeovers-per-class', '--out', '--labels'];
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (!names.includes(argv[i])) throw new Error(`unknown option "${argv[i]}"\n${GENERATOR_USAGE}`);
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${argv[i]} needs a value\n${GENERATOR_USAGE}`);
    values.set(argv[i++], value);
  }
  const int = (name: string): number | undefined => {
    const text = values.get(name);
    if (text === undefined) return undefined;
    if (!/^\d{1,9}$/.test(text)) throw new Error(`${name} must be a whole number, not "${text}"`);
    return Number(text);
  };
  const startText = values.get('--start');
  const start = startText === undefined ? DEFAULT_START : Date.parse(`${startText}T00:00:00Z`);
  if (startText !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(startText) || Number.isNaN(start)))
    throw new Error(`--start must be a date (YYYY-MM-DD), not "${startText}"`);
  const perClass = int('--takeovers-per-class');
  return {
    users: int('--users') ?? 1000,
    days: int('--days') ?? 30,
    seed: int('--seed') ?? 1,
    start,
    ...(perClass !== undefined ? { takeoversPerClass: perClass } : {}),
    out: values.get('--out'),
    labelsOut: values.get('--labels'),
  };
}

if (require.main === module) {
  try {
    const { out, labelsOut, ...options } = parseLabeledArgs(process.argv.slice(2));
    if (!out || !labelsOut) throw new Error(`--out and --labels are both needed\n${GENERATOR_USAGE}`);
    const month = generateLabeledMonth(options);
    fs.writeFileSync(out, month.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    fs.writeFileSync(labelsOut, JSON.stringify(toLabelsFile(month)));
    const counts = new Map<string, number>();
    for (const l of month.labels.values()) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
    process.stderr.write(
      `${month.events.length} events, ${month.users.length} users, ${month.incidents.length} takeovers\n`,
    );
    for (const [label, n] of [...counts].sort()) process.stderr.write(`  ${label}: ${n}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
}
