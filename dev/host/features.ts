/**
 * The features plugin double (elastic/kibana x-pack/platform/plugins/shared/features/server/{plugin.ts,
 * feature_registry.ts}): registration validated and locked after setup. The host derives the user's API privileges
 * (checked against routes' `security.authz`) and the browser's `capabilities` from what is registered here.
 */
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';

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
