/** What the settings route refuses in the trusted networks, whatever spelling the range is written in. */
import { resolveDetectionConfig, type DetectionConfig } from './detection_config';
import { trustedNetworkErrors } from './trust_network';

const withTrusted = (trustedCidrs: string[], anonymous: string[] = []): DetectionConfig => {
  const base = resolveDetectionConfig('default');
  return {
    ...base,
    impossibleTravel: { ...base.impossibleTravel, trustedCidrs },
    anonymousIp: { ...base.anonymousIp, cidrs: anonymous },
  };
};

test('all of IPv4 written as an IPv4-mapped IPv6 range (/96) is as wide as 0.0.0.0/0: refused', () => {
  expect(trustedNetworkErrors(withTrusted(['::ffff:0.0.0.0/96', '::ffff:0:0/97']))).toEqual([
    {
      path: 'impossibleTravel.trustedCidrs[0]',
      message: '"::ffff:0.0.0.0/96" is too wide to trust: at most a /8 (IPv4)',
    },
    { path: 'impossibleTravel.trustedCidrs[1]', message: '"::ffff:0:0/97" is too wide to trust: at most a /8 (IPv4)' },
  ]);
});

test('a mapped range is checked against the anonymiser list as the IPv4 range it is', () => {
  expect(trustedNetworkErrors(withTrusted(['::ffff:185.220.101.0/120'], ['185.220.101.0/24']))).toEqual([
    {
      path: 'impossibleTravel.trustedCidrs[0]',
      message: '"::ffff:185.220.101.0/120" overlaps the anonymiser list (185.220.101.0/24): never trusted',
    },
  ]);
  expect(trustedNetworkErrors(withTrusted(['::ffff:10.0.0.0/104', '10.0.0.0/8', '2001:db8::/32']))).toEqual([]);
});

test('the usual spellings: /0 in any form, leading zeros in the prefix, surrounding whitespace', () => {
  const paths = (cidrs: string[]) => trustedNetworkErrors(withTrusted(cidrs)).map((e) => e.path);
  expect(paths(['0.0.0.0/0', ' ::/0', '0.0.0.0/00', '1.2.3.4/7', 'fe80::1%eth0/0'])).toHaveLength(5);
  expect(paths(['1.2.3.4/008', '10.0.0.0/8\n', '2001:db8::/19'])).toEqual([]);
});
