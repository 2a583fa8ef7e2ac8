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
import { isPrototypeKey, ownValue } from '../../common/own_keys';

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
      // A stored document may predate the validator's own-key checks: `__proto__` here would re-parent `merged`.
      if (isPrototypeKey(section) || typeof body !== 'object' || body === null) continue;
      const into = (ownValue(merged, section) ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
        if (!isPrototypeKey(key)) into[key] = value;
      }
      merged[section] = into;
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
  const a = before?.overrides ?? {};
  const b = after.overrides;
  // Own keys only: a stored document may name `toString`, and `{}.toString` must not read as its old value.
  const keysOf = (o: unknown): string[] => (typeof o === 'object' && o !== null ? Object.keys(o) : []);
  const at = (o: object, section: string, key: string): unknown => {
    const body = ownValue(o, section);
    return typeof body === 'object' && body !== null ? ownValue(body, key) : undefined;
  };
  for (const section of new Set([...keysOf(a), ...keysOf(b)])) {
    for (const key of new Set([...keysOf(ownValue(a, section)), ...keysOf(ownValue(b, section))])) {
      if (JSON.stringify(at(a, section, key)) !== JSON.stringify(at(b, section, key))) changed.add(`${section}.${key}`);
    }
  }
  return [...changed].sort();
}
