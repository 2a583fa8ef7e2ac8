import { distanceKm } from '../demo/generate_logins';
import type { LabeledEvent as EcsLogin } from './generate_labeled';
import { normaliseCredential } from '../../server/families/credential/events';
import {
  CONFOUNDERS,
  DEFAULT_START,
  LEARNING_DAYS,
  TAKEOVER_CLASSES,
  generateLabeledMonth,
  parseLabeledArgs,
  parseLabelsFile,
  toLabelsFile,
} from './generate_labeled';

const DAY = 86_400_000;
const small = { users: 150, days: 21, seed: 4, start: DEFAULT_START, takeoversPerClass: 2 };
const month = generateLabeledMonth(small);
/** The default month the benchmark measures (1,000 users × 30 days), generated once. */
const full = generateLabeledMonth({ users: 1000, days: 30, seed: 1, start: DEFAULT_START });
const at = (e: EcsLogin) => Date.parse(e['@timestamp']);

test('the same options give the same events, labels and incidents; another seed gives others', () => {
  const again = generateLabeledMonth(small);
  expect(again.events).toEqual(month.events);
  expect([...again.labels]).toEqual([...month.labels]);
  expect(again.incidents).toEqual(month.incidents);
  const other = generateLabeledMonth({ ...small, seed: 5 });
  expect(other.events).not.toEqual(month.events);
});

test('every event has exactly one label, kept outside the event; ids are unique; events stay in the month', () => {
  for (const m of [month, full]) {
    const ids = m.events.map((e) => e.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(m.labels.size).toBe(ids.length);
    // Plain loops, one assertion each: an expect per event is slow over 70,000 events.
    expect(ids.filter((id) => !/^(benign|takeover):/.test(m.labels.get(id)?.label ?? ''))).toEqual([]);
    const end = DEFAULT_START + m.options.days * DAY;
    expect(m.events.filter((e) => at(e) < DEFAULT_START || at(e) >= end)).toEqual([]);
  }
  // Nothing in an event tells the detector what it is.
  expect(full.events.filter((e) => /takeover|benign|incident|confounder/.test(JSON.stringify(e)))).toEqual([]);
});

test('each takeover class is planted the asked number of times, on distinct victims, after their learning period', () => {
  for (const m of [month, full]) {
    const perClass = m.options.takeoversPerClass!;
    for (const cls of TAKEOVER_CLASSES) expect(m.incidents.filter((i) => i.class === cls)).toHaveLength(perClass);
    expect(new Set(m.incidents.map((i) => i.user)).size).toBe(m.incidents.length);
    const byId = new Map(m.events.map((e) => [e.event.id, e]));
    const firstLogin = new Map<string, number>();
    for (const e of m.events)
      if (
        e.event.outcome === 'success' &&
        m.labels.get(e.event.id)!.label.startsWith('benign:') &&
        !firstLogin.has(e.user.name)
      )
        firstLogin.set(e.user.name, at(e));
    for (const i of m.incidents) {
      if (i.class === 'brute_force_attempt') expect(i.logins).toEqual([]);
      else expect(i.logins.length).toBeGreaterThan(0);
      for (const id of i.logins) {
        const e = byId.get(id)!;
        expect(e.user.name).toBe(i.user);
        expect(e.event.outcome).toBe('success');
        const step = 'cisco_duo' in e ? { step: 'mfa' } : {};
        expect(m.labels.get(id)).toEqual({ label: `takeover:${i.class}`, incident: i.id, ...step });
        expect(at(e) - firstLogin.get(i.user)!).toBeGreaterThanOrEqual(LEARNING_DAYS * DAY);
      }
    }
  }
  expect(full.options.takeoversPerClass).toBe(10);
});

test('the default month holds every confounder, and failures of every kind', () => {
  const counts = new Map<string, number>();
  for (const l of full.labels.values()) counts.set(l.label, (counts.get(l.label) ?? 0) + 1);
  for (const c of CONFOUNDERS) expect(counts.get(`benign:${c}`) ?? 0).toBeGreaterThan(50);
  const failures = full.events.filter((e) => e.event.outcome === 'failure');
  const labelOf = (e: EcsLogin) => full.labels.get(e.event.id)!.label;
  expect(failures.filter((e) => labelOf(e) === 'benign:failed_password').length).toBeGreaterThan(1000);
  expect(failures.filter((e) => labelOf(e) === 'takeover:credential_stuffing').length).toBeGreaterThan(300);
  expect(failures.filter((e) => labelOf(e) === 'takeover:password_spray').length).toBeGreaterThan(1000);
  // A shared office NAT: one address many users log in from.
  const usersByIp = new Map<string, Set<string>>();
  for (const e of full.events) {
    if (labelOf(e) !== 'benign:shared_egress') continue;
    if (!usersByIp.has(e.source.ip)) usersByIp.set(e.source.ip, new Set());
    usersByIp.get(e.source.ip)!.add(e.user.name);
  }
  expect(Math.max(...[...usersByIp.values()].map((s) => s.size))).toBeGreaterThan(50);
});

test('credential attacks: stuffing from one address over many names, spray one try per user from a few addresses', () => {
  const attempts = (cls: string) => {
    const byAttack = new Map<string, EcsLogin[]>();
    for (const e of full.events) {
      const l = full.labels.get(e.event.id)!;
      if (l.label !== `takeover:${cls}` || e.event.outcome !== 'failure') continue;
      if (!byAttack.has(l.incident!)) byAttack.set(l.incident!, []);
      byAttack.get(l.incident!)!.push(e);
    }
    return [...byAttack.values()];
  };
  const stuffing = attempts('credential_stuffing');
  expect(stuffing.length).toBeGreaterThan(1);
  for (const a of stuffing) {
    expect(new Set(a.map((e) => e.source.ip)).size).toBe(1);
    expect(new Set(a.map((e) => e.user.name)).size).toBeGreaterThan(100);
    expect(at(a[a.length - 1]) - at(a[0])).toBeLessThan(3_600_000);
  }
  for (const a of attempts('password_spray')) {
    const ips = new Set(a.map((e) => e.source.ip));
    expect(ips.size).toBeGreaterThanOrEqual(2);
    expect(ips.size).toBeLessThanOrEqual(5);
    expect(new Set(a.map((e) => e.user.name)).size).toBe(a.length);
    expect(new Set(a.map((e) => e.source.as.number)).size).toBe(1);
  }
  // The successes come from the attack's addresses.
  for (const i of full.incidents.filter((x) => x.attack)) {
    const attackIps = new Set(
      full.events.filter((e) => full.labels.get(e.event.id)!.incident === i.attack).map((e) => e.source.ip),
    );
    for (const id of i.logins) expect(attackIps.has(full.events.find((e) => e.event.id === id)!.source.ip)).toBe(true);
  }
});

test('session replay: the victim’s exact agent, from another country, minutes after the victim’s own login', () => {
  for (const i of full.incidents.filter((x) => x.class === 'session_replay')) {
    const logins = full.events.filter((e) => e.user.name === i.user && e.event.outcome === 'success');
    const k = logins.findIndex((e) => e.event.id === i.logins[0]);
    const [victim, attacker] = [logins[k - 1], logins[k]];
    expect(full.labels.get(victim.event.id)!.label).toMatch(/^benign:/);
    expect(attacker.user_agent.original).toBe(victim.user_agent.original);
    expect(attacker.source.geo.country_iso_code).not.toBe(victim.source.geo.country_iso_code);
    expect(at(attacker) - at(victim)).toBeLessThanOrEqual(25 * 60_000);
  }
});

test('flights move at an airliner’s speed at most, between airports with their names', () => {
  const place = (e: EcsLogin) => ({ ...e.source.geo.location, name: '', iso: '', country: '', utcOffset: 0 });
  const trips = new Map<string, EcsLogin[]>();
  for (const e of full.events) {
    if (full.labels.get(e.event.id)!.label !== 'benign:flight') continue;
    if (!trips.has(e.user.name)) trips.set(e.user.name, []);
    trips.get(e.user.name)!.push(e);
  }
  let legs = 0;
  const tooFast: string[] = [];
  for (const trip of trips.values()) {
    for (let k = 1; k < trip.length; k++) {
      const hours = (at(trip[k]) - at(trip[k - 1])) / 3_600_000;
      if (distanceKm(place(trip[k - 1]), place(trip[k])) / hours >= 900) tooFast.push(trip[k].event.id);
      legs++;
    }
  }
  expect(tooFast).toEqual([]);
  expect(legs).toBeGreaterThan(100);
  expect(full.events.some((e) => e.source.geo.city_name === 'John F. Kennedy International Airport')).toBe(true);
});

test('the labels file round-trips, and a hostile one is refused', () => {
  const text = JSON.stringify(toLabelsFile(month));
  const back = parseLabelsFile(text);
  expect([...back.labels]).toEqual([...month.labels]);
  expect(back.incidents).toEqual(month.incidents);
  expect(() => parseLabelsFile('{')).toThrow('not JSON');
  expect(() => parseLabelsFile('{"labels":{"x":{"label":"takeover:other"}},"incidents":[]}')).toThrow('event "x"');
  const proto = parseLabelsFile('{"labels":{"__proto__":{"label":"benign:routine"}},"incidents":[]}');
  expect(proto.labels.get('__proto__')).toEqual({ label: 'benign:routine' });
  expect(({} as Record<string, unknown>).label).toBeUndefined();
});

test('the command line: defaults, values and clear errors', () => {
  expect(parseLabeledArgs([])).toMatchObject({ users: 1000, days: 30, seed: 1, start: DEFAULT_START });
  expect(
    parseLabeledArgs(['--users', '50', '--seed', '3', '--start', '2026-01-05', '--takeovers-per-class', '1']),
  ).toMatchObject({
    users: 50,
    seed: 3,
    start: Date.parse('2026-01-05T00:00:00Z'),
    takeoversPerClass: 1,
  });
  expect(() => parseLabeledArgs(['--users', '1e3'])).toThrow('--users must be a whole number');
  expect(() => parseLabeledArgs(['--start', 'yesterday'])).toThrow('--start must be a date');
  expect(() => parseLabeledArgs(['--bogus', '1'])).toThrow('unknown option "--bogus"');
  expect(() => generateLabeledMonth({ ...small, days: 10 })).toThrow('--days must be a whole number from 16');
  expect(() => generateLabeledMonth({ ...small, takeoversPerClass: 40 })).toThrow('--takeovers-per-class');
});

describe('account attacks and MFA noise (the user-keyed family’s month)', () => {
  const MIN = 60_000;
  const byId = new Map(full.events.map((e) => [e.event.id, e]));
  const events = (ids: readonly string[] = []) => ids.map((id) => byId.get(id)!);
  const ofClass = (cls: string) => full.incidents.filter((i) => i.class === cls);

  test('they are added without changing anything else: same events, ids, labels and incidents without them', () => {
    const without = generateLabeledMonth({ ...small, accountAttacks: false });
    const added = (id: string) => /^q\d+-a/.test(id);
    expect(month.events.filter((e) => !added(e.event.id))).toEqual(without.events);
    expect([...month.labels].filter(([id]) => !added(id))).toEqual([...without.labels]);
    expect(month.incidents.filter((i) => !i.attempts)).toEqual(without.incidents);
    expect(month.events.filter((e) => added(e.event.id)).length).toBeGreaterThan(100);
  });

  test('brute force: ≥ 10 failures within 15 min from one address; the success (or none) after the last', () => {
    for (const cls of ['brute_force', 'brute_force_attempt']) {
      expect(ofClass(cls)).toHaveLength(10);
      for (const i of ofClass(cls)) {
        const tries = events(i.attempts);
        expect(tries.every((e) => e.event.outcome === 'failure' && e.user.name === i.user)).toBe(true);
        expect(tries.length).toBeGreaterThanOrEqual(12);
        expect(new Set(tries.map((e) => e.source.ip)).size).toBe(1);
        expect(at(tries[tries.length - 1]) - at(tries[0])).toBeLessThan(15 * MIN);
        const logins = events(i.logins);
        if (cls === 'brute_force_attempt') expect(logins).toEqual([]);
        else {
          expect(logins[0].source.ip).toBe(tries[0].source.ip);
          const after = at(logins[0]) - at(tries[tries.length - 1]);
          expect(after).toBeGreaterThan(0);
          expect(after).toBeLessThanOrEqual(20 * MIN);
        }
      }
    }
  });

  test('distributed brute force: ≥ 15 addresses within the hour, then a success from one of them', () => {
    for (const i of ofClass('distributed_brute_force')) {
      const tries = events(i.attempts);
      const ips = new Set(tries.map((e) => e.source.ip));
      expect(ips.size).toBeGreaterThanOrEqual(15);
      expect(at(tries[tries.length - 1]) - at(tries[0])).toBeLessThan(60 * MIN);
      expect(ips.has(events(i.logins)[0].source.ip)).toBe(true);
    }
  });

  test('MFA fatigue: ≥ 3 Duo pushes denied or unanswered within the hour, an approval, then the attacker’s login', () => {
    for (const i of ofClass('mfa_fatigue')) {
      const prompts = events(i.attempts);
      expect(prompts.length).toBeGreaterThanOrEqual(3);
      const [approve, login] = events(i.logins);
      expect(at(approve) - at(prompts[0])).toBeLessThan(60 * MIN);
      for (const e of [...prompts, approve]) {
        const n = normaliseCredential(e, 'q', e.event.id);
        // The source table (server/sources/duo.ts) reads them as MFA steps, as the family will.
        expect(n.ok && n.event.kind === 'mfa' ? n.event.mfa : n).toEqual(
          e === approve ? 'approve' : expect.stringMatching(/^(deny|timeout)$/),
        );
      }
      expect('cisco_duo' in login).toBe(false);
      expect(login.source.ip).toBe(approve.source.ip);
    }
  });

  test('MFA noise: Duo pushes on benign logins, stray denials now and then, never 3 before an approval within the hour', () => {
    const steps = full.events.filter((e) => full.labels.get(e.event.id)!.label === 'benign:mfa_noise');
    expect(steps.every((e) => full.labels.get(e.event.id)!.step === 'mfa' && 'cisco_duo' in e)).toBe(true);
    const denied = steps.filter((e) => e.event.outcome === 'failure');
    expect(denied.length).toBeGreaterThan(50);
    const byUser = new Map<string, typeof steps>();
    for (const e of steps) byUser.set(e.user.name, [...(byUser.get(e.user.name) ?? []), e]);
    let worst = 0;
    for (const list of byUser.values())
      list.forEach((e, k) => {
        if (e.event.outcome !== 'success') return;
        const before = list.slice(0, k).filter((d) => d.event.outcome === 'failure' && at(e) - at(d) < 60 * MIN);
        worst = Math.max(worst, before.length);
      });
    expect(worst).toBeGreaterThanOrEqual(1);
    expect(worst).toBeLessThan(3);
  });
});
