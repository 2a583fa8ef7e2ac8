import type { AnonymousIpEvidence } from '../../../common/alert_document';
import { PLACE, config, login, oldUserState, run, summary } from '../test_fixtures';

const U = 'carol';
const QUIET = { filters: { learningPeriodDays: 0, minimumRiskLevel: 'no_risk' } };
const TOR = { anonymousIp: { cidrs: ['185.220.100.0/22', '2a0b:f4c2::/40'], asns: [60729] } };
const one = (spec: Partial<Parameters<typeof login>[0]>, cfg: ReturnType<typeof config>) =>
  run([[login({ user: U, id: 'x', at: '2025-01-01T10:00:00Z', ip: '192.0.2.1', place: PLACE.rome, ...spec })]], cfg, {
    states: oldUserState(U),
  });
const evidence = (out: ReturnType<typeof run>) => out.alerts[0]?.buffalogs.evidence as AnonymousIpEvidence | undefined;

describe.each([
  ['buffalogs', config('buffalogs', { ...QUIET, ...TOR })],
  ['default', config('default', { ...QUIET, ...TOR })],
])('anonymous IP (%s)', (_name, cfg) => {
  it("fires on source.intelligence_category 'anonymizer', even on the user's first login", () => {
    const out = one({ intel: 'anonymizer', ip: '203.0.113.20' }, cfg);
    expect(summary(out.alerts)).toEqual(['anonymous_ip@x']);
    expect(evidence(out)).toEqual({
      kind: 'anonymous_ip',
      signal: 'source.intelligence_category',
      matched: 'anonymizer',
      ip: '203.0.113.20',
    });
    expect(out.alerts[0].message).toBe(
      'Login for carol from anonymous IP 203.0.113.20: source.intelligence_category is "anonymizer"',
    );
  });

  it('does not fire for other categories', () => {
    expect(one({ intel: 'benign' }, cfg).alerts).toEqual([]);
    expect(one({ intel: 'not_anonymizer_test' }, cfg).alerts).toEqual([]);
  });

  it('fires for an address in the CIDR list, IPv4 and IPv6', () => {
    expect(evidence(one({ ip: '185.220.101.7' }, cfg))).toMatchObject({
      signal: 'cidr_list',
      matched: '185.220.101.7',
    });
    expect(evidence(one({ ip: '2a0b:f4c2:2::1' }, cfg))).toMatchObject({ signal: 'cidr_list' });
    expect(one({ ip: '185.220.104.1' }, cfg).alerts).toEqual([]);
  });

  it('fires for an AS in the ASN list', () => {
    expect(evidence(one({ ip: '192.0.2.55', asn: 60729 }, cfg))).toMatchObject({
      signal: 'asn_list',
      matched: 'AS60729',
    });
  });
});

describe('anonymous IP: profile differences', () => {
  it('buffalogs compares the category exactly; default ignores case', () => {
    expect(one({ intel: 'Anonymizer' }, config('buffalogs', QUIET)).alerts).toEqual([]);
    expect(summary(one({ intel: 'Anonymizer' }, config('default', QUIET)).alerts)).toEqual(['anonymous_ip@x']);
  });

  it('default judges a login without geolocation; buffalogs drops it before detection, as its ingestion does', () => {
    expect(summary(one({ intel: 'anonymizer', place: undefined }, config('default', QUIET)).alerts)).toEqual([
      'anonymous_ip@x',
    ]);
    const b = one({ intel: 'anonymizer', place: undefined }, config('buffalogs', QUIET));
    expect(b.alerts).toEqual([]);
    expect(b.stats.skipped).toBe(1);
  });
});
