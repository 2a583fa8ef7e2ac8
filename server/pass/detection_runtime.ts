/**
 * The detection settings and the enricher a pass runs with, from the same inputs the CLI's --config file and the
 * kibana.yml section carry: a profile, overrides, anonymiser list files and GeoIP databases. Built once and reused
 * across passes (the GeoIP readers and the user-agent cache are worth keeping).
 */
import { resolveDetectionConfig, type DetectionConfig } from '../detection';
import { emptyEnrichmentStats, GeoIp, loadAsnList, loadCidrList, UserAgentParser, type Enricher, type GeoIpPaths } from '../enrichment';
import type { ProfileName } from '../../common/alert_document';

export interface DetectionRuntimeInput {
  profile: ProfileName;
  overrides?: unknown;
  anonymizerLists?: { cidrFiles: readonly string[]; asnFiles: readonly string[] };
  geoip?: GeoIpPaths;
}

export interface DetectionRuntime {
  detection: DetectionConfig;
  enricher: Enricher;
}

export async function loadDetectionRuntime(input: DetectionRuntimeInput): Promise<DetectionRuntime> {
  const detection = resolveDetectionConfig(input.profile, input.overrides);
  for (const file of input.anonymizerLists?.cidrFiles ?? []) {
    detection.anonymousIp.cidrs = [...detection.anonymousIp.cidrs, ...(await loadCidrList(file)).entries];
  }
  for (const file of input.anonymizerLists?.asnFiles ?? []) {
    detection.anonymousIp.asns = [...detection.anonymousIp.asns, ...(await loadAsnList(file)).entries];
  }
  const geoIp = input.geoip && (input.geoip.city || input.geoip.asn) ? await GeoIp.open(input.geoip) : undefined;
  return { detection, enricher: { userAgents: new UserAgentParser(), geoIp, stats: emptyEnrichmentStats() } };
}
