import { profileDefaults } from '../../../common/detection_config';
import { login, PLACE, UA } from '../test_fixtures';
import { summariseLearnedContext } from './learned_context';
import { PopulationContext } from './population_context';

const PHONE = { ...UA.iphone, device: 'mobile' };
const DESKTOP = { ...UA.win10Chrome, device: 'desktop' };
const T = Date.parse('2026-01-01T00:00:00Z');
const names = (n: number, prefix = 'u'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const settings = (trustedCidrs: string[] = [], trustedAsns: number[] = []) => {
  const config = profileDefaults('default');
  return { ...config, impossibleTravel: { ...config.impossibleTravel, trustedCidrs, trustedAsns } };
};

function learn(context: PopulationContext, users: string[], ip: (i: number) => string, iso = 'IT', asn = 3269): void {
  users.forEach((user, i) =>
    context.observe(login({ user, at: T + i, ip: ip(i), place: { ...PLACE.rome, iso }, asn, ua: DESKTOP }), iso),
  );
}

/** A month of an organisation: an office, a VPN concentrator, a privacy VPN's two exits, a mobile carrier. */
function organisation(): unknown {
  const c = new PopulationContext({ orgMinUsersPerPrefix: 10 });
  learn(c, names(12, 'o'), (i) => `93.34.200.${i + 1}`, 'IT', 12874); // Milan office NAT
  learn(c, names(15, 'r'), (i) => `165.225.72.${i + 1}`, 'DE', 53813); // Frankfurt concentrator
  for (const u of ['r0', 'r1', 'r2']) c.observeFarArrival('165.225.72.200', u, T);
  learn(c, names(12, 'v'), (i) => `146.70.202.${i + 1}`, 'NL', 9009); // privacy VPN, Amsterdam
  learn(c, names(7, 'v'), (i) => `185.159.157.${i + 1}`, 'CH', 62371); // …and Zurich, the same people
  c.observeHop('185.159.157.1', '146.70.202.1', T);
  // A carrier's CGNAT addresses, spread over its /24s (a stored /24 does not say its AS: see the README's limits).
  for (let i = 0; i < 40; i++)
    c.observe(login({ user: `p${i}`, at: T + i, ip: `5.90.${i}.7`, asn: 30722, ua: PHONE }), 'IT');
  learn(c, names(3, 'h'), (i) => `79.20.${i}.1`, 'IT', 3269); // home workers: three /24s of one ISP, one each
  return JSON.parse(JSON.stringify(c.snapshot()));
}

describe('summariseLearnedContext', () => {
  test('shows the office, the egress and the rotating exit, with why, most colleagues first', () => {
    const r = summariseLearnedContext(
      { snapshots: [organisation()], updatedAt: '2026-01-02T00:00:00.000Z' },
      settings(),
    );
    expect(r).toMatchObject({ learned: true, learning: true, documents: 1, ignoredDocuments: 0, skippedParts: 0 });
    expect(r.message).toBeUndefined();
    expect(r.networks.total).toBe(3); // the home workers' /24s have one colleague each: not the organisation's
    const byPrefix = Object.fromEntries(r.networks.items.map((n) => [n.prefix, n]));
    expect(byPrefix['93.34.200.0/24']).toMatchObject({ kind: 'office', users: 10, saturated: true, trusted: false });
    expect(byPrefix['93.34.200.0/24'].reason).toMatch(/10\+ colleagues log in from here: treated as the organisation/);
    expect(byPrefix['165.225.72.0/24']).toMatchObject({ kind: 'egress', farArrivals: 3 });
    expect(byPrefix['146.70.202.0/24']).toMatchObject({ kind: 'rotating_exit', rotatingUsers: 7 });
    expect(byPrefix['146.70.202.0/24'].reason).toMatch(/VPN service exit.*not trusted/);
    // The carrier's phones are never the organisation's network, but the carrier is listed with its share.
    expect(r.carriers.items).toEqual([{ asn: 30722, mobileLogins: 40, logins: 40, mobileShare: 1, trusted: false }]);
    expect(r.population).toBe(12 + 15 + 12 + 40 + 3);
    expect(r.countries.items[0]).toEqual({ value: 'IT', users: 12 + 40 + 3, saturated: false });
    expect(r.asns.items.map((a) => a.value)).toContain('53813');
    expect(r.thresholds).toMatchObject({ orgMinUsersPerPrefix: 10, carrierMobileShare: 0.6, egressMinUsers: 3 });
    expect(r.updatedAt).toBe('2026-01-02T00:00:00.000Z');
  });

  test("Settings' overrides are shown against what was learned, and the thresholds judge the stored counts", () => {
    const r = summariseLearnedContext({ snapshots: [organisation()] }, settings(['93.34.200.0/23'], [30722, 53813]));
    expect(r.networks.items.find((n) => n.prefix === '93.34.200.0/24')?.trusted).toBe(true);
    expect(r.networks.items.find((n) => n.prefix === '165.225.72.0/24')?.trusted).toBe(false);
    expect(r.carriers.items[0].trusted).toBe(true);
    expect(r.asns.items.find((a) => a.value === '53813')?.trusted).toBe(true);
    expect(r.trustedCidrs).toEqual(['93.34.200.0/23']);
    // Stricter: 13 colleagues a /24 — nothing stored reaches it (the count stops at the threshold it was learned with).
    const strict = settings();
    strict.verdict = { ...strict.verdict, orgMinUsersPerPrefix: 13, carrierMobileShare: 1.01 };
    const none = summariseLearnedContext({ snapshots: [organisation()] }, strict);
    expect([none.networks.total, none.carriers.total, none.thresholds.orgMinUsersPerPrefix]).toEqual([0, 0, 13]);
  });

  test('lists are bounded, with their totals', () => {
    const c = new PopulationContext({ orgMinUsersPerPrefix: 2 });
    for (let n = 0; n < 30; n++) learn(c, names(2 + (n % 3), `n${n}-`), () => `10.${n}.0.1`, 'IT', 64512 + n);
    const r = summariseLearnedContext(
      { snapshots: [c.snapshot()] },
      { ...settings(), verdict: { ...settings().verdict, orgMinUsersPerPrefix: 2 } },
      5,
    );
    expect([r.networks.total, r.networks.items.length, r.asns.total, r.asns.items.length]).toEqual([30, 5, 30, 5]);
    expect(r.asns.items.every((a, i, all) => i === 0 || all[i - 1].users >= a.users)).toBe(true);
  });

  test('nothing stored yet is an empty answer that says so; with the verdict off it says passes learn nothing', () => {
    const r = summariseLearnedContext({ snapshots: [] }, settings());
    expect(r).toMatchObject({ learned: false, learning: true, documents: 0, population: 0 });
    expect(r.networks).toEqual({ total: 0, items: [] });
    expect(r.message).toMatch(/Nothing learned yet/);
    const off = settings();
    off.verdict = { ...off.verdict, enabled: false };
    expect(summariseLearnedContext({ snapshots: [] }, off)).toMatchObject({ learning: false });
    expect(summariseLearnedContext({ snapshots: [] }, off).message).toMatch(/verdict is off/);
  });

  test('a hostile stored document neither crashes the summary nor pollutes a prototype', () => {
    const good = organisation() as Record<string, unknown>;
    const hostile = JSON.parse(
      '{"version":1,"__proto__":{"polluted":true},"prefixes":[["__proto__",99,1,""],["constructor",10,"x",""],' +
        '["not a cidr",50,1,""],[1,2,3],"x",null],"rarity":{"population":"many","sample":7,' +
        '"country":{"__proto__":1},"asn":[["__proto__",5,1e308,""]]},"carriers":[["__proto__",1,2],[1,9,2],{}],' +
        '"arrivals":"x","hops":[[null]]}',
    );
    const snapshots: unknown[] = [
      hostile,
      null,
      'x',
      42,
      [],
      { version: 2, prefixes: [] },
      { version: 1, rarity: null },
      JSON.parse('{"__proto__":{"version":1}}'),
      good,
    ];
    const r = summariseLearnedContext({ snapshots }, settings());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(r.documents).toBe(9);
    expect(r.ignoredDocuments).toBe(7); // all but the hostile one (version 1, an object rarity) and the good one
    expect(r.skippedParts).toBeGreaterThan(5);
    expect(r.message).toMatch(/7 stored document\(s\) could not be read.*malformed stored part\(s\) were skipped/);
    // What the good document holds is all there, and nothing from the hostile one became a network.
    expect(r.networks.items.map((n) => n.prefix).sort()).toEqual([
      '146.70.202.0/24',
      '165.225.72.0/24',
      '93.34.200.0/24',
    ]);
    expect(r.asns.items.find((a) => a.value === '__proto__')).toMatchObject({ users: 5 }); // a value, shown as text
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
