/**
 * The features plugin's server contract (`@kbn/features-plugin/server`, plugin id `features`): registering the
 * Kibana feature that turns this plugin's app and API privileges into role settings. Types only.
 *
 * Mirrors elastic/kibana x-pack/platform/plugins/shared/features/common/{kibana_feature.ts,
 * feature_kibana_privileges.ts} and .../features/server/plugin.ts (8.19: x-pack/plugins/features/...).
 */
declare module '@kbn/features-plugin/server' {
  /** src/core/packages/application/common/src/app_category.ts */
  export interface AppCategory {
    id: string;
    label: string;
    ariaLabel?: string;
    order?: number;
    euiIconType?: string;
  }

  /** feature_kibana_privileges.ts; `savedObject` and `ui` are required by `validateKibanaFeature`. */
  export interface FeatureKibanaPrivileges {
    excludeFromBasePrivileges?: boolean;
    requireAllSpaces?: boolean;
    disabled?: boolean;
    management?: { [sectionId: string]: readonly string[] };
    catalogue?: readonly string[];
    /** Names that routes require via `security.authz.requiredPrivileges`. Namespace them (they are global). */
    api?: readonly string[];
    app?: readonly string[];
    savedObject: { all: readonly string[]; read: readonly string[] };
    /** Become `capabilities.<featureId>.<name>` in the browser. */
    ui: readonly string[];
  }

  /** kibana_feature.ts (`KibanaFeatureConfig`), without the alerting/cases/sub-feature members we do not use. */
  export interface KibanaFeatureConfig {
    id: string;
    name: string;
    description?: string | null;
    category: AppCategory;
    order?: number;
    excludeFromBasePrivileges?: boolean;
    minimumLicense?: 'basic' | 'standard' | 'gold' | 'platinum' | 'enterprise' | 'trial';
    app: readonly string[];
    management?: { [sectionId: string]: readonly string[] };
    catalogue?: readonly string[];
    privileges: { all: FeatureKibanaPrivileges; read: FeatureKibanaPrivileges } | null;
    privilegesTooltip?: string;
    hidden?: boolean;
  }

  /** server/plugin.ts (`FeaturesPluginSetup`). Registration is locked after setup. */
  export interface FeaturesPluginSetup {
    registerKibanaFeature(feature: KibanaFeatureConfig): void;
  }
}
