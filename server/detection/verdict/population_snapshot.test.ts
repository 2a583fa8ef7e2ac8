import { login, PLACE, UA } from '../test_fixtures';
import { PopulationContext, SNAPSHOT_BOUNDS } from './population_context';

// The parsed device kind (the fixtures' agents carry only their fingerprint): what carrier learning reads.
const PHONE = { ...UA.iphone, device: 'mobile' };
const DESKTOP = { ...UA.win10Chrome, device: 'desktop' };
const T = Date.parse('2026-01-01T00:00:00Z');
const fresh = (): PopulationContext => new PopulationContext({ orgMinUsersPerPrefix: 10 });

function learn(context: PopulationContext, users: string[], ip: (i: number) => string, iso = 'IT', asn = 3269): void {
  users.forEach((user, i) =>
    context.observe(login({ user, at: T + i, ip: ip(i), place: { ...PLACE.rome, iso }, asn }), iso),
  );
}

const names = (n: number, prefix = 'u'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('population context snapshots', () => {
  test('mobile carriers learned from phone logins survive a snapshot; malformed rows are skipped, counted', () => {
    const learned = fresh();
    for (let i = 0; i < 40; i++)
      learned.observe(login({ user: `p${i}`, at: T + i, ip: `5.90.48.${i}`, asn: 30722, ua: PHONE }), 'IT');
    for (let i = 0; i < 40; i++)
      learned.observe(login({ user: `d${i}`, at: T + i, ip: `79.20.1.${i}`, asn: 3269, ua: DESKTOP }), 'IT');
    expect([learned.isCarrier(30722), learned.isCarrier(3269)]).toEqual([true, false]);
    const snap = JSON.parse(JSON.stringify(learned.snapshot()));
    const restored = fresh();
    expect(restored.restore({ ...snap, carriers: [...snap.carriers, ['x', 1, 2], [1, 5, 2]] })).toEqual({
      used: true,
      skipped: 2,
    });
    expect([restored.isCarrier(30722), restored.isCarrier(3269)]).toEqual([true, false]);
    // A snapshot from before carriers were learned restores as before.
    const { carriers: _dropped, ...older } = snap;
    expect(fresh().restore(older)).toEqual({ used: true, skipped: 0 });
  });

  test('a restored snapshot knows the same networks and shares, and JSON carries it unchanged', () => {
    const learned = fresh();
    learn(learned, names(12), (i) => `198.51.100.${i + 1}`);
    learn(learned, ['solo'], () => '203.0.113.9', 'NG', 64512);
    const restored = fresh();
    expect(restored.restore(JSON.parse(JSON.stringify(learned.snapshot())))).toEqual({ used: true, skipped: 0 });
    expect(restored.orgNetwork('198.51.100.77')).toEqual(learned.orgNetwork('198.51.100.77'));
    expect(restored.orgNetwork('198.51.100.77')).toMatchObject({ value: '198.51.100.0/24', users: 10 });
    expect(restored.share('country', 'NG', false)).toEqual(learned.share('country', 'NG', false));
    expect(restored.share('asn', 3269, true)).toEqual(learned.share('asn', 3269, true));
    // The same users seen again after the restore are not counted twice.
    learn(restored, names(12), (i) => `198.51.100.${i + 1}`);
    expect(restored.share('country', 'IT', false)).toEqual(learned.share('country', 'IT', false));
  });

  test("partitions' snapshots merge: the /24 is the organisation's once their users add up", () => {
    const p0 = fresh();
    const p1 = fresh();
    learn(p0, names(6, 'a'), (i) => `198.51.100.${i + 1}`);
    learn(p1, names(6, 'b'), (i) => `198.51.100.${i + 100}`);
    expect(p0.orgNetwork('198.51.100.1')).toBeUndefined();
    const merged = fresh();
    merged.restore(p0.snapshot());
    merged.restore(p1.snapshot());
    merged.restore(p1.snapshot()); // a union: the same snapshot twice counts nobody twice
    expect(merged.orgNetwork('198.51.100.1')).toMatchObject({ users: 10, saturated: true });
    expect(merged.share('country', 'IT', false).population).toBe(11);
  });

  test("a VPN service's rotating exit (most of its colleagues also on one exit abroad) is never the organisation's; it survives a snapshot", () => {
    const learned = fresh();
    // Twelve colleagues through a privacy VPN's Amsterdam /24 (an office's worth): today, the organisation's network.
    learn(learned, names(12), (i) => `146.70.202.${i + 1}`, 'NL', 9009);
    expect(learned.orgNetwork('146.70.202.200', 9009)).toMatchObject({ value: '146.70.202.0/24', users: 10 });
    // Four of them also use its Zurich exit (another AS): travellers or GeoIP errors as far as anyone can tell.
    learn(learned, names(4), (i) => `185.159.157.${i + 1}`, 'CH', 62371);
    learned.observeHop('185.159.157.1', '146.70.202.1', T);
    expect(learned.rotatingExit('146.70.202.200')).toBeUndefined();
    expect(learned.orgNetwork('146.70.202.200', 9009)).toBeDefined();
    // Half of the ten counted use both exits, and one goes from one to the other: one service's exits they rotate among.
    learn(learned, ['u4', 'x1', 'x2'], (i) => `185.159.157.${i + 10}`, 'CH', 62371);
    expect(learned.rotatingExit('146.70.202.200')).toBeUndefined(); // no colleague was seen going from one to the other
    learned.observeHop('185.159.157.1', '146.70.202.1', T);
    expect(learned.rotatingExit('146.70.202.200')).toEqual({ value: '146.70.202.0/24', users: 10, rotating: 5 });
    expect(learned.rotatingExit('185.159.157.99')).toEqual({ value: '185.159.157.0/24', users: 7, rotating: 5 });
    expect(learned.orgNetwork('146.70.202.200', 9009)).toBeUndefined();
    const snap = JSON.parse(JSON.stringify(learned.snapshot()));
    const restored = fresh();
    expect(restored.restore(snap)).toEqual({ used: true, skipped: 0 });
    expect(restored.rotatingExit('146.70.202.7')).toEqual(learned.rotatingExit('146.70.202.7'));
    expect(restored.orgNetwork('146.70.202.7', 9009)).toBeUndefined();
    // A snapshot from before exits were learned restores as before.
    const { hops: _dropped, ...older } = snap;
    expect(fresh().restore(older)).toEqual({ used: true, skipped: 0 });
  });

  test("a corporate concentrator stays the organisation's: its colleagues come from many offices, none sharing half of them", () => {
    const learned = fresh();
    learn(learned, names(40), (i) => `165.225.72.${i + 1}`, 'DE', 53813);
    // Remote days through the Frankfurt egress, office days in Milan, Paris or London: each office shares a few.
    learn(learned, [...names(3), ...names(10, 'm')], (i) => `93.34.200.${i + 1}`, 'IT', 12874);
    learn(learned, [...names(6).slice(3), ...names(10, 'p')], (i) => `90.10.77.${i + 1}`, 'FR', 3215);
    learn(learned, [...names(9).slice(6), ...names(10, 'l')], (i) => `86.150.40.${i + 1}`, 'GB', 2856);
    for (const office of ['93.34.200.1', '90.10.77.1', '86.150.40.1']) learned.observeHop(office, '165.225.72.1', T);
    expect(learned.rotatingExit('165.225.72.9')).toBeUndefined();
    expect(learned.orgNetwork('165.225.72.9', 53813)).toMatchObject({ value: '165.225.72.0/24', users: 10 });
    expect(learned.orgNetwork('93.34.200.9', 12874)).toMatchObject({ value: '93.34.200.0/24', users: 10 });
  });

  test("an egress (colleagues arriving from abroad too fast) survives a snapshot; arrivals count only on the organisation's prefixes", () => {
    const learned = fresh();
    learned.observeFarArrival('203.0.113.5', 'early', T); // not (yet) the organisation's: not counted
    learn(learned, names(10), (i) => `198.51.100.${i + 1}`);
    learned.observeFarArrival('198.51.100.200', 'a', T);
    learned.observeFarArrival('198.51.100.201', 'b', T);
    learned.observeFarArrival('198.51.100.202', 'a', T); // the same colleague again: still two
    expect(learned.orgNetwork('198.51.100.9')?.egressUsers).toBeUndefined();
    learned.observeFarArrival('198.51.100.203', 'c', T);
    expect(learned.orgNetwork('198.51.100.9')).toMatchObject({ value: '198.51.100.0/24', egressUsers: 3 });
    const snap = JSON.parse(JSON.stringify(learned.snapshot()));
    expect(snap.arrivals.map((k: unknown[]) => k[0])).toEqual(['198.51.100.0/24']);
    const restored = fresh();
    expect(restored.restore(snap)).toEqual({ used: true, skipped: 0 });
    expect(restored.orgNetwork('198.51.100.9')).toEqual(learned.orgNetwork('198.51.100.9'));
    // A snapshot from before arrivals were learned restores as before: the network is an office until shown otherwise.
    const { arrivals: _dropped, ...older } = snap;
    const fromOlder = fresh();
    expect(fromOlder.restore(older)).toEqual({ used: true, skipped: 0 });
    expect(fromOlder.orgNetwork('198.51.100.9')).toMatchObject({ users: 10 });
    expect(fromOlder.orgNetwork('198.51.100.9')?.egressUsers).toBeUndefined();
  });

  test('a snapshot stays bounded however much was learned', () => {
    const big = fresh();
    // 30,000 users on 30,000 different /24s, in 300 countries and ASes.
    for (let i = 0; i < 30_000; i++)
      big.observe(
        login({ user: `u${i}`, at: T + i, ip: `10.${i >> 8}.${i & 255}.1`, asn: i % 300, place: PLACE.rome }),
        `C${i % 300}`,
      );
    const text = JSON.stringify(big.snapshot());
    const hashes = SNAPSHOT_BOUNDS.prefixHashes + SNAPSHOT_BOUNDS.valueHashes + SNAPSHOT_BOUNDS.populationSample;
    expect(text.length).toBeLessThan(hashes * 11 + 12_500 * 40 + 600 * 40);
    const restored = fresh();
    restored.restore(JSON.parse(text));
    // Counts survive where the sample was cut: 100 users per country, 30,000 in all.
    expect(restored.share('country', 'C7', false)).toMatchObject({ users: 100, population: 29_999 });
  });

  test('hostile or foreign snapshots are refused or skipped part by part, never trusted', () => {
    const c = fresh();
    expect(c.restore(null)).toEqual({ used: false, skipped: 0 });
    expect(c.restore({ version: 2, prefixes: [], rarity: {} })).toEqual({ used: false, skipped: 0 });
    const { skipped } = c.restore({
      version: 1,
      prefixes: [
        ['__proto__', 5, T, ''],
        ['198.51.100.0/24', 1e9, T, 'not base64!'],
        ['x'.repeat(300), 1, T, ''],
        ['192.0.2.0/24', -1, T, ''],
        'garbage',
      ],
      rarity: { population: 'many', sample: 'AAAA', country: {}, asn: [['IT', 3, Infinity, '']] },
    });
    expect(skipped).toBe(8);
    // The one well-formed entry (`__proto__` is just a key) is kept, capped at the per-key bound.
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
    expect(c.orgNetwork('198.51.100.1')).toBeUndefined();
  });
});

test("an anonymiser's exit never becomes the organisation's network, however many colleagues use it", () => {
  const c = fresh();
  names(12).forEach((user, i) =>
    c.observe(
      login({ user, at: T + i, ip: `198.51.100.${i + 1}`, place: PLACE.rome, intel: 'anonymizer' }),
      'IT',
      true,
    ),
  );
  expect(c.orgNetwork('198.51.100.50')).toBeUndefined();
  expect(c.share('country', 'IT', false).users).toBe(12); // it still counts for rarity
});
