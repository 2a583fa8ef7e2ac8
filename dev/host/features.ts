/**
 * The features plugin double (elastic/kibana x-pack/platform/plugins/shared/features/server/{plugin.ts,
 * feature_registry.ts}): registration validated and locked after setup. The host derives the user's API privileges
 * (checked against routes' `security.authz`) and the browser's `capabilities` from what is registered here.
 */
import type {
  AlertingKibanaPrivilege,
  FeatureKibanaPrivileges,
  FeaturesPluginSetup,
  KibanaFeatureConfig,
} from '@kbn/features-plugin/server';

export type FeaturePrivilegeLevel = 'all' | 'read' | 'none';

export class FeaturesHost {
  private readonly features = new Map<string, KibanaFeatureConfig>();
  private locked = false;

  public setupContract(): FeaturesPluginSetup {
    return {
      registerKibanaFeature: (feature) => {
        if (this.locked) {
          throw new Error(
            `Features are locked, can't register new features. Attempt to register ${feature.id} failed.`,
          );
        }
        if (this.features.has(feature.id)) throw new Error(`Feature with id ${feature.id} is already registered.`);
        if (!/^[a-zA-Z0-9_-]+$/.test(feature.id)) throw new Error(`[id]: Invalid feature id "${feature.id}"`);
        for (const level of ['all', 'read'] as const) {
          const p = feature.privileges?.[level];
          if (feature.privileges && (!p || !p.savedObject || !Array.isArray(p.ui))) {
            throw new Error(`[privileges.${level}]: savedObject and ui are required`);
          }
          for (const app of p?.app ?? []) {
            if (!feature.app.includes(app)) {
              throw new Error(`Feature privilege ${feature.id}.${level} has unknown app entries: ${app}`);
            }
          }
        }
        validateAlerting(feature);
        this.features.set(feature.id, structuredClone({ ...feature, privileges: feature.privileges }));
      },
    };
  }

  /** Called when plugins start: Kibana's registry is locked from then on. */
  public lock() {
    this.locked = true;
  }

  public list(): KibanaFeatureConfig[] {
    return [...this.features.values()];
  }

  /** API privileges a role with `level` on every registered feature holds. */
  public apiPrivileges(level: FeaturePrivilegeLevel): Set<string> {
    if (level === 'none') return new Set();
    return new Set(this.list().flatMap((f) => [...(f.privileges?.[level]?.api ?? [])]));
  }

  /** Browser capabilities (`capabilities.<featureId>.<ui>`, `navLinks.<app>`, `catalogue.<id>`) for `level`. */
  public capabilities(level: FeaturePrivilegeLevel) {
    const caps: {
      navLinks: Record<string, boolean>;
      management: Record<string, Record<string, boolean>>;
      catalogue: Record<string, boolean>;
      [id: string]: Record<string, unknown>;
    } = {
      navLinks: {},
      management: {},
      catalogue: {},
    };
    for (const f of this.list()) {
      const granted = level === 'none' ? undefined : f.privileges?.[level];
      const allUi = new Set([...(f.privileges?.all.ui ?? []), ...(f.privileges?.read.ui ?? [])]);
      caps[f.id] = Object.fromEntries([...allUi].map((ui) => [ui, Boolean(granted?.ui.includes(ui))]));
      for (const app of f.app) caps.navLinks[app] = Boolean(granted?.app?.includes(app) ?? granted);
      for (const c of f.catalogue ?? []) caps.catalogue[c] = Boolean(granted?.catalogue?.includes(c));
    }
    return caps;
  }
}

/**
 * The alerting part of Kibana's `validateKibanaFeature` (features/server/feature_schema.ts, 8.19 and 9.x): entries
 * are `{ ruleTypeId, consumers }` with at least one consumer, and every rule type and consumer a privilege grants
 * must be listed in the feature's own `alerting`.
 */
function validateAlerting(feature: KibanaFeatureConfig): void {
  const shape = (where: string, list: unknown) => {
    if (!Array.isArray(list)) throw new Error(`[${where}]: expected value of type [array] but got [${typeof list}]`);
    list.forEach((entry: unknown, i) => {
      const e = entry as { ruleTypeId?: unknown; consumers?: unknown };
      if (typeof entry !== 'object' || entry === null || typeof e.ruleTypeId !== 'string') {
        throw new Error(`[${where}.${i}]: expected a value of type [object] with a string ruleTypeId`);
      }
      if (!Array.isArray(e.consumers) || e.consumers.length === 0) {
        throw new Error(`[${where}.${i}.consumers]: array size is [0], but cannot be smaller than [1]`);
      }
    });
    return list as AlertingKibanaPrivilege;
  };
  const declared = new Map(
    shape('alerting', feature.alerting ?? []).map((e) => [e.ruleTypeId, new Set(e.consumers)] as const),
  );
  for (const level of ['all', 'read'] as const) {
    const alerting: FeatureKibanaPrivileges['alerting'] = feature.privileges?.[level]?.alerting;
    for (const [group, grants] of Object.entries({
      ...prefix('rule', alerting?.rule),
      ...prefix('alert', alerting?.alert),
    })) {
      for (const { ruleTypeId, consumers } of shape(`privileges.${level}.alerting.${group}`, grants)) {
        const known = declared.get(ruleTypeId);
        if (!known) throw new Error(`Feature privilege ${feature.id}.${level} has unknown ruleTypeId: ${ruleTypeId}`);
        for (const consumer of consumers) {
          if (!known.has(consumer)) {
            throw new Error(`Feature privilege ${feature.id}.${level}.${ruleTypeId} has unknown consumer: ${consumer}`);
          }
        }
      }
    }
  }
}

/** `rule.all` next to `alert.all` without one hiding the other. */
const prefix = (group: string, grants?: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(grants ?? {}).map(([k, v]) => [`${group}.${k}`, v]));
