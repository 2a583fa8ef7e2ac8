import { distanceKm, generateLogins, parseGeneratorArgs, type EcsLogin } from './generate_logins';
import { DEFAULT_CREDENTIAL_THRESHOLDS } from '../../server/families/credential/config';
import { replayEvents } from '../../server/families/credential/events';
import { judgeSources } from '../../server/families/credential/judge';
import { CITIES, CORPORATE_VPN, TOR_EXITS } from './world';

const NOW = Date.parse('2026-03-18T11:30:00Z');
const sample = generateLogins({ users: 40, days: 21, seed: 7, now: NOW });
const successes = sample.events.filter((e) => e.event.outcome === 'success');
const byUser = (name: string) => successes.filter((e) => e.user.name === name);
const at = (e: EcsLogin) => Date.parse(e['@timestamp']);
const speedKmh = (a: EcsLogin, b: EcsLogin) => {
  const place = (e: EcsLogin) => ({ ...e.source.geo.location, name: '', iso: '', country: '', utcOffset: 0 });
  return distanceKm(place(a), place(b)) / ((at(b) - at(a)) / 3_600_000);
};
const isVpn = (e: EcsLogin) => e.source.as.number === CORPORATE_VPN.network.asn;
const isMobile = (e: EcsLogin) => /iPhone|Android/.test(e.user_agent.original);

test('the same seed and clock give the same events; another seed gives others', () => {
  expect(generateLogins({ users: 40, days: 21, seed: 7, now: NOW })).toEqual(sample);
  expect(generateLogins({ users: 40, days: 21, seed: 8, now: NOW }).events).not.toEqual(sample.events);
});

test('every event is an ECS authentication start with a located, attributed source; ids are unique', () => {
  expect(sample.users).toHaveLength(40);
  expect(new Set(sample.events.map((e) => e.event.id)).size).toBe(sample.events.length);
  for (const e of sample.events) {
    expect(e.event.category).toEqual(['authentication']);
    expect(e.event.type).toEqual(['start']);
    expect(e.source.ip).toMatch(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
    expect(e.source.geo.country_iso_code).toMatch(/^[A-Z]{2}$/);
    expect(e.source.geo.country_name.length).toBeGreaterThan(2);
    expect(e.source.as.number).toBeGreaterThan(0);
    expect(e.user_agent.original.length).toBeGreaterThan(10);
  }
  expect(sample.events.some((e) => e.event.outcome === 'failure')).toBe(true);
});

test('the sample spans the days asked for and ends just before now, with logins today', () => {
  const first = at(sample.events[0]);
  const last = at(sample.events[sample.events.length - 1]);
  expect(NOW - first).toBeGreaterThan(19 * 86_400_000);
  expect(NOW - first).toBeLessThanOrEqual(21 * 86_400_000);
  expect(last).toBeLessThan(NOW - 2 * 60_000);
  expect(successes.filter((e) => at(e) >= Date.parse('2026-03-18T00:00:00Z')).length).toBeGreaterThan(10);
});

test('a handful of takeovers of each kind, all after the victims’ first week of logins', () => {
  const takeovers = sample.scenarios.filter((s) => s.takeover);
  expect(takeovers.map((s) => s.kind).sort()).toEqual(
    ['anonymizer', 'foreign_login', 'impossible_travel', 'impossible_travel', 'password_spray', 'token_replay'].sort(),
  );
  for (const s of takeovers) {
    const firstLogin = at(byUser(s.user)[0]);
    expect(Date.parse(s.at) - firstLogin).toBeGreaterThan(7 * 86_400_000);
  }
  const tor = successes.filter((e) => e.source.intelligence_category === 'anonymizer');
  expect(tor.length).toBeGreaterThan(0);
  for (const e of tor) expect(e.source.ip.startsWith(TOR_EXITS.prefix)).toBe(true);
});

test('token replay: the victim’s own user agent from another continent minutes after the victim', () => {
  const replay = sample.scenarios.find((s) => s.kind === 'token_replay')!;
  const logins = byUser(replay.user);
  const i = logins.findIndex((e) => at(e) === Date.parse(replay.at));
  const [victim, attacker] = [logins[i - 1], logins[i]];
  expect(attacker.user_agent.original).toBe(victim.user_agent.original);
  expect(at(attacker) - at(victim)).toBeLessThanOrEqual(10 * 60_000);
  expect(speedKmh(victim, attacker)).toBeGreaterThan(5000);
});

test('everyday logins and business trips never move faster than an airliner, except on mobile noise or VPN', () => {
  const victims = new Set(sample.scenarios.filter((s) => s.takeover).map((s) => s.user));
  const trips = sample.scenarios.filter((s) => s.kind === 'business_trip');
  expect(trips.length).toBeGreaterThan(0);
  for (const { name } of sample.users.filter((u) => !victims.has(u.name))) {
    // Compare located, non-mobile, non-VPN logins, as the default profile does after its noise rules.
    const fixed = byUser(name).filter((e) => !isVpn(e) && !isMobile(e));
    for (let k = 1; k < fixed.length; k++) expect(speedKmh(fixed[k - 1], fixed[k])).toBeLessThanOrEqual(900);
  }
});

test('mobile carrier noise stays inside the home country; VPN egress is in the allow-listed ranges', () => {
  for (const e of successes.filter(isMobile)) {
    const user = sample.users.find((u) => u.name === e.user.name)!;
    const trip = sample.scenarios.some((s) => s.kind === 'business_trip' && s.user === user.name);
    if (!trip) expect(e.source.geo.country_iso_code).toBe(CITIES[user.home].iso);
  }
  const vpn = successes.filter(isVpn);
  expect(vpn.length).toBeGreaterThan(0);
  for (const e of vpn) expect(CORPORATE_VPN.egress.some((g) => e.source.ip.startsWith(g.prefix))).toBe(true);
});

test('the command line: defaults, values and clear errors', () => {
  expect(parseGeneratorArgs([], NOW)).toEqual({ users: 40, days: 21, seed: 1, now: NOW, out: undefined });
  expect(
    parseGeneratorArgs(['--users', '5', '--days', '3', '--seed', '9', '--now', '2026-01-01T00:00:00Z'], NOW),
  ).toMatchObject({
    users: 5,
    days: 3,
    seed: 9,
    now: Date.parse('2026-01-01T00:00:00Z'),
  });
  expect(() => parseGeneratorArgs(['--users', 'x'], NOW)).toThrow('--users must be a whole number, not "x"');
  expect(() => parseGeneratorArgs(['--bogus', '1'], NOW)).toThrow('unknown option "--bogus"');
  expect(() => generateLogins({ users: 0, days: 3, seed: 1, now: NOW })).toThrow('--users must be a whole number ≥ 1');
});

test('the spray is one the credential family alerts on, and its success a compromised account', () => {
  const spray = sample.scenarios.find((s) => s.kind === 'password_spray')!;
  const { alerts } = judgeSources(
    replayEvents(sample.events as unknown as Array<Record<string, unknown>>),
    new Map(),
    DEFAULT_CREDENTIAL_THRESHOLDS,
    NOW,
  );
  const attack = alerts.filter((a) => (a.buffalogs.evidence as { kind: string }).kind !== 'trusted_source');
  expect(attack.map((a) => [a.rule.id, (a.buffalogs.evidence as { kind: string }).kind, a.user?.name])).toEqual([
    // The attack is the address's: it names none of the users it tried (14b9201).
    ['password_spray', 'credential_attack', undefined],
    ['password_spray', 'compromised_account', spray.user],
  ]);
  // Only the spray: the everyday typos of the users' own addresses are not attacks.
  expect(new Set(attack.map((a) => a.buffalogs.entity!.value)).size).toBe(1);
});
