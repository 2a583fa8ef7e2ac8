/**
 * A seeded generator of realistic ECS authentication events for the demo and the end-to-end tests.
 *
 *   npx tsx scripts/demo/generate_logins.ts --users 40 --days 21 --seed 7 [--now ISO] [--out sample.ndjson]
 *
 * Same seed, options and `now` → the same events. Timestamps end just before `now` (default: the wall clock), so the
 * overview's "today" has data. What it contains, and what the default profile should make of it:
 * - users at home (office/home broadband) in working hours, on their usual desktop and phone: nothing;
 * - phones on mobile carriers whose egress geolocates anywhere in the country (Milan → Palermo in minutes): nothing
 *   (same-country mobile noise);
 * - corporate VPN egress in Frankfurt/Amsterdam (trusted by the demo's settings): nothing;
 * - business trips by plane at real speeds (Milan → New York with the flight in between): a new-country alert, no
 *   impossible travel;
 * - new phones: a new-device alert;
 * - account takeovers after the users' learning week: a foreign login from a new country and device, impossible
 *   travel, anonymizer (Tor exit, `source.intelligence_category: anonymizer`), token replay (the user's own browser
 *   from another continent minutes apart);
 * - failed logins, and a password spray over hours from one hosting address that breaks into one account.
 */
import fs from 'node:fs';
import { seededRandom } from '../../server/analyses/random';
import {
  ATTACKER_DEVICES,
  ATTACKER_NETWORKS,
  CITIES,
  CORPORATE_VPN,
  DESKTOPS,
  HOMES,
  MOBILE_EGRESS,
  NETWORKS,
  NEW_PHONES,
  PHONES,
  TOR_EXITS,
  TRIP_DESTINATIONS,
  type City,
  type CityKey,
  type Device,
  type Network,
} from './world';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
/** Cruise speed plus taxi and boarding: how long a flight of a given distance takes, door to door, at the least. */
const FLIGHT_KMH = 800;
const FLIGHT_OVERHEAD_H = 1.5;
/** Nothing is generated this close to `now`: detection judges events up to `now - lag` (2 minutes by default). */
const NEWEST_EVENT_AGE_MS = 4 * MINUTE;

export interface EcsLogin {
  '@timestamp': string;
  event: {
    kind: 'event';
    category: ['authentication'];
    type: ['start'];
    action: 'user_login';
    outcome: 'success' | 'failure';
    id: string;
    /** `buffalogs.demo` for the demo, `buffalogs.quality` for the labeled benchmark month. */
    dataset: string;
  };
  user: { name: string };
  source: {
    ip: string;
    geo: {
      location: { lat: number; lon: number };
      country_iso_code: string;
      country_name: string;
      /** Absent where GeoIP only knows the country (its centroid). */
      city_name?: string;
    };
    as: { number: number; organization: { name: string } };
    intelligence_category?: string;
  };
  user_agent: { original: string };
}

export type ScenarioKind =
  | 'business_trip'
  | 'new_phone'
  | 'corporate_vpn'
  | 'foreign_login'
  | 'impossible_travel'
  | 'anonymizer'
  | 'token_replay'
  | 'password_spray';

/** What the sample contains on purpose, so the demo can tell what to look for and tests can check the alerts. */
export interface Scenario {
  kind: ScenarioKind;
  user: string;
  /** When it starts (ISO). */
  at: string;
  description: string;
  /** True for the account takeovers: detection must alert on them. */
  takeover: boolean;
}

export interface DemoUser {
  name: string;
  home: CityKey;
}

export interface GeneratedSample {
  events: EcsLogin[];
  users: DemoUser[];
  scenarios: Scenario[];
  /** First and last event time (epoch ms). */
  range: { from: number; to: number };
}

export interface GenerateOptions {
  users: number;
  days: number;
  seed: number;
  /** Epoch ms; the sample ends just before it. */
  now: number;
}

/** mulberry32: tiny, fast and good enough for sample data; the seed fixes everything. */
export function rng(seed: number) {
  const next = seededRandom(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
export type Rng = ReturnType<typeof rng>;

export function distanceKm(a: City, b: City): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** Door-to-door time of a flight between two cities (ms). */
export function flightMs(from: City, to: City): number {
  return (distanceKm(from, to) / FLIGHT_KMH + FLIGHT_OVERHEAD_H) * HOUR;
}

/** An address in a block written `a.b` (a /16) or `a.b.c` (a /24). */
export const ipIn = (r: Rng, block: string) =>
  block.split('.').length === 3 ? `${block}.${r.int(1, 254)}` : `${block}.${r.int(0, 255)}.${r.int(1, 254)}`;

export interface Login {
  at: number;
  user: string;
  city: City;
  network: Network;
  ip: string;
  device: Device;
  outcome?: 'failure';
  intelligenceCategory?: string;
}

interface Profile {
  user: DemoUser;
  fixed: Network;
  homeIp: string;
  officeIp: string;
  desktop: Device;
  phone?: Device;
  newPhone?: { fromDay: number; device: Device };
  /** The corporate VPN egress this user's remote sessions leave through (one per user: the nearest point of presence). */
  vpn?: (typeof CORPORATE_VPN.egress)[number];
  trip?: { destination: CityKey; departDay: number; nights: number };
}

const TAKEOVER_KINDS: ScenarioKind[] = ['impossible_travel', 'foreign_login', 'anonymizer', 'token_replay'];

export function generateLogins(options: GenerateOptions): GeneratedSample {
  const { users: userCount, days, seed, now } = options;
  if (!Number.isInteger(userCount) || userCount < 1)
    throw new Error(`--users must be a whole number ≥ 1, not ${userCount}`);
  if (!Number.isInteger(days) || days < 1 || days > 365)
    throw new Error(`--days must be a whole number from 1 to 365, not ${days}`);
  const r = rng(seed);
  const firstDay = Math.floor(now / DAY) * DAY - (days - 1) * DAY;
  const newest = now - NEWEST_EVENT_AGE_MS;
  const logins: Login[] = [];
  const scenarios: Scenario[] = [];
  /** Logins of a trip or a takeover: kept inside the user's quiet period, where everyday logins are dropped. */
  const scripted = new Set<Login>();
  const add = (login: Login, story = false) => {
    if (login.at < firstDay || login.at > newest) return;
    logins.push(login);
    if (story) scripted.add(login);
  };
  /** UTC epoch of a local wall-clock time on sample day `day` in `city`. */
  const localTime = (city: City, day: number, hour: number) => firstDay + day * DAY + (hour - city.utcOffset) * HOUR;

  // --- who ------------------------------------------------------------------------------------------------------
  const totalWeight = HOMES.reduce((s, h) => s + h.weight, 0);
  const taken = new Set<string>();
  const profiles: Profile[] = [];
  for (let i = 0; i < userCount; i++) {
    let w = r.next() * totalWeight;
    const home = HOMES.find((h) => (w -= h.weight) < 0) ?? HOMES[0];
    let name = `${r.pick(home.first)}.${r.pick(home.last)}`;
    for (let n = 2; taken.has(name); n++) name = `${name.replace(/\d+$/, '')}${n}`;
    taken.add(name);
    const city = CITIES[home.city];
    const fixed = r.pick(NETWORKS[city.iso].fixed);
    profiles.push({
      user: { name, home: home.city },
      fixed,
      homeIp: ipIn(r, fixed.block),
      officeIp: ipIn(r, fixed.block),
      desktop: r.pick(DESKTOPS),
      phone: r.chance(0.75) ? r.pick(PHONES) : undefined,
      vpn: r.chance(0.3) ? r.pick(CORPORATE_VPN.egress) : undefined,
    });
  }
  // Takeover victims first (never travelling), then trips and new phones among the others.
  const order = profiles.map((_, i) => i).sort(() => r.next() - 0.5);
  const takeoverCount = Math.min(profiles.length, Math.max(4, Math.round(userCount / 8)));
  const victims = order.slice(0, takeoverCount).map((i) => profiles[i]);
  for (const i of order.slice(takeoverCount)) {
    const p = profiles[i];
    if (days >= 8 && r.chance(0.2)) {
      const destination = r.pick(TRIP_DESTINATIONS.filter((d) => CITIES[d].iso !== CITIES[p.user.home].iso));
      p.trip = { destination, departDay: r.int(2, days - 5), nights: r.int(2, 3) };
    }
    if (p.phone && days >= 10 && r.chance(0.15)) {
      p.newPhone = { fromDay: r.int(8, days - 1), device: r.pick(NEW_PHONES.filter((d) => d !== p.phone)) };
    }
  }

  // --- everyday logins --------------------------------------------------------------------------------------------
  const quiet = new Map<string, Array<[number, number]>>();
  for (const p of profiles) {
    const home = CITIES[p.user.home];
    const mobile = NETWORKS[home.iso].mobile;
    const login = (at: number, device: Device, where: 'office' | 'home' | 'vpn' | 'mobile', outcome?: 'failure') => {
      if (where === 'vpn' && p.vpn) {
        const egress = p.vpn;
        return add({
          at,
          user: p.user.name,
          city: CITIES[egress.city],
          network: CORPORATE_VPN.network,
          ip: ipIn(r, egress.prefix),
          device,
          outcome,
        });
      }
      if (where === 'mobile') {
        const city = CITIES[r.pick(MOBILE_EGRESS[home.iso] ?? [p.user.home])];
        return add({ at, user: p.user.name, city, network: mobile, ip: ipIn(r, mobile.block), device, outcome });
      }
      add({
        at,
        user: p.user.name,
        city: home,
        network: p.fixed,
        ip: where === 'office' ? p.officeIp : p.homeIp,
        device,
        outcome,
      });
    };
    let workdays = 0;
    for (let day = 0; day < days; day++) {
      const weekday = new Date(firstDay + day * DAY).getUTCDay();
      const workday = weekday !== 0 && weekday !== 6;
      const phone = p.newPhone && day >= p.newPhone.fromDay ? p.newPhone.device : p.phone;
      const minutes = (from: number, to: number) => from + r.int(0, Math.round((to - from) * 3600)) / 3600;
      if (workday) {
        // VPN users work remotely from their first day on, so the egress country is part of their baseline.
        const remote = p.vpn !== undefined && (workdays++ === 0 || r.chance(0.4));
        const where = remote ? 'vpn' : 'office';
        const first = localTime(home, day, minutes(8, 9.75));
        if (r.chance(0.05)) login(first - r.int(1, 3) * MINUTE, p.desktop, where, 'failure');
        login(first, p.desktop, where);
        if (r.chance(0.5)) login(localTime(home, day, minutes(13, 14.5)), p.desktop, where);
        if (r.chance(0.4)) login(localTime(home, day, minutes(16, 17.5)), p.desktop, where);
        if (r.chance(0.15)) login(localTime(home, day, minutes(20, 22)), p.desktop, 'home');
      }
      if (phone && r.chance(workday ? 0.7 : 0.4)) {
        for (let k = r.int(1, 2); k > 0; k--) login(localTime(home, day, minutes(7, 22)), phone, 'mobile');
      }
    }
    if (p.newPhone) {
      scenarios.push({
        kind: 'new_phone',
        user: p.user.name,
        at: new Date(localTime(home, p.newPhone.fromDay, 7)).toISOString(),
        description: `${p.user.name} starts using a new phone (${p.newPhone.device.userAgent.slice(13, 45)}…)`,
        takeover: false,
      });
    }
    if (p.vpn) {
      scenarios.push({
        kind: 'corporate_vpn',
        user: p.user.name,
        at: new Date(firstDay).toISOString(),
        description: `${p.user.name} (${home.name}) often works through the corporate VPN (egress ${CITIES[p.vpn.city].name}, ${p.vpn.cidr})`,
        takeover: false,
      });
    }
    if (p.trip) {
      const dest = CITIES[p.trip.destination];
      const departure = localTime(home, p.trip.departDay, 10);
      const arrival = departure + flightMs(home, dest);
      const leave = Math.max(localTime(dest, p.trip.departDay + p.trip.nights, 8), arrival + 12 * HOUR);
      const back = leave + flightMs(dest, home);
      quiet.set(p.user.name, [[departure, back + HOUR]]);
      const hotel = NETWORKS[dest.iso].fixed[0];
      const hotelIp = ipIn(r, hotel.block);
      const tripLogins = [arrival + HOUR];
      for (let t = arrival + 4 * HOUR; t < leave - HOUR; t += r.int(3, 9) * HOUR) tripLogins.push(t);
      for (const t of tripLogins) {
        const device = p.phone && r.chance(0.3) ? p.phone : p.desktop;
        add({ at: t, user: p.user.name, city: dest, network: hotel, ip: hotelIp, device }, true);
      }
      add({ at: back + HOUR, user: p.user.name, city: home, network: p.fixed, ip: p.homeIp, device: p.desktop }, true);
      scenarios.push({
        kind: 'business_trip',
        user: p.user.name,
        at: new Date(departure).toISOString(),
        description: `${p.user.name} flies ${home.name} → ${dest.name} (${Math.round(distanceKm(home, dest))} km, ${(flightMs(home, dest) / HOUR).toFixed(1)} h door to door) and back`,
        takeover: false,
      });
    }
  }

  // --- account takeovers --------------------------------------------------------------------------------------
  // After the victims' first week (the default profile's learning period), the newest ones today.
  victims.forEach((p, i) => {
    const kind = TAKEOVER_KINDS[i % TAKEOVER_KINDS.length];
    const home = CITIES[p.user.home];
    const attacker = ATTACKER_NETWORKS[i % ATTACKER_NETWORKS.length];
    const attackerCity = CITIES[attacker.city];
    const device = ATTACKER_DEVICES[i % ATTACKER_DEVICES.length];
    const anchor =
      [now - 25 * MINUTE, now - 26 * HOUR, now - 50 * MINUTE, now - 2 * DAY - 3 * HOUR][i % 4] -
      Math.floor(i / 4) * (DAY + 5 * HOUR);
    const user = p.user.name;
    const victimLogin = (at: number) =>
      add({ at, user, city: home, network: p.fixed, ip: p.officeIp, device: p.desktop }, true);
    let description = '';
    if (kind === 'impossible_travel') {
      quiet.set(user, [[anchor - HOUR, anchor + HOUR]]);
      victimLogin(anchor - 40 * MINUTE);
      const ip = ipIn(r, attacker.network.block);
      [0, 6, 14].forEach((m) =>
        add({ at: anchor + m * MINUTE, user, city: attackerCity, network: attacker.network, ip, device }, true),
      );
      description = `${user} logs in at ${home.name}, then 40 minutes later from ${attackerCity.name} (${Math.round(distanceKm(home, attackerCity))} km) on an unknown device`;
    } else if (kind === 'foreign_login') {
      quiet.set(user, [[anchor - 14 * HOUR, anchor + 2 * HOUR]]);
      victimLogin(anchor - 14 * HOUR);
      const ip = ipIn(r, attacker.network.block);
      [0, 12, 35].forEach((m) =>
        add({ at: anchor + m * MINUTE, user, city: attackerCity, network: attacker.network, ip, device }, true),
      );
      description = `${user} (${home.name}) logs in from ${attackerCity.name}, ${attackerCity.country}, a country never seen, on an unknown device, 14 hours after the last login`;
    } else if (kind === 'anonymizer') {
      quiet.set(user, [[anchor - 6 * HOUR, anchor + HOUR]]);
      victimLogin(anchor - 6 * HOUR);
      const tor = CITIES[TOR_EXITS.city];
      [0, 9].forEach((m) =>
        add(
          {
            at: anchor + m * MINUTE,
            user,
            city: tor,
            network: TOR_EXITS.network,
            ip: ipIn(r, TOR_EXITS.prefix),
            device,
            intelligenceCategory: 'anonymizer',
          },
          true,
        ),
      );
      description = `${user} logs in through Tor exit relays (${TOR_EXITS.cidrs[0]}, intelligence category "anonymizer")`;
    } else {
      quiet.set(user, [[anchor - HOUR, anchor + HOUR]]);
      const ip = ipIn(r, attacker.network.block);
      victimLogin(anchor - 6 * MINUTE);
      // The stolen session cookie replayed with the victim's own user agent, while the victim keeps working.
      [0, 15].forEach((m) =>
        add(
          { at: anchor + m * MINUTE, user, city: attackerCity, network: attacker.network, ip, device: p.desktop },
          true,
        ),
      );
      victimLogin(anchor + 22 * MINUTE);
      description = `${user}'s session is replayed from ${attackerCity.name} with the user's own browser, 6 minutes after a login at ${home.name}`;
    }
    scenarios.push({ kind, user, at: new Date(anchor).toISOString(), description, takeover: true });
  });

  // --- a password spray that finds one password ---------------------------------------------------------------
  // Low and slow, as sprays are run to stay under lockout policies: one attempt per user from one hosting address,
  // spread over three hours (the credential family's spray: at least sprayMinUsers users, few attempts each, over at
  // least an hour). A quarter of an hour after the last failure one of the sprayed accounts logs in from the sprayer:
  // the password it tried was right. That account is quiet around it (no login of its owner a flight away).
  const sprayed = order
    .slice(takeoverCount)
    .map((i) => profiles[i])
    .filter((p) => !p.trip && !p.newPhone)
    .slice(0, 30);
  if (days >= 3 && sprayed.length > 0) {
    const sprayer = ATTACKER_NETWORKS[4];
    const at = firstDay + (days - 3) * DAY + 3 * HOUR;
    const ip = ipIn(r, sprayer.network.block);
    const spacing = (3 * HOUR) / sprayed.length;
    sprayed.forEach((p, i) =>
      add(
        {
          at: at + Math.round(i * spacing) + r.int(0, 60) * 1000,
          user: p.user.name,
          city: CITIES[sprayer.city],
          network: sprayer.network,
          ip,
          device: ATTACKER_DEVICES[1],
          outcome: 'failure',
        },
        true,
      ),
    );
    const victim = sprayed[sprayed.length - 1];
    const success = at + 3 * HOUR + 15 * MINUTE;
    add(
      {
        at: success,
        user: victim.user.name,
        city: CITIES[sprayer.city],
        network: sprayer.network,
        ip,
        device: ATTACKER_DEVICES[1],
      },
      true,
    );
    quiet.set(victim.user.name, [[success - 12 * HOUR, success + 36 * HOUR]]);
    scenarios.push({
      kind: 'password_spray',
      user: victim.user.name,
      at: new Date(at).toISOString(),
      description:
        `a password spray on ${sprayed.length} users from ${ip} (${CITIES[sprayer.city].name}, ${sprayer.network.org}) ` +
        `over 3 hours, then ${victim.user.name} logs in from it: a compromised account`,
      takeover: true,
    });
  }

  // --- order, quiet periods, ids ----------------------------------------------------------------------------------
  // Everyday logins inside a user's scripted interval (trip, takeover) would contradict the story: drop them.
  const kept = logins.filter(
    (l) => scripted.has(l) || !(quiet.get(l.user) ?? []).some(([from, to]) => l.at >= from && l.at <= to),
  );
  kept.sort((a, b) => a.at - b.at || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  const events = kept.map((l, i): EcsLogin => toEcs(l, `demo-${seed}-${String(i).padStart(6, '0')}`));
  return {
    events,
    users: profiles.map((p) => p.user),
    scenarios: scenarios.sort((a, b) => a.at.localeCompare(b.at)),
    range: { from: kept[0]?.at ?? now, to: kept[kept.length - 1]?.at ?? now },
  };
}

export function toEcs(l: Login, id: string, dataset = 'buffalogs.demo'): EcsLogin {
  return {
    '@timestamp': new Date(l.at).toISOString(),
    event: {
      kind: 'event',
      category: ['authentication'],
      type: ['start'],
      action: 'user_login',
      outcome: l.outcome ?? 'success',
      id,
      dataset,
    },
    user: { name: l.user },
    source: {
      ip: l.ip,
      geo: {
        location: { lat: l.city.lat, lon: l.city.lon },
        country_iso_code: l.city.iso,
        country_name: l.city.country,
        ...(l.city.name ? { city_name: l.city.name } : {}),
      },
      as: { number: l.network.asn, organization: { name: l.network.org } },
      ...(l.intelligenceCategory ? { intelligence_category: l.intelligenceCategory } : {}),
    },
    user_agent: { original: l.device.userAgent },
  };
}

// --- CLI --------------------------------------------------------------------------------------------------------

export const GENERATOR_USAGE = `Usage: tsx scripts/demo/generate_logins.ts [--users N] [--days D] [--seed S] [--now ISO] [--out FILE]
Writes ECS authentication events as NDJSON (stdout, or FILE) and a summary of the planted scenarios to stderr.
Defaults: --users 40 --days 21 --seed 1 --now <the current time>.`;

export function parseGeneratorArgs(argv: readonly string[], wallClock: number): GenerateOptions & { out?: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if (!['--users', '--days', '--seed', '--now', '--out'].includes(name))
      throw new Error(`unknown option "${name}"\n${GENERATOR_USAGE}`);
    const value = argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value\n${GENERATOR_USAGE}`);
    values.set(name, value);
  }
  const int = (name: string, fallback: number) => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number, not "${text}"`);
    return n;
  };
  const nowText = values.get('--now');
  const now = nowText === undefined ? wallClock : Date.parse(nowText);
  if (Number.isNaN(now)) throw new Error(`--now must be an ISO 8601 time, not "${nowText}"`);
  return { users: int('--users', 40), days: int('--days', 21), seed: int('--seed', 1), now, out: values.get('--out') };
}

if (require.main === module) {
  try {
    const { out, ...options } = parseGeneratorArgs(process.argv.slice(2), Date.now());
    const sample = generateLogins(options);
    const text = sample.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    if (out) fs.writeFileSync(out, text);
    else process.stdout.write(text);
    process.stderr.write(`${sample.events.length} events, ${sample.users.length} users\n`);
    for (const s of sample.scenarios) process.stderr.write(`  ${s.at} ${s.kind}: ${s.description}\n`);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
}
