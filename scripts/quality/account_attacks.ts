/**
 * The labeled month's account attacks (issue 14's user-keyed classes) and its MFA traffic, planted AFTER everything
 * else from their own random stream: the month's other events, their labels and their ids stay exactly what they were
 * without them, so the login and credential families' figures stay comparable from one version to the next.
 *
 * Classes, each on `perClass` victims of their own (never a victim of another class), after the victim's learning
 * period:
 * - brute_force: one hosting address, 12–40 failures within 3–12 minutes, then the attacker's success 1–20 minutes
 *   after the last failure (the compromised account must be alerted: the success is the incident's login);
 * - brute_force_attempt: the same without success (caught by an alert on its failures: there is no login to alert);
 * - distributed_brute_force: 15–40 residential addresses of many countries (a botnet dodging per-address limits), one
 *   or two failures each over 20–50 minutes, then a success from one of them;
 * - mfa_fatigue: the attacker holds the password and sends pushes (Duo): 3–8 denied or unanswered within the hour, an
 *   approval, then the attacker's login.
 * MFA noise (benign): a quarter of the users approve a Duo push at each of their logins; 2 % of those logins follow a
 * stray push the user denied (one, or one denied and one unanswered: under the fatigue threshold of 3 on purpose).
 * MFA steps are Cisco Duo `cisco_duo.auth` documents (the shape of server/sources/duo.ts's fixture), labeled with
 * `step: 'mfa'`: they are second factors, neither logins nor failed logins in the benchmark's counts.
 */
import { ipIn, rng, type Rng } from '../demo/generate_logins';
import { ALL_CITIES, ATTACKER_DEVICES, HOSTING_NETWORKS, NETWORKS, type City, type Device } from '../demo/world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const ACCOUNT_ATTACK_CLASSES = [
  'brute_force',
  'brute_force_attempt',
  'distributed_brute_force',
  'mfa_fatigue',
] as const;
export type AccountAttackClass = (typeof ACCOUNT_ATTACK_CLASSES)[number];

/** Duo's reasons (server/sources/auth_values.ts) for each step the month writes. */
export type MfaReason = 'user_approved' | 'user_cancelled' | 'user_marked_fraud' | 'no_response';

/** What the generator gives this module: its own planned events, and how to add one. */
export interface AttackPlace {
  city: City;
  network: { asn: number; org: string; block: string };
  ip: string;
}
export interface PlannedStep extends AttackPlace {
  at: number;
  user: string;
  device: Device;
  outcome?: 'failure';
  label: string;
  confounders?: string[];
  incident?: string;
  mfa?: MfaReason;
}
export interface AccountIncident {
  id: string;
  class: AccountAttackClass;
  user: string;
  logins: PlannedStep[];
  attempts: PlannedStep[];
  description: string;
}

export interface AccountAttackInput {
  seed: number;
  /** Victims to draw from, in the generator's order, with when their learning period ends. */
  candidates: Array<{ name: string; learnedAt: number }>;
  perClass: number;
  /** The month's benign successful logins (for the MFA noise). */
  benignLogins: readonly PlannedStep[];
  end: number;
  emit: (step: PlannedStep) => PlannedStep | undefined;
}

const cityOf = (iso: string): City =>
  Object.values(ALL_CITIES).find((c) => c.iso === iso && c.name) ?? Object.values(ALL_CITIES)[0];

export function plantAccountAttacks(input: AccountAttackInput): AccountIncident[] {
  const { seed, candidates, perClass, benignLogins, end, emit } = input;
  // Its own stream: drawing here never shifts the generator's other draws.
  const r: Rng = rng((Math.imul(seed, 2654435761) ^ 0x5bd1e995) >>> 0);
  const order = candidates.map((_, i) => i).sort(() => r.next() - 0.5);
  const needed = perClass * ACCOUNT_ATTACK_CLASSES.length;
  if (order.length < needed) throw new Error(`only ${order.length} users are left as victims, ${needed} are needed`);
  let next = 0;
  const victims = (n: number) => order.slice(next, (next += n)).map((i) => candidates[i]);
  const startIn = (v: { learnedAt: number }, room: number) =>
    v.learnedAt + Math.floor(r.next() * Math.max(1, end - room - v.learnedAt));
  const hosting = (): AttackPlace => {
    const h = r.pick(HOSTING_NETWORKS);
    return { city: ALL_CITIES[h.city], network: h.network, ip: ipIn(r, h.network.block) };
  };
  const incidents: AccountIncident[] = [];
  const step = (s: PlannedStep) => emit(s);
  const incident = (
    cls: AccountAttackClass,
    user: string,
    logins: PlannedStep[],
    attempts: PlannedStep[],
    d: string,
  ) => {
    const id = `${cls}-${incidents.length + 1}`;
    for (const l of [...logins, ...attempts]) l.incident = id;
    incidents.push({ id, class: cls, user, logins, attempts, description: d });
  };
  const failures = (
    user: string,
    cls: AccountAttackClass,
    places: AttackPlace[],
    device: Device,
    n: number,
    t0: number,
    span: number,
  ) =>
    Array.from({ length: n }, (_, i) =>
      step({
        user,
        ...places[i % places.length],
        device,
        outcome: 'failure',
        label: `takeover:${cls}`,
        at: t0 + Math.floor((i / n) * span) + r.int(0, 5_000),
      }),
    ).filter((x): x is PlannedStep => x !== undefined);
  const success = (user: string, cls: AccountAttackClass, place: AttackPlace, device: Device, at: number) =>
    step({ user, ...place, device, label: `takeover:${cls}`, at });

  for (const withSuccess of [true, false]) {
    const cls: AccountAttackClass = withSuccess ? 'brute_force' : 'brute_force_attempt';
    for (const v of victims(perClass)) {
      const place = hosting();
      const device = r.pick(ATTACKER_DEVICES);
      const n = withSuccess ? r.int(12, 40) : r.int(12, 60);
      const span = r.int(withSuccess ? 3 : 4, withSuccess ? 12 : 14) * MINUTE;
      const t0 = startIn(v, 3 * HOUR);
      const attempts = failures(v.name, cls, [place], device, n, t0, span);
      const last = attempts[attempts.length - 1].at;
      const logins: PlannedStep[] = [];
      if (withSuccess) {
        const first = success(v.name, cls, place, device, last + r.int(1, 20) * MINUTE);
        if (first) logins.push(first);
        if (first && r.chance(0.5)) {
          const again = success(v.name, cls, place, device, first.at + r.int(2, 30) * MINUTE);
          if (again) logins.push(again);
        }
      }
      incident(
        cls,
        v.name,
        logins,
        attempts,
        `${v.name}: ${n} failed logins from ${place.ip} (AS${place.network.asn}) in ${span / MINUTE} min` +
          (withSuccess ? ', then the attacker logged in' : ', no success'),
      );
    }
  }

  for (const v of victims(perClass)) {
    const isos = Object.keys(NETWORKS);
    const places: AttackPlace[] = Array.from({ length: r.int(15, 40) }, () => {
      const iso = r.pick(isos);
      const network = r.pick(NETWORKS[iso].fixed);
      return { city: cityOf(iso), network, ip: ipIn(r, network.block) };
    });
    const device = r.pick(ATTACKER_DEVICES);
    const n = places.length * r.int(1, 2);
    const span = r.int(20, 50) * MINUTE;
    const t0 = startIn(v, 3 * HOUR);
    const attempts = failures(v.name, 'distributed_brute_force', places, device, n, t0, span);
    const last = attempts[attempts.length - 1].at;
    const login = success(v.name, 'distributed_brute_force', r.pick(places), device, last + r.int(1, 15) * MINUTE);
    incident(
      'distributed_brute_force',
      v.name,
      login ? [login] : [],
      attempts,
      `${v.name}: ${n} failed logins from ${places.length} residential addresses in ${span / MINUTE} min, then a success`,
    );
  }

  for (const v of victims(perClass)) {
    const place = hosting();
    const device = r.pick(ATTACKER_DEVICES);
    const prompts = r.int(3, 8);
    let t = startIn(v, 2 * HOUR);
    const attempts: PlannedStep[] = [];
    for (let k = 0; k < prompts; k++) {
      const reason: MfaReason = r.chance(0.6) ? 'no_response' : r.chance(0.8) ? 'user_cancelled' : 'user_marked_fraud';
      const s = step({ user: v.name, ...place, device, label: 'takeover:mfa_fatigue', mfa: reason, at: t });
      if (s) attempts.push(s);
      t += r.int(1, 6) * MINUTE;
    }
    const approve = step({
      user: v.name,
      ...place,
      device,
      label: 'takeover:mfa_fatigue',
      mfa: 'user_approved',
      at: t,
    });
    const login = success(v.name, 'mfa_fatigue', place, device, t + r.int(5, 60) * 1000);
    incident(
      'mfa_fatigue',
      v.name,
      [approve, login].filter((x): x is PlannedStep => x !== undefined),
      attempts,
      `${v.name}: ${prompts} Duo pushes denied or unanswered from ${place.ip}, then approved and the attacker logged in`,
    );
  }

  // MFA noise: Duo pushes on a quarter of the users' own logins, and now and then a stray one denied.
  const duoUsers = new Set(candidates.filter(() => r.chance(0.25)).map((c) => c.name));
  for (const l of benignLogins) {
    if (!duoUsers.has(l.user)) continue;
    const own = { user: l.user, city: l.city, network: l.network, ip: l.ip, device: l.device };
    const benign = { label: 'benign:mfa_noise', confounders: ['mfa_noise'] };
    if (r.chance(0.02)) {
      const before = l.at - r.int(2, 50) * MINUTE;
      step({ ...own, ...benign, mfa: r.chance(0.7) ? 'user_cancelled' : 'user_marked_fraud', at: before });
      if (r.chance(0.15)) step({ ...own, ...benign, mfa: 'no_response', at: before + r.int(1, 90) * 1000 });
    }
    step({ ...own, ...benign, mfa: 'user_approved', at: l.at + r.int(5, 40) * 1000 });
  }
  return incidents;
}
