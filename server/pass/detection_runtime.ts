/**
 * The detection settings and the enricher a pass runs with, from the same inputs the CLI's --config file and the
 * kibana.yml section carry: a profile, overrides, anonymiser list files and GeoIP databases. Built once and reused
 * across passes (the GeoIP readers, the loaded lists and the user-agent cache are worth keeping); the settings an
 * administrator saves through the API are read again by every pass (savedDetectionConfig).
 */
import { resolveDetectionConfig, type DetectionConfig } from '../detection';
import {
  emptyEnrichmentStats,
  GeoIp,
  loadAsnList,
  loadCidrList,
  UserAgentParser,
  type Enricher,
  type GeoIpPaths,
  type LoadedList,
} from '../enrichment';
import { esStatus } from '../routes/errors';
import type { BaseDetectionSettings } from '../settings/effective_config';
import { getEffectiveDetectionConfig, settingsIndexName } from '../settings/settings_store';
import type { EsClient } from '../storage';
import type { DetectionConfigOverrides } from '../../common/detection_config';
import type { ProfileName } from '../../common/alert_document';

export interface DetectionRuntimeInput {
  profile: ProfileName;
  overrides?: unknown;
  anonymizerLists?: { cidrFiles: readonly string[]; asnFiles: readonly string[] };
  geoip?: GeoIpPaths;
}

export interface DetectionRuntime {
  /** kibana.yml's (or --config's) profile and overrides: what settings saved through the API are layered on. */
  base: BaseDetectionSettings;
  /** The base resolved, with the list files' entries. */
  detection: DetectionConfig;
  enricher: Enricher;
  /** Adds the anonymiser list files' entries to a configuration resolved from other settings. */
  withLists(config: DetectionConfig): DetectionConfig;
}

export interface RuntimeLoadOptions {
  /** Each list file's unreadable lines (skipped), for the caller to report. */
  onListLoaded?: (list: LoadedList<unknown>) => void;
}

/** Which input made loadDetectionRuntime fail: the CLI reports a bad setting and an unreadable file differently. */
export class DetectionRuntimeError extends Error {
  constructor(
    message: string,
    readonly input: 'settings' | 'anonymizer_list' | 'geoip',
  ) {
    super(message);
    this.name = 'DetectionRuntimeError';
  }
}

/** Throws a DetectionRuntimeError on invalid overrides (the message names the key) and unreadable list or GeoIP files. */
export async function loadDetectionRuntime(
  input: DetectionRuntimeInput,
  options: RuntimeLoadOptions = {},
): Promise<DetectionRuntime> {
  const failing = async <T>(kind: DetectionRuntimeError['input'], load: () => T | Promise<T>): Promise<T> => {
    try {
      return await load();
    } catch (error) {
      throw new DetectionRuntimeError((error as Error).message, kind);
    }
  };
  const detection = await failing('settings', () => resolveDetectionConfig(input.profile, input.overrides));
  const cidrs: string[] = [];
  const asns: number[] = [];
  for (const file of input.anonymizerLists?.cidrFiles ?? []) {
    const list = await failing('anonymizer_list', () => loadCidrList(file));
    options.onListLoaded?.(list);
    // One by one: spread into push, a list past ~125,000 entries overflowed the stack.
    for (const entry of list.entries) cidrs.push(entry);
  }
  for (const file of input.anonymizerLists?.asnFiles ?? []) {
    const list = await failing('anonymizer_list', () => loadAsnList(file));
    options.onListLoaded?.(list);
    for (const entry of list.entries) asns.push(entry);
  }
  // List files add to whatever the profile and overrides already list.
  const withLists = (config: DetectionConfig): DetectionConfig =>
    cidrs.length || asns.length
      ? {
          ...config,
          anonymousIp: {
            ...config.anonymousIp,
            cidrs: [...config.anonymousIp.cidrs, ...cidrs],
            asns: [...config.anonymousIp.asns, ...asns],
          },
        }
      : config;
  const paths = input.geoip;
  const geoIp = paths && (paths.city || paths.asn) ? await failing('geoip', () => GeoIp.open(paths)) : undefined;
  return {
    base: { profile: input.profile, overrides: (input.overrides ?? {}) as DetectionConfigOverrides },
    detection: withLists(detection),
    enricher: { userAgents: new UserAgentParser(), geoIp, stats: emptyEnrichmentStats() },
    withLists,
  };
}

/** What a pass needs to apply the settings saved through the API (a DetectionRuntime is one). */
export type SavedSettingsSource = Pick<DetectionRuntime, 'base' | 'detection' | 'withLists'>;

/**
 * The configuration a pass runs with: the space's settings saved through the API over the base. Stored settings
 * that no longer validate, or that these credentials may not read, must not stop detection: the base is used and
 * the reason logged. Any other failure (the cluster unreachable) fails the pass like any of its requests would.
 */
export async function savedDetectionConfig(
  client: EsClient,
  space: string,
  source: SavedSettingsSource,
  logger: { warn(message: string): void },
): Promise<DetectionConfig> {
  let effective: Awaited<ReturnType<typeof getEffectiveDetectionConfig>>;
  try {
    effective = await getEffectiveDetectionConfig(client, space, source.base);
  } catch (error) {
    if (esStatus(error) !== 403) throw error;
    logger.warn(
      `cannot read the settings saved through the API (no read privilege on "${settingsIndexName(space)}"); running with kibana.yml's settings`,
    );
    return source.detection;
  }
  if (effective.ignoredStored !== undefined) {
    logger.warn(
      `the settings saved through the API are ignored, running with kibana.yml's settings: ${effective.ignoredStored}`,
    );
    return source.detection;
  }
  return source.withLists(effective.config);
}
