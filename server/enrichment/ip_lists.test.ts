import { parseAsnList, parseCidrList } from './ip_lists';

describe('anonymizer list files', () => {
  it('reads a Tor-style CIDR list: comments, blank lines, IPv4/IPv6 addresses and ranges; bad lines reported by number', () => {
    const list = parseCidrList(
      'tor.txt',
      '# ExitAddress list\n\n185.220.101.1\n185.220.100.0/22  # a range\r\n2001:db8::/32\n10.0.0.0/33\nexit-node\n',
    );
    expect(list.entries).toEqual(['185.220.101.1', '185.220.100.0/22', '2001:db8::/32']);
    expect(list.errors.map((e) => [e.line, e.text])).toEqual([
      [6, '10.0.0.0/33'],
      [7, 'exit-node'],
    ]);
  });

  it('reads ASN lists written as 13335 or AS13335', () => {
    const list = parseAsnList('vpn.txt', 'AS9009 # M247\n13335\nas60068\nASX\n99999999999\n');
    expect(list.entries).toEqual([9009, 13335, 60068]);
    expect(list.errors.map((e) => e.line)).toEqual([4, 5]);
    expect(list.errors[0].message).toContain('is not an AS number');
  });
});
