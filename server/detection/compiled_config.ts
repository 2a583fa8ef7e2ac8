/**
 * A DetectionConfig turned into the lookup structures the hot path needs (sets, parsed CIDR ranges, compiled
 * user-list patterns). Built once per config object and cached, so consecutive batches with the same config pay
 * nothing.
 */
import type { DetectionConfig } from '../../common/detection_config';
import type { RuleId } from '../../common/constants';
import { IpRangeSet } from '../../common/ip_ranges';
import { compileUserPattern, type UserPattern } from '../../common/user_patterns';

export interface CompiledConfig {
  config: DetectionConfig;
  anonymousCategories: Set<string>;
  anonymousCidrs: IpRangeSet;
  anonymousAsns: Set<number>;
  trustedCidrs: IpRangeSet;
  trustedAsns: Set<number>;
  ignoredIpsExact: Set<string>;
  ignoredIpRanges: IpRangeSet;
  ignoredUsers: UserPattern[];
  enabledUsers: UserPattern[];
  vipUsers: Set<string>;
  /** Lower-cased names and ISO codes. */
  allowedCountries: Set<string>;
  ignoredIsps: Set<string>;
  mobileOs: Set<string>;
  filteredRules: Set<RuleId>;
  countedRules: Set<RuleId>;
  /** Lower-cased, each pair sorted. */
  ignoredCountryCouples: Array<[string, string]>;
  /** Whether a login's IP must be parsed at all (only when a CIDR list is non-empty). */
  needsIpRanges: boolean;
}

const cache = new WeakMap<DetectionConfig, CompiledConfig>();

function userMatchers(entries: readonly string[], f: DetectionConfig['filters']): UserPattern[] {
  return entries.map((entry) => compileUserPattern(entry, f.userPatterns, f.caseInsensitiveUsers));
}

export function compileConfig(config: DetectionConfig): CompiledConfig {
  const cached = cache.get(config);
  if (cached) return cached;
  const f = config.filters;
  const ci = f.caseInsensitiveUsers;
  const anonymousCidrs = new IpRangeSet(config.anonymousIp.cidrs);
  const trustedCidrs = new IpRangeSet(config.impossibleTravel.trustedCidrs);
  const compiled: CompiledConfig = {
    config,
    anonymousCategories: new Set(
      config.anonymousIp.intelligenceCategories.map((c) => (config.anonymousIp.caseInsensitive ? c.toLowerCase() : c)),
    ),
    anonymousCidrs,
    anonymousAsns: new Set(config.anonymousIp.asns),
    trustedCidrs,
    trustedAsns: new Set(config.impossibleTravel.trustedAsns),
    ignoredIpsExact: new Set(f.ignoredIps),
    ignoredIpRanges: new IpRangeSet(f.ignoredIpsMatch === 'cidr' ? f.ignoredIps : []),
    ignoredUsers: userMatchers(f.ignoredUsers, f),
    enabledUsers: userMatchers(f.enabledUsers, f),
    vipUsers: new Set(f.vipUsers.map((u) => (ci ? u.toLowerCase() : u))),
    allowedCountries: new Set(f.allowedCountries.map((c) => c.toLowerCase())),
    ignoredIsps: new Set(f.ignoredIsps),
    mobileOs: new Set(f.mobileOsNames),
    filteredRules: new Set(f.filteredRules),
    countedRules: new Set(config.risk.countedRules),
    ignoredCountryCouples: f.ignoredCountryCouples.map(
      ([a, b]) => [a.toLowerCase(), b.toLowerCase()].sort() as [string, string],
    ),
    needsIpRanges: anonymousCidrs.size > 0 || trustedCidrs.size > 0,
  };
  cache.set(config, compiled);
  return compiled;
}
