import { IpRangeSet, cidrError, parseCidr, parseIp, parseIpv4 } from './ip_ranges';

describe('parseIp', () => {
  it('parses IPv4 dotted quads and rejects near misses', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
    expect(parseIpv4('192.168.1.10')).toBe(0xc0a8010a);
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '01.2.3.4', '1.2.3.4 ', 'a.b.c.d', '']) {
      expect(parseIpv4(bad)).toBeUndefined();
    }
  });

  it('parses IPv6 in every notation to the same 32-digit hex', () => {
    const full = '20010db8000000000000000000000001';
    expect(parseIp('2001:db8::1')).toEqual({ v: 6, hex: full });
    expect(parseIp('2001:0DB8:0:0:0:0:0:1')).toEqual({ v: 6, hex: full });
    expect(parseIp('2001:db8::1%eth0')).toEqual({ v: 6, hex: full });
    expect(parseIp('::')).toEqual({ v: 6, hex: '0'.repeat(32) });
    expect(parseIp('::1')).toEqual({ v: 6, hex: '0'.repeat(31) + '1' });
    expect(parseIp('64:ff9b::192.0.2.33')).toEqual({ v: 6, hex: '0064ff9b0000000000000000c0000221' });
    for (const bad of ['2001:db8:::1', '1::2::3', '12345::', ':1', '1:2:3:4:5:6:7:8:9', 'g::1'])
      expect(parseIp(bad)).toBeUndefined();
  });

  it('treats IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ v: 4, n: 0xc0000201 });
    expect(parseIp('::ffff:c000:0201')).toEqual({ v: 4, n: 0xc0000201 });
  });
});

describe('parseCidr', () => {
  it('gives inclusive bounds and ignores host bits', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ v: 4, start: 0x0a000000, end: 0x0affffff });
    expect(parseCidr('192.0.2.7')).toEqual({ v: 4, start: 0xc0000207, end: 0xc0000207 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ v: 4, start: 0, end: 4294967295 });
    expect(parseCidr('2001:db8::/32')).toEqual({
      v: 6,
      start: '20010db8' + '0'.repeat(24),
      end: '20010db8' + 'f'.repeat(24),
    });
    expect(parseCidr('2001:db8::/33')).toEqual({
      v: 6,
      start: '20010db8' + '0'.repeat(24),
      end: '20010db87' + 'f'.repeat(23),
    });
  });

  it('rejects bad prefixes and addresses, with a readable message', () => {
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/a', 'example.com', '10.0.0.0/8/8']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
    expect(cidrError('10.0.0.0/33')).toMatch(/is not an IPv4\/IPv6 address or CIDR range/);
    expect(cidrError(42)).toMatch(/must be a string/);
    expect(cidrError('fe80::/10')).toBeUndefined();
  });
});

describe('IpRangeSet', () => {
  const set = new IpRangeSet([
    '10.0.0.0/8',
    '192.168.1.0/24',
    '192.168.2.0/24',
    '203.0.113.9',
    '2001:db8::/32',
    'fc00::/7',
    'junk',
  ]);

  it('matches addresses inside any range, IPv4 and IPv6, and nothing else', () => {
    for (const ip of [
      '10.255.0.1',
      '192.168.1.0',
      '192.168.2.255',
      '203.0.113.9',
      '2001:db8:abcd::1',
      'fd12:3456::1',
      '::ffff:10.1.1.1',
    ]) {
      expect([ip, set.has(ip)]).toEqual([ip, true]);
    }
    for (const ip of [
      '11.0.0.0',
      '192.168.3.1',
      '203.0.113.10',
      '2001:db9::1',
      'fe80::1',
      'not-an-ip',
      '',
      undefined,
    ]) {
      expect([ip, set.has(ip)]).toEqual([ip, false]);
    }
  });

  it('reads an IPv4-mapped range as the IPv4 range it maps, as addresses are read (else it matched nothing)', () => {
    expect(parseCidr('::ffff:10.0.0.0/104')).toEqual(parseCidr('10.0.0.0/8'));
    expect(parseCidr('::ffff:0a01:0203')).toEqual(parseCidr('10.1.2.3'));
    expect(parseCidr('::ffff:0.0.0.0/96')).toEqual(parseCidr('0.0.0.0/0'));
    const mapped = new IpRangeSet(['::ffff:198.51.100.0/120']);
    expect([mapped.has('198.51.100.7'), mapped.has('::ffff:198.51.100.7'), mapped.has('198.51.101.7')]).toEqual([
      true,
      true,
      false,
    ]);
    // Wider than /96 it is an IPv6 range (it cannot be one IPv4 range): IPv4 logins are never inside it.
    expect(parseCidr('::/80')?.v).toBe(6);
  });

  it('merges adjacent and overlapping ranges (192.168.1.0/24 + 192.168.2.0/24 is one range)', () => {
    expect(set.size).toBe(5);
  });

  it('agrees with a linear scan on thousands of random ranges and addresses', () => {
    let seed = 1;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    const cidrs = Array.from({ length: 3000 }, () => {
      const prefix = 8 + Math.floor(rnd() * 25);
      return `${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}/${prefix}`;
    });
    const ranges = cidrs.map((c) => parseCidr(c) as { start: number; end: number });
    const big = new IpRangeSet(cidrs);
    for (let i = 0; i < 5000; i++) {
      const n = Math.floor(rnd() * 4294967296);
      const ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
      expect(big.has(ip)).toBe(ranges.some((r) => n >= r.start && n <= r.end));
    }
  });
});
