import type { VerdictEvidence, VerdictSignal } from '../../../common/alert_document';
import { profileDefaults } from '../../../common/detection_config';
import {
  HOME,
  PLACE,
  UA,
  config,
  homeHistory,
  login,
  newYorkLogin,
  oldUserState,
  phishedLogin,
  run,
  verdictConfig,
} from '../test_fixtures';
import type { LoginEvent } from '../types';
import { upgradeOf } from './judge';
import { PopulationContext } from './population_context';
import { loginSignals, verdictScore, verdictWhy, type LoginFacts } from './signals';

// The parsed device kind (the fixtures' agents carry only their fingerprint): what carrier learning reads.
const PHONE = { ...UA.iphone, device: 'mobile' };
const ANDROID = { ...UA.androidChrome, device: 'mobile' };
const DESKTOP = { ...UA.win10Chrome, device: 'desktop' };
const V = profileDefaults('default').verdict;
const novelty = (field: string, value: string) => ({
  kind: 'novelty' as const,
  field,
  value,
  known: ['x'],
  known_count: 1,
});
const base: LoginFacts = { knownDevice: false, ownNetwork: false };
const ids = (f: Partial<LoginFacts>) => loginSignals({ ...base, ...f }, V).map((s) => [s.id, s.weight]);

describe('signals, one at a time', () => {
  test('a new device alone is a signal below the threshold; an OS update weighs less', () => {
    expect(ids({ newDevice: novelty('device_fingerprint', 'ios-18-mobile-mobilesafari') })).toEqual([
      ['new_device', 30],
    ]);
    expect(
      ids({
        newDevice: novelty('device_fingerprint', 'android-14-mobile-chrome'),
        upgradeOf: 'android-13-mobile-chrome',
      }),
    ).toEqual([['device_upgrade', 10]]);
    expect(upgradeOf('android-14-mobile-chrome', ['android-13-mobile-chrome'])).toBe('android-13-mobile-chrome');
    expect(upgradeOf('windows-10-desktop-chrome', ['android-13-mobile-chrome'])).toBeUndefined();
  });

  test("the organisation's network makes place novelty weigh nothing, and says so", () => {
    const org = { kind: 'prefix' as const, value: '165.225.72.0/24', users: 10, saturated: true };
    const s = loginSignals(
      { ...base, orgHere: org, newCountry: novelty('country', 'DE'), newNetwork: novelty('asn', '53813') },
      V,
    );
    expect(s.map((x) => [x.id, x.weight])).toEqual([
      ['new_network', 0],
      ['new_country', 0],
    ]);
    expect(s[1].reason).toContain("from the organisation's network 165.225.72.0/24 (10+ users)");
  });

  test('a known device arriving at a plausible speed is a traveller: place novelty weighs a fifth', () => {
    const journey = { distanceKm: 9000, elapsedMs: 14 * 3_600_000, plausible: true, sameCountry: false };
    expect(
      ids({ knownDevice: true, journey, newCountry: novelty('country', 'JP'), newNetwork: novelty('asn', '4713') }),
    ).toEqual([
      ['new_network', 4],
      ['new_country', 5],
    ]);
  });

  test('rarity adds weight scaled by how few colleagues use the place, only with enough population', () => {
    const rarity = (others: number, population: number) => ({
      users: others,
      others,
      population,
      share: others / population,
    });
    expect(
      ids({ newCountry: novelty('country', 'NG'), countryRarity: { value: 'NG', rarity: rarity(0, 999) } }),
    ).toEqual([
      ['new_country', 25],
      ['rare_country', 15],
    ]);
    expect(
      ids({ newCountry: novelty('country', 'NG'), countryRarity: { value: 'NG', rarity: rarity(5, 999) } }),
    ).toEqual([
      ['new_country', 25],
      ['rare_country', 7.5],
    ]);
    expect(
      ids({ newCountry: novelty('country', 'NG'), countryRarity: { value: 'NG', rarity: rarity(0, 20) } }),
    ).toEqual([['new_country', 25]]);
  });

  test('impossible travel: inside a country ×0.3, on the own network with a known device ×0.2, from the org egress 0', () => {
    const travel = {
      kind: 'travel' as const,
      from: { timestamp: 't' },
      to: { timestamp: 't' },
      distance_km: 800,
      effective_distance_km: 800,
      elapsed_seconds: 600,
      speed_kmh: 4800,
      speed_threshold_kmh: 900,
      distance_threshold_km: 500,
    };
    const journey = { distanceKm: 800, elapsedMs: 600_000, plausible: false, sameCountry: true };
    expect(ids({ travel, journey })).toEqual([['impossible_travel', 9]]);
    expect(ids({ travel, journey: { ...journey, sameCountry: false }, knownDevice: true, ownNetwork: true })).toEqual([
      ['impossible_travel', 6],
    ]);
    const org = { kind: 'prefix' as const, value: '93.34.200.0/24', users: 12, saturated: false };
    expect(ids({ travel, journey, orgFrom: org })).toEqual([['impossible_travel', 0]]);
  });
});

describe("stolen session: the previous login on the organisation's network", () => {
  const session = {
    kind: 'session' as const,
    device: 'windows-10-desktop-firefox',
    from: { timestamp: 't' },
    to: { timestamp: 't' },
    distance_km: 638,
    elapsed_seconds: 780,
    new_network: 'AS24940',
  };
  const journey = { distanceKm: 638, elapsedMs: 780_000, plausible: false, sameCountry: false };
  const office = { kind: 'prefix' as const, value: '90.10.77.0/24', users: 10, saturated: true };
  const egress = { ...office, value: '165.225.72.0/24', egressUsers: 3 };
  const stolen = (f: Partial<LoginFacts>) =>
    loginSignals({ ...base, knownDevice: true, session, journey, ...f }, V).find((x) => x.id === 'stolen_session');

  test("from an office's NAT, where the person was, the session leaving it within minutes weighs in full", () => {
    expect(stolen({})?.weight).toBe(V.weightStolenSession);
    const s = stolen({ orgFrom: office });
    expect(s?.weight).toBe(V.weightStolenSession);
    expect(s?.context).toBeUndefined();
    // With the new network it is an alert on its own: the replay of bench:quality seed 5 (Paris office → Hetzner).
    const all = loginSignals(
      { ...base, knownDevice: true, session, journey, orgFrom: office, newNetwork: novelty('asn', '24940') },
      V,
    );
    expect(verdictScore(all)).toBeGreaterThanOrEqual(V.alertThreshold);
  });

  test('from an egress colleagues reach from abroad within minutes (a VPN concentrator), it weighs half, and says why', () => {
    const s = stolen({ orgFrom: egress });
    expect(s?.weight).toBe(V.weightStolenSession / 2);
    expect(s?.reason).toContain(
      "the previous login was from the organisation's network 165.225.72.0/24 (10+ users), an egress 3+ colleagues reached from other countries faster than any journey",
    );
    // Leaving the VPN for the user's own phone network: new network + halved session stays an observation.
    const all = loginSignals(
      { ...base, knownDevice: true, session, journey, orgFrom: egress, newNetwork: novelty('asn', '30722') },
      V,
    );
    expect(verdictScore(all)).toBeLessThan(V.alertThreshold);
  });

  test("from the organisation's network itself it is no signal; inside one country it weighs sameCountryTravelFactor", () => {
    expect(stolen({ orgHere: office })).toBeUndefined();
    const sameCountry = { ...journey, sameCountry: true };
    expect(stolen({ journey: sameCountry })?.weight).toBe(V.weightStolenSession * V.sameCountryTravelFactor);
    expect(stolen({ journey: sameCountry, orgFrom: office })?.weight).toBe(
      V.weightStolenSession * V.sameCountryTravelFactor,
    );
    // The egress's country is not the person's: a replay from a host in the VPN's own country (Frankfurt egress, then
    // a German host) is halved once, not also taken for GeoIP jitter inside one country.
    const s = stolen({ journey: sameCountry, orgFrom: egress });
    expect(s?.weight).toBe(V.weightStolenSession / 2);
    expect(s?.context).toHaveLength(1);
  });

  test("a session leaving a VPN service's rotating exit is halved like one leaving an egress, never taken for GeoIP jitter inside one country", () => {
    // bench:quality seed 10: the victim's own NordVPN exit in Frankfurt, then their browser on a Nuremberg host.
    const exit = { value: '185.65.135.0/24', users: 10, rotating: 8 };
    const s = stolen({ journey: { ...journey, sameCountry: true }, exitFrom: exit });
    expect(s?.weight).toBe(V.weightStolenSession / 2);
    expect(s?.context).toEqual([
      "the previous login was from 185.65.135.0/24, a VPN service's exit, not the organisation's network (8 of its 10 colleagues rotate between it and another exit abroad)",
    ]);
  });
});

describe("a VPN service's rotating exit: not the organisation's network, and said so", () => {
  const exit = { value: '185.65.135.0/24', users: 10, rotating: 8 };

  test('place signals from it weigh in full, and their reason says why the network is not trusted', () => {
    const s = loginSignals({ ...base, exitHere: exit, newNetwork: novelty('asn', '39351') }, V);
    expect(s.map((x) => [x.id, x.weight])).toEqual([['new_network', V.weightNewNetwork]]);
    expect(s[0].reason).toContain(
      "from 185.65.135.0/24, a VPN service's exit, not the organisation's network (8 of its 10 colleagues rotate between it and another exit abroad)",
    );
  });
});

describe('unfamiliar address', () => {
  test('a browser the user never used from a range the user never used weighs weightUnfamiliarAddress, and says so', () => {
    const s = loginSignals({ ...base, unfamiliarAddress: novelty('address_prefix', '79.20.252.0/24') }, V);
    expect(s.map((x) => [x.id, x.weight])).toEqual([['unfamiliar_address', V.weightUnfamiliarAddress]]);
    expect(s[0].reason).toContain('from 79.20.252.0/24, an address range the user never used');
    // With the new device it is the phisher's signature: the two reach the threshold together, neither alone.
    const both = loginSignals(
      {
        ...base,
        newDevice: novelty('device_fingerprint', 'windows-10-desktop-chrome'),
        unfamiliarAddress: novelty('address_prefix', '79.20.252.0/24'),
      },
      V,
    );
    expect(verdictScore(both)).toBeGreaterThanOrEqual(V.alertThreshold);
    expect(V.weightUnfamiliarAddress).toBeLessThan(V.alertThreshold);
    expect(V.weightNewDevice).toBeLessThan(V.alertThreshold);
  });
});

describe('the combination', () => {
  test('score is the sum, capped at 100, and the sentence names the signals strongest first', () => {
    const signals = loginSignals(
      {
        ...base,
        newDevice: novelty('device_fingerprint', 'linux-unknownosmajor-desktop-firefox'),
        newNetwork: novelty('asn', '29465'),
      },
      V,
    );
    const score = verdictScore(signals);
    expect(score).toBe(50);
    // The device in words (in quotes: its name has a comma of its own), the fingerprint kept in the evidence.
    expect(verdictWhy(score, 50, signals)).toBe(
      'Score 50 reaches the alerting threshold 50: new device "Firefox on Linux, desktop" (1 known) +30, new network AS29465 (1 known) +20.',
    );
    expect(signals[0].evidence).toMatchObject({ value: 'linux-unknownosmajor-desktop-firefox' });
  });
});

describe("the reasons name devices in words, as the app does, not by BuffaLogs' fingerprint", () => {
  const reason = (f: Partial<LoginFacts>) => loginSignals({ ...base, ...f }, V)[0].reason;

  test('a new device, an unrecognised one, an OS update and a known device far away', () => {
    expect(reason({ newDevice: novelty('device_fingerprint', 'ios-17-mobile-mobilesafari') })).toBe(
      'new device "Mobile Safari on iOS 17, mobile" (1 known)',
    );
    // An agent no parser knew: no name to give, and "other-unknownosmajor-other-other" says nothing either.
    expect(reason({ newDevice: novelty('device_fingerprint', 'other-unknownosmajor-other-other') })).toBe(
      'new unrecognised device (1 known)',
    );
    expect(
      reason({
        newDevice: novelty('device_fingerprint', 'android-14-mobile-chrome'),
        upgradeOf: 'android-13-mobile-chrome',
      }),
    ).toBe('"Chrome on Android 14, mobile" is "Chrome on Android 13, mobile" updated');
    // macOS's name leaves its (frozen) major out: the words would not differ, so the fingerprints say it.
    expect(
      reason({
        newDevice: novelty('device_fingerprint', 'macosx-11-desktop-safari'),
        upgradeOf: 'macosx-10-desktop-safari',
      }),
    ).toBe('macosx-11-desktop-safari is macosx-10-desktop-safari updated');
    const session = {
      kind: 'session' as const,
      device: 'macosx-10-desktop-chrome',
      from: { timestamp: 't' },
      to: { timestamp: 't' },
      distance_km: 10729,
      elapsed_seconds: 360,
      new_network: 'AS14061',
    };
    const journey = { distanceKm: 10729, elapsedMs: 360_000, plausible: false, sameCountry: false };
    expect(
      loginSignals({ ...base, knownDevice: true, session, journey }, V).find((x) => x.id === 'stolen_session')?.reason,
    ).toBe(
      'known device "Chrome on macOS, desktop" 10729 km away 6 min after the previous login, on new network AS14061',
    );
  });
});

describe('the sentence: strongest first, equal weights in their order, weightless signals left out', () => {
  const sig = (id: VerdictSignal['id'], weight: number): VerdictSignal => ({
    id,
    weight,
    base_weight: weight,
    reason: id,
    evidence: novelty('asn', '1'),
  });
  const why = (signals: VerdictSignal[]) => verdictWhy(50, 50, signals).replace(/^[^:]*: /, '');

  test.each([
    [[sig('new_device', 30)], 'new_device +30.'],
    [[sig('new_device', 0), sig('new_network', 20)], 'new_network +20.'],
    [[sig('new_network', 20), sig('new_device', 30)], 'new_device +30, new_network +20.'],
    [[sig('new_device', 30), sig('new_network', 20)], 'new_device +30, new_network +20.'],
    [[sig('new_network', 20), sig('new_device', 20)], 'new_network +20, new_device +20.'],
    [[sig('new_network', 2.5), sig('new_country', 0), sig('new_device', 12.5)], 'new_device +12.5, new_network +2.5.'],
    [
      [sig('new_network', 20), sig('new_device', 30), sig('rare_country', 20), sig('new_country', 40)],
      'new_country +40, new_device +30, new_network +20, rare_country +20.',
    ],
  ])('%j', (signals, sentence) => {
    expect(why(signals)).toBe(sentence);
  });
});

/** The signal ids the verdict gave one login, alert or observation. */
function signalsOf(out: ReturnType<typeof run>, id: string): string[] {
  const alert = out.alerts.find((a) => a.buffalogs.trigger.event_id === id);
  const signals = alert
    ? (alert.buffalogs.evidence as VerdictEvidence).signals
    : (out.observations.find((o) => o.event.id === id)?.signals ?? []);
  return signals.map((s) => s.id);
}

describe('the verdict in the engine (default profile)', () => {
  const cfg = verdictConfig();
  const U = 'alice';
  const history = homeHistory(U);

  test('a takeover login is ONE alert carrying every signal, the score and why; its user risk counts it', () => {
    const attack = newYorkLogin(U, 'evil', UA.linuxOther);
    const out = run([[...history, attack]], cfg, { states: oldUserState(U) });
    expect(out.alerts.map((a) => `${a.rule.id}@${a.buffalogs.trigger.event_id}`)).toEqual(['suspicious_login@evil']);
    const e = out.alerts[0].buffalogs.evidence as VerdictEvidence;
    expect(e.signals.map((s) => s.id)).toEqual([
      'new_device',
      'new_network',
      'new_country',
      'impossible_travel',
      'unfamiliar_address',
    ]);
    expect(e.score).toBe(100);
    expect(out.alerts[0].event.risk_score).toBe(100);
    expect(out.alerts[0].message).toMatch(/^Suspicious login for alice: Score 100 reaches the alerting threshold 50: /);
    // New country + new device + impossible travel: a takeover pattern, High at once (score model).
    expect(out.alerts[0].buffalogs.user_risk).toEqual({ level: 'high', score: 100 });
  });

  test("a phisher on the victim's own ISP (known AS), new device, new /24: one alert with unfamiliar_address", () => {
    const phished = phishedLogin(U);
    const out = run([[...history, phished]], cfg, { states: oldUserState(U) });
    expect(out.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['phished']);
    const e = out.alerts[0].buffalogs.evidence as VerdictEvidence;
    expect(e.signals.map((s) => [s.id, s.weight])).toEqual([
      ['new_device', 30],
      ['unfamiliar_address', 20],
    ]);
    expect(e.signals[1].evidence).toMatchObject({
      field: 'address_prefix',
      value: '79.20.252.0/24',
      known: ['192.0.2.10'],
    });
  });

  test('a new laptop first logging in from home (a known /24) has no unfamiliar_address', () => {
    const laptop = login({
      user: U,
      id: 'laptop',
      at: '2025-03-06T09:00:00Z',
      ...HOME,
      ip: '192.0.2.77',
      ua: UA.win10Chrome,
    });
    const out = run([[...history, laptop]], cfg, { states: oldUserState(U) });
    expect(out.alerts).toEqual([]);
    expect(out.observations.map((o) => o.signals.map((s) => s.id))).toEqual([['new_device']]);
  });

  test("a carrier (learned: most of its logins are phones) is never the organisation's; a phone's new address there is ordinary, a desktop's is not", () => {
    const context = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    // 40 colleagues' phones on one /24 of AS30722: enough users for an "office", but they are phones.
    const phones = Array.from({ length: 40 }, (_, i) =>
      login({
        user: `p${i}`,
        id: `m${i}`,
        at: '2025-03-01T07:00:00Z',
        ip: `5.90.48.${i + 1}`,
        asn: 30722,
        place: PLACE.rome,
        ua: PHONE,
      }),
    );
    const phone = login({
      user: U,
      id: 'phone',
      at: '2025-03-06T09:00:00Z',
      ip: '5.90.48.200',
      asn: 30722,
      place: PLACE.rome,
      ua: ANDROID,
    });
    const out = run([phones, [...history, phone]], cfg, { states: oldUserState(U), context });
    expect(context.isCarrier(30722)).toBe(true);
    expect(context.orgNetwork('5.90.48.200', 30722)).toBeUndefined();
    const phoneSignals = signalsOf(out, 'phone');
    expect(phoneSignals).toContain('new_device');
    expect(phoneSignals).not.toContain('unfamiliar_address');

    const desktop = login({
      user: 'bob',
      id: 'desk',
      at: '2025-03-06T09:00:00Z',
      ip: '5.90.48.201',
      asn: 30722,
      place: PLACE.rome,
      ua: DESKTOP,
    });
    const bob = homeHistory('bob', 'b', { ...HOME, ip: '192.0.2.20' });
    const out2 = run([[...bob, desktop]], cfg, { states: oldUserState('bob'), context });
    expect(signalsOf(out2, 'desk')).toContain('unfamiliar_address');
  });

  test('a new phone on the usual network is an observation, not an alert', () => {
    const phone = login({ user: U, id: 'phone', at: '2025-03-06T09:00:00Z', ...HOME, ua: PHONE });
    const out = run([[...history, phone]], cfg, { states: oldUserState(U) });
    expect(out.alerts).toEqual([]);
    expect(out.observations.map((o) => [o.event.id, o.score, o.signals.map((s) => s.id)])).toEqual([
      ['phone', 30, ['new_device']],
    ]);
  });

  test('ten users behind one /24 make it the organisation’s: travel to it is no evidence', () => {
    const context = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    const vpn = Array.from({ length: 10 }, (_, i) =>
      login({
        user: `u${i}`,
        id: `v${i}`,
        at: '2025-03-01T07:00:00Z',
        ip: `165.225.72.${i + 1}`,
        asn: 53813,
        place: PLACE.berlin,
      }),
    );
    const trip = login({
      user: U,
      id: 'via-vpn',
      at: '2025-03-05T08:30:00Z',
      ip: '165.225.72.99',
      asn: 53813,
      place: PLACE.berlin,
      ua: UA.macChrome,
    });
    const out = run([vpn, [...history, trip]], cfg, { states: oldUserState(U), context });
    // Nothing weighs: neither an alert nor an observation (only logins with some weight are kept).
    expect(out.alerts).toEqual([]);
    expect(out.observations.map((x) => x.event.id)).not.toContain('via-vpn');
    expect(verdictWhy(0, 50, [])).toBe(
      'Score 0 stays below the alerting threshold 50: no signal weighs anything in this context.',
    );
  });

  test("a known device leaving the organisation's /24 for a far network within minutes: a replay from an office, the VPN left from an egress", () => {
    // Ten colleagues behind one /24 in Berlin, each a few minutes after a login from home: in Berlin (an office's NAT)
    // or in Rome (a VPN concentrator abroad: they did not move, the address is far from them).
    const learn = (context: PopulationContext, home: typeof PLACE.rome | typeof PLACE.berlin) =>
      run(
        [
          Array.from({ length: 13 }, (_, i) => [
            login({
              user: `c${i}`,
              id: `ch${i}`,
              at: Date.parse('2025-03-01T07:00:00Z') + i * 1000,
              ip: `79.20.${i}.1`,
              asn: 3269,
              place: home,
            }),
            login({
              user: `c${i}`,
              id: `co${i}`,
              at: Date.parse('2025-03-01T07:10:00Z') + i * 1000,
              ip: `165.225.72.${i + 1}`,
              asn: 53813,
              place: PLACE.berlin,
            }),
          ])
            .flat()
            .sort((a, b) => a.timestamp - b.timestamp),
        ],
        cfg,
        { context },
      );
    const office = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    learn(office, PLACE.berlin);
    const egress = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    learn(egress, PLACE.rome);
    expect(office.orgNetwork('165.225.72.200', 53813)).toEqual({
      kind: 'prefix',
      value: '165.225.72.0/24',
      users: 10,
      saturated: true,
    });
    expect(egress.orgNetwork('165.225.72.200', 53813)).toMatchObject({ value: '165.225.72.0/24', egressUsers: 3 });

    // The user on the /24 with their own laptop, then the same laptop 20 minutes later 840 km away on a network they
    // never used.
    const there = login({
      user: U,
      id: 'org',
      at: '2025-03-05T08:30:00Z',
      ip: '165.225.72.200',
      asn: 53813,
      place: PLACE.berlin,
      ua: UA.macChrome,
    });
    const away = login({
      user: U,
      id: 'away',
      at: '2025-03-05T08:50:00Z',
      ip: '5.90.48.7',
      asn: 30722,
      place: PLACE.milan,
      ua: UA.macChrome,
    });
    const fromOffice = run([[...history, there, away]], cfg, { states: oldUserState(U), context: office });
    expect(fromOffice.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['away']);
    const e = fromOffice.alerts[0].buffalogs.evidence as VerdictEvidence;
    expect(e.signals.filter((x) => x.weight > 0).map((x) => [x.id, x.weight])).toEqual([
      ['new_network', 20],
      ['stolen_session', 40],
    ]);
    // A session leaving the office is not an arrival at it: replays never make an office an egress.
    expect(office.orgNetwork('165.225.72.200', 53813)?.egressUsers).toBeUndefined();

    const fromEgress = run([[...history, there, away]], cfg, { states: oldUserState(U), context: egress });
    expect(fromEgress.alerts).toEqual([]);
    expect(fromEgress.observations.map((o) => [o.event.id, o.score])).toEqual([['away', 40]]);
  });

  test("colleagues rotating among a privacy VPN's exits do not make one of them the organisation's: an attacker there is an alert", () => {
    // Twelve colleagues each log in from home, then through the provider's Stockholm and Amsterdam exits (one AS,
    // two countries): twelve users on the Amsterdam /24, an office's worth.
    const context = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    const day = Date.parse('2025-02-10T07:00:00Z');
    const stockholm = { lat: 59.33, lon: 18.07, country: 'Sweden', iso: 'SE', city: 'Stockholm' };
    const amsterdam = { lat: 52.37, lon: 4.9, country: 'Netherlands', iso: 'NL', city: 'Amsterdam' };
    const viaExit = (user: string, at: number, ip: string, place: typeof amsterdam, ua = UA.macChrome, id?: string) =>
      login({ user, id, at, ip, asn: 39351, place, ua });
    const colleagues = Array.from({ length: 12 }, (_, i) => [
      login({ user: `c${i}`, at: day + i * 1000, ip: `79.20.${i}.1`, asn: 3269, place: PLACE.rome, ua: UA.macChrome }),
      viaExit(`c${i}`, day + 3_600_000 + i * 1000, `185.65.134.${i + 1}`, stockholm),
      viaExit(`c${i}`, day + 86_400_000 + i * 1000, `185.65.135.${i + 1}`, amsterdam),
    ])
      .flat()
      .sort((a, b) => a.timestamp - b.timestamp);
    run([colleagues], cfg, { context });
    expect(context.orgNetwork('185.65.135.200', 39351)).toBeUndefined();
    expect(context.rotatingExit('185.65.135.200')).toEqual({ value: '185.65.135.0/24', users: 10, rotating: 10 });
    // The attacker: alice's account, a device she never used, through the Amsterdam exit.
    const attack = viaExit(
      U,
      Date.parse('2025-03-05T10:00:00Z'),
      '185.65.135.123',
      amsterdam,
      UA.linuxOther,
      'via-exit',
    );
    const out = run([[...history, attack]], cfg, { states: oldUserState(U), context });
    expect(out.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['via-exit']);
    const e = out.alerts[0].buffalogs.evidence as VerdictEvidence;
    expect(e.signals.map((x) => x.id)).toEqual(
      expect.arrayContaining(['new_device', 'new_network', 'unfamiliar_address']),
    );
    expect(e.why).toContain("185.65.135.0/24, a VPN service's exit, not the organisation's network");
    // The next login judged (a phisher on bob's own ISP) says nothing of an exit it never came through.
    const next = run([[...homeHistory('bob'), phishedLogin('bob')]], cfg, { states: oldUserState('bob'), context });
    expect((next.alerts[0].buffalogs.evidence as VerdictEvidence).why).not.toContain('VPN service');

    // Carol, who always logs in through the exit, then her laptop in Nuremberg minutes later: the session leaving an
    // exit is halved; dave's leaving his home next is not (the doubt belongs to the login it was found on).
    const nuremberg = { lat: 49.45, lon: 11.08, country: 'Germany', iso: 'DE', city: 'Nuremberg' };
    const away = (user: string, id: string, at: string) =>
      login({ user, id, at, ip: '88.198.73.205', asn: 24940, place: nuremberg, ua: UA.macChrome });
    const sessions = run(
      [
        [
          ...homeHistory('carol', 'c', { ip: '185.65.135.77', asn: 39351, place: amsterdam, ua: UA.macChrome }),
          away('carol', 'carol-away', '2025-03-05T08:15:00Z'),
        ],
        [...homeHistory('dave'), away('dave', 'dave-away', '2025-03-05T08:15:00Z')],
      ],
      cfg,
      { states: new Map([...oldUserState('carol'), ...oldUserState('dave')]), context },
    );
    const sessionWeight = (id: string) =>
      [...sessions.alerts.map((a) => a.buffalogs.evidence as VerdictEvidence), ...sessions.observations]
        .find((x) => ('signals' in x ? JSON.stringify(x).includes(id) : false))
        ?.signals.find((x) => x.id === 'stolen_session')?.weight;
    expect([sessionWeight('carol-away'), sessionWeight('dave-away')]).toEqual([
      V.weightStolenSession / 2,
      V.weightStolenSession,
    ]);

    // The same twelve keeping to the one exit (a concentrator, where each colleague stays): the organisation's.
    const pinned = new PopulationContext({ orgMinUsersPerPrefix: 10 });
    run([colleagues.filter((l) => !l.ip!.startsWith('185.65.134.'))], cfg, { context: pinned });
    expect(pinned.orgNetwork('185.65.135.200', 39351)).toMatchObject({ value: '185.65.135.0/24' });
    expect(run([[...history, attack]], cfg, { states: oldUserState(U), context: pinned }).alerts).toEqual([]);
  });

  test('the buffalogs profile has no verdict: one alert per detector finding, as BuffaLogs', () => {
    expect(profileDefaults('buffalogs').verdict.enabled).toBe(false);
  });
});

describe('unusual_for_user: the per-user habit model as one signal (user_model.ts)', () => {
  const habits = (score: number) => ({
    kind: 'habits' as const,
    score,
    threshold: V.unusualThreshold,
    logins: 212,
    half_life_days: V.unusualHalfLifeDays,
    features: [
      {
        feature: 'hour' as const,
        value: 'Sun 03:00 UTC',
        seen: 0,
        of: 212,
        p: 0.002,
        bits: 9,
        unusual: 1,
        part: 0.2,
        usual: ['weekday 08h 90'],
      },
    ],
  });

  test('weighs its weight × the model score, from the threshold, and names the features with their baselines', () => {
    const s = loginSignals({ ...base, newDevice: novelty('device_fingerprint', 'x'), habits: habits(0.8) }, V);
    const u = s.find((x) => x.id === 'unusual_for_user')!;
    expect(u.weight).toBe(Math.round(V.weightUnusualForUser * 0.8 * 10) / 10);
    expect(u.base_weight).toBe(V.weightUnusualForUser);
    expect(u.reason).toContain('Sun 03:00 UTC (±1 h) seen 0 of 212 logins');
    expect(loginSignals({ ...base, habits: habits(V.unusualThreshold - 0.01) }, V)).toEqual([]);
  });

  test('can never alert alone, nor lift a lone new device to an alert', () => {
    expect(V.weightUnusualForUser).toBeLessThan(V.alertThreshold);
    const s = loginSignals({ ...base, newDevice: novelty('device_fingerprint', 'x'), habits: habits(1) }, V);
    expect(verdictScore(s)).toBeLessThan(V.alertThreshold);
  });

  test('in the engine: a month of office-hour logins from Rome, then a foreign login on a new device at night', () => {
    const cfg = config('default', { verdict: { enabled: true } });
    const home = (id: string, at: number) =>
      login({ id, at, ip: '93.34.1.7', place: PLACE.rome, ua: UA.win10Chrome, asn: 3269 });
    const month: LoginEvent[] = [];
    const start = Date.parse('2025-11-03T00:00:00Z'); // a Monday
    for (let d = 0; d < 28; d++)
      for (const h of [8, 12]) month.push(home(`h-${d}-${h}`, start + d * 86_400_000 + h * 3_600_000));
    const night = login({
      id: 'night',
      at: start + 27 * 86_400_000 + 3 * 3_600_000 + 86_400_000,
      ip: '45.33.1.9',
      place: PLACE.sydney,
      ua: UA.win7Firefox,
      asn: 63949,
    });
    const out = run([month, [night]], cfg);
    const alert = out.alerts.find((a) => a.buffalogs.trigger.event_id === 'night')!;
    const e = alert.buffalogs.evidence as VerdictEvidence;
    const u = e.signals.find((s) => s.id === 'unusual_for_user')!;
    expect(u.weight).toBeGreaterThan(0);
    expect(u.reason).toMatch(/country AU seen 0 of [\d.]+ logins/);
    // Bounded state: the model's JSON.
    expect(JSON.stringify(out.states.get('aisha delgado')!.model).length).toBeLessThan(700);
  });
});

describe('networks trusted in Settings (issue 12: "trust it organisation-wide")', () => {
  const U = 'carol';
  const history = homeHistory(U, 'c');
  // carol's known device, an hour after her last login in Rome, on the company's VPN egress in New York.
  const vpn = newYorkLogin(U, 'vpn', UA.macChrome);
  const trusting = (trusted: object) =>
    verdictConfig({ anonymousIp: { cidrs: ['198.51.100.200/32'] }, impossibleTravel: trusted });

  test("untrusted, the login is an alert; trusted by its /24 it is the organisation's network: no alert", () => {
    const before = run([[...history, vpn]], trusting({}), { states: oldUserState(U) });
    expect(signalsOf(before, 'vpn')).toEqual(
      expect.arrayContaining(['new_network', 'new_country', 'impossible_travel']),
    );
    expect(before.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['vpn']);

    const after = run([[...history, vpn]], trusting({ trustedCidrs: ['198.51.100.0/24'] }), {
      states: oldUserState(U),
    });
    expect(after.alerts).toEqual([]);
    const seen = after.observations.find((o) => o.event.id === 'vpn');
    // Nothing but zero-weight place signals would remain: the login is not even an observation, or one scoring 0.
    expect(seen?.score ?? 0).toBe(0);
  });

  test('trusted by its AS, the same holds; an anonymiser exit inside a trusted range is never trusted', () => {
    const byAsn = run([[...history, vpn]], trusting({ trustedAsns: [29465] }), {
      states: oldUserState(U),
    });
    expect(byAsn.alerts).toEqual([]);

    const tor = login({
      ...vpn,
      user: U,
      id: 'tor',
      at: '2025-03-05T09:00:00Z',
      ip: '198.51.100.200',
      asn: 29465,
      place: PLACE.newYork,
      ua: UA.linuxOther,
    });
    const out = run([[...history, tor]], trusting({ trustedCidrs: ['198.51.100.0/24'] }), {
      states: oldUserState(U),
    });
    expect(out.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['tor']);
    const e = out.alerts[0].buffalogs.evidence as VerdictEvidence;
    expect(e.signals.map((s) => s.id)).toEqual(
      expect.arrayContaining(['anonymous_ip', 'impossible_travel', 'new_country']),
    );
    expect(e.signals.find((s) => s.id === 'new_country')!.weight).toBeGreaterThan(0);
  });
});
