/**
 * The detection settings in force: a profile's defaults, then what kibana.yml sets, then what an administrator
 * saved through the settings API (stored in Elasticsearch, settings_store.ts). Pure, so the task, the CLI and the
 * routes resolve the same way.
 */
import type { ProfileName } from '../../common/alert_document';
import {
  parseDetectionConfigOverrides,
  resolveDetectionConfig,
  type DetectionConfig,
  type DetectionConfigOverrides,
} from '../../common/detection_config';

/** The settings before any API change: from kibana.yml (or the CLI's config file). */
export interface BaseDetectionSettings {
  profile: ProfileName;
  overrides?: DetectionConfigOverrides;
}

export interface StoredDetectionSettings {
  profile?: ProfileName;
  overrides: DetectionConfigOverrides;
  version: number;
  updated_by?: string;
  updated_at?: string;
}

/** Section by section, key by key: a later layer's key wins; lists replace (as resolveDetectionConfig does). */
export function mergeOverrides(...layers: Array<DetectionConfigOverrides | undefined>): DetectionConfigOverrides {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const layer of layers) {
    for (const [section, body] of Object.entries(layer ?? {})) {
      merged[section] = { ...(merged[section] ?? {}), ...(body as Record<string, unknown>) };
    }
  }
  return merged as DetectionConfigOverrides;
}

/**
 * The effective configuration. A stored document that no longer validates (written by an older version whose
 * settings were since renamed) must not stop detection: its overrides are ignored and the reason returned, so the
 * caller can log it and the settings page can show it.
 */
export function effectiveDetectionConfig(
  base: BaseDetectionSettings,
  stored?: Pick<StoredDetectionSettings, 'profile' | 'overrides'>,
): { config: DetectionConfig; ignoredStored?: string } {
  const profile = stored?.profile ?? base.profile;
  if (stored) {
    const parsed = parseDetectionConfigOverrides(stored.overrides);
    if (parsed.ok) {
      try {
        return { config: resolveDetectionConfig(profile, mergeOverrides(base.overrides, parsed.value)) };
      } catch (error) {
        return {
          config: resolveDetectionConfig(base.profile, base.overrides),
          ignoredStored: (error as Error).message,
        };
      }
    }
    const reason = parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      config: resolveDetectionConfig(base.profile, base.overrides),
      ignoredStored: `Invalid stored settings: ${reason}`,
    };
  }
  return { config: resolveDetectionConfig(base.profile, base.overrides) };
}

/** Dotted paths whose value differs between two override sets (and `profile` when it changed): the audit's "what". */
export function changedSettings(
  before: Pick<StoredDetectionSettings, 'profile' | 'overrides'> | undefined,
  after: Pick<StoredDetectionSettings, 'profile' | 'overrides'>,
): string[] {
  const changed = new Set<string>();
  if ((before?.profile ?? undefined) !== (after.profile ?? undefined)) changed.add('profile');
  const a = (before?.overrides ?? {}) as Record<string, Record<string, unknown>>;
  const b = after.overrides as Record<string, Record<string, unknown>>;
  for (const section of new Set([...Object.keys(a), ...Object.keys(b)])) {
    for (const key of new Set([...Object.keys(a[section] ?? {}), ...Object.keys(b[section] ?? {})])) {
      if (JSON.stringify(a[section]?.[key]) !== JSON.stringify(b[section]?.[key])) changed.add(`${section}.${key}`);
    }
  }
  return [...changed].sort();
}
