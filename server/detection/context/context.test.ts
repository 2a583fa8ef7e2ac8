import { deviceName } from '../../../common/device_name';
import { DistinctUsersByKey } from './distinct_users';
import { learnOrgNetworks, networkPrefix } from './org_networks';
import { PopulationRarity } from './population';

describe('distinct users per key, bounded', () => {
  test('counts each user once, caps the users per key and reports the cap', () => {
    const d = new DistinctUsersByKey({ maxKeys: 10, maxUsersPerKey: 3 });
    for (const u of ['a', 'b', 'a', 'b']) d.add('k', u, 1);
    expect(d.users('k')).toBe(2);
    for (const u of ['c', 'd', 'e']) d.add('k', u, 2);
    expect(d.top()).toEqual([{ key: 'k', users: 3, saturated: true, lastSeen: 2 }]);
    expect(d.users('unknown')).toBe(0);
  });

  test.each([3, 100])('sweep after sweep, with restored keys, the same keys stay as by the rule (cap %i)', (cap) => {
    // The rule, written plainly: a new key has no user when its arrival makes a sweep due; the sweep keeps the
    // maxKeys keys with the most users, then the most recently seen, then by key.
    const maxKeys = 30;
    const ref = new Map<string, { users: Set<string>; lastSeen: number }>();
    const sweep = () => {
      const order = [...ref]
        .map(([key, s]) => ({ key, users: s.users.size, lastSeen: s.lastSeen }))
        .sort((a, b) => a.users - b.users || a.lastSeen - b.lastSeen || (a.key < b.key ? -1 : 1));
      for (const k of order.slice(0, ref.size - maxKeys)) ref.delete(k.key);
    };
    const d = new DistinctUsersByKey({ maxKeys, maxUsersPerKey: cap });
    let x = 11;
    const next = (n: number) => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
    for (let i = 0; i < 2_000; i++) {
      const key = `k${next(400)}`;
      const user = `u${next(6)}`;
      const at = next(50);
      d.add(key, user, at);
      let s = ref.get(key);
      if (!s) {
        ref.set(key, (s = { users: new Set<string>(), lastSeen: at }));
        if (ref.size > maxKeys + (maxKeys >> 2)) sweep();
      }
      s.lastSeen = Math.max(s.lastSeen, at);
      if (ref.has(key) && s.users.size < cap) s.users.add(user);
      if (i === 1_000) {
        // A snapshot folded in mid-way: its keys join the swept ones (and are swept in turn, as any key).
        const other = new DistinctUsersByKey({ maxKeys: 100, maxUsersPerKey: cap });
        for (let k = 0; k < 20; k++) other.add(`r${k}`, `w${k}`, 60 + k);
        d.restore(other.snapshot(cap, 1_000));
        for (let k = 0; k < 20; k++) ref.set(`r${k}`, { users: new Set([`w${k}`]), lastSeen: 60 + k });
        if (ref.size > maxKeys) sweep();
      }
    }
    const expected = [...ref]
      .map(([key, s]) => ({ key, users: s.users.size }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const got = d
      .top(0)
      .map(({ key, users }) => ({ key, users }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(got).toEqual(expected);
  });

  test('past maxKeys the least used keys go and the popular ones stay', () => {
    const d = new DistinctUsersByKey({ maxKeys: 4, maxUsersPerKey: 100 });
    for (let u = 0; u < 20; u++) d.add('office', `user${u}`, u);
    for (let k = 0; k < 1000; k++) d.add(`home${k}`, `user${k}`, 1000 + k);
    expect(d.size).toBeLessThanOrEqual(5);
    expect(d.users('office')).toBe(20);
    expect(d.top(2).map((k) => k.key)).toEqual(['office']);
  });

  test.each([3, 100])(
    'the sweep drops the fewest users, then the least recently seen, then by key (cap %i users)',
    (maxUsersPerKey) => {
      // Many ties on users and on last-seen times, so every tie-break decides some key.
      const maxKeys = 40;
      const d = new DistinctUsersByKey({ maxKeys, maxUsersPerKey });
      const seen = new Map<string, { users: Set<string>; lastSeen: number }>();
      let x = 7;
      const next = (n: number) => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) % n;
      for (let i = 0; i < 49; i++) {
        const key = `k${next(60)}`;
        const user = `u${next(4)}`;
        const at = next(5);
        d.add(key, user, at);
        const s = seen.get(key) ?? { users: new Set<string>(), lastSeen: at };
        if (s.users.size < maxUsersPerKey) s.users.add(user);
        s.lastSeen = Math.max(s.lastSeen, at);
        seen.set(key, s);
      }
      // At most maxKeys + maxKeys / 4 keys before a sweep: below it, nothing was dropped yet.
      expect(d.size).toBe(seen.size);
      const ranked = [...seen]
        .map(([key, s]) => ({ key, users: s.users.size, lastSeen: s.lastSeen }))
        .sort((a, b) => a.users - b.users || a.lastSeen - b.lastSeen || (a.key < b.key ? -1 : 1));
      // Fill past the sweep point with new keys seen later than all, each by one new user: they rank after every
      // one-user key above, so the sweep's choice among the keys above is the reference order's.
      const extra = maxKeys + (maxKeys >> 2) + 1 - seen.size;
      for (let i = 0; i < extra; i++) d.add(`later${String(i).padStart(3, '0')}`, `v${i}`, 100 + i);
      // The key that triggers the sweep is swept before its user is added (0 users): it is one of those dropped.
      const dropped = seen.size + extra - maxKeys - 1;
      expect(ranked.filter((k) => k.users <= 1).length).toBeGreaterThanOrEqual(dropped);
      const kept = new Set(d.top(0).map((k) => k.key));
      expect(d.size).toBe(maxKeys);
      expect(kept.has(`later${String(extra - 1).padStart(3, '0')}`)).toBe(false);
      expect(ranked.filter((k) => !kept.has(k.key)).map((k) => k.key)).toEqual(
        ranked.slice(0, dropped).map((k) => k.key),
      );
    },
  );

  test('refuses unusable bounds', () => {
    expect(() => new DistinctUsersByKey({ maxKeys: 0 })).toThrow('maxKeys must be a whole number ≥ 1');
  });
});

describe("the organisation's networks", () => {
  test('prefixes are /24 and /48; anything else has none', () => {
    expect(networkPrefix('93.34.200.11')).toBe('93.34.200.0/24');
    expect(networkPrefix('2001:db8:12:34::1')).toBe('2001:db8:12::/48');
    expect(networkPrefix('::ffff:10.1.2.3')).toBe('10.1.2.0/24');
    for (const bad of ['', 'not-an-ip', '300.1.1.1', '__proto__']) expect(networkPrefix(bad)).toBeUndefined();
  });

  test('an office NAT and a VPN ASN many users share are learned; home addresses and small ASNs are not', () => {
    const logins = [];
    for (let u = 0; u < 30; u++) {
      logins.push({
        user: `u${u}`,
        timestamp: u,
        ip: `93.34.200.${10 + (u % 2)}`,
        asn: { number: 12874, organization: 'Fastweb SpA' },
      });
      logins.push({
        user: `u${u}`,
        timestamp: 100 + u,
        ip: `165.225.72.${u + 1}`,
        asn: { number: 53813, organization: 'ZSCALER, INC.' },
      });
      logins.push({ user: `u${u}`, timestamp: 200 + u, ip: `79.${u}.1.1`, asn: { number: 3269 + (u % 5) } });
    }
    // The same user forty times is one user.
    for (let k = 0; k < 40; k++)
      logins.push({ user: 'solo', timestamp: 300 + k, ip: '51.77.1.1', asn: { number: 16276 } });
    const org = learnOrgNetworks(logins, { minUsersPerPrefix: 10, minUsersPerAsn: 25 });
    expect(org.networks()).toEqual([
      // Counts stop at the larger threshold (25): enough to pass both, and memory stays bounded.
      { kind: 'prefix', value: '165.225.72.0/24', users: 25, saturated: true },
      { kind: 'prefix', value: '93.34.200.0/24', users: 25, saturated: true },
      { kind: 'asn', value: '12874', users: 25, saturated: true, organization: 'Fastweb SpA' },
      { kind: 'asn', value: '53813', users: 25, saturated: true, organization: 'ZSCALER, INC.' },
    ]);
    expect(org.match('93.34.200.77', undefined)).toMatchObject({ kind: 'prefix', value: '93.34.200.0/24' });
    expect(org.match('1.2.3.4', 53813)).toMatchObject({ kind: 'asn', value: '53813' });
    expect(org.match('51.77.1.1', 16276)).toBeUndefined();
  });

  test('hostile logins are skipped, not counted', () => {
    const org = learnOrgNetworks(
      [
        { user: '', timestamp: 1, ip: '10.0.0.1' },
        { user: 'a', timestamp: Number.NaN, ip: '10.0.0.1' },
        { user: 'b', timestamp: 1, ip: 42 as unknown as string, asn: { number: -5 } },
        { user: 'c', timestamp: 1, asn: { number: 1.5 } },
      ],
      { minUsersPerPrefix: 1, minUsersPerAsn: 1 },
    );
    expect(org.networks()).toEqual([]);
  });
});

describe('population rarity', () => {
  const pop = new PopulationRarity();
  for (let u = 0; u < 100; u++) pop.observe({ user: `u${u}`, timestamp: u, country: 'it', asn: 3269 });
  for (let u = 0; u < 10; u++) pop.observe({ user: `u${u}`, timestamp: u, country: 'GB', asn: 2856 });
  pop.observe({ user: 'u7', timestamp: 1, country: 'NG', asn: 29465 });

  test('a country everyone uses is common, one a tenth use is rarer, one only the user uses is unseen by others', () => {
    expect(pop.rarity('country', 'IT', true)).toEqual({ users: 100, others: 99, share: 1, population: 99 });
    expect(pop.rarity('country', 'gb', false)).toMatchObject({ users: 10, others: 10, share: 10 / 99 });
    expect(pop.rarity('country', 'NG', true)).toMatchObject({ users: 1, others: 0, share: 0 });
    expect(pop.rarity('asn', 29465, false)).toMatchObject({ others: 1 });
    expect(pop.rarity('asn', 9009, false)).toMatchObject({ users: 0, share: 0 });
  });

  test('a user counts once in the population, whether their logins come in a row or between others', () => {
    const p = new PopulationRarity();
    for (const user of ['a', 'a', 'b', 'a', 'b', 'b', 'c', 'a'])
      p.observe({ user, timestamp: 1, country: 'IT', asn: 3269 });
    expect(p.learned().population).toBe(3);
    expect(p.rarity('country', 'IT', true)).toEqual({ users: 3, others: 2, share: 1, population: 2 });
    // At its cap the population stops growing, and a user it could not take is not taken later either.
    const capped = new PopulationRarity({ maxPopulation: 1 });
    for (const user of ['a', 'b', 'b', 'a', 'c']) capped.observe({ user, timestamp: 1, country: 'IT' });
    expect(capped.learned().population).toBe(1);
    expect(capped.rarity('country', 'IT', false).users).toBe(3);
  });

  test('an empty population knows nothing rare or common', () => {
    expect(new PopulationRarity().rarity('country', 'IT', false)).toEqual({
      users: 0,
      others: 0,
      share: 0,
      population: 0,
    });
  });
});

describe('readable device names', () => {
  test.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0', 'Firefox 131 on Linux, desktop'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
      'Mobile Safari 17 on iOS 17, iPhone',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
      'Chrome 124 on Android 14, Samsung SM-S918B',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
      'Safari 17 on macOS, desktop',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
      'Edge 124 on Windows 10, desktop',
    ],
    ['python-requests/2.31.0', 'python-requests/2.31.0'],
    ['', 'Unknown device'],
  ])('%s → %s', (agent, name) => {
    expect(deviceName(agent)).toBe(name);
  });

  test('hostile agents give a short, printable name', () => {
    expect(deviceName(`${'x'.repeat(100_000)} y`)).toHaveLength(40);
    expect(deviceName('\u0000\u001b[31mevil')).toBe('[31mevil');
    expect(deviceName(undefined as unknown as string)).toBe('Unknown device');
  });
});
