/**
 * The features plugin's server contract (`@kbn/features-plugin/server`, plugin id `features`): registering the
 * Kibana feature that turns this plugin's app and API privileges into role settings. Types only.
 *
 * Mirrors elastic/kibana x-pack/platform/plugins/shared/features/common/{kibana_feature.ts,
 * feature_kibana_privileges.ts, alerting_kibana_privilege.ts} and .../features/server/plugin.ts (the same paths on
 * the 8.19 and 9.x branches: the relocation to x-pack/platform/ landed in 8.18).
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

  /**
   * alerting_kibana_privilege.ts: rule types a privilege grants, each for the rules of these consumers. The object
   * form replaced plain rule type id lists in elastic/kibana#183756 ("Decouple feature IDs from consumers", 8.18 and
   * 9.0), so 8.19 and 9.x take the same shape; server/feature_schema.ts validates it.
   */
  export type AlertingKibanaPrivilege = ReadonlyArray<{ ruleTypeId: string; consumers: readonly string[] }>;

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
    /** Each entry must be listed in the feature's own `alerting` (validateKibanaFeature). */
    alerting?: {
      rule?: {
        all?: AlertingKibanaPrivilege;
        read?: AlertingKibanaPrivilege;
        enable?: AlertingKibanaPrivilege;
        manual_run?: AlertingKibanaPrivilege;
        manage_rule_settings?: AlertingKibanaPrivilege;
        write?: AlertingKibanaPrivilege;
      };
      alert?: { all?: AlertingKibanaPrivilege; read?: AlertingKibanaPrivilege };
    };
    savedObject: { all: readonly string[]; read: readonly string[] };
    /** Become `capabilities.<featureId>.<name>` in the browser. */
    ui: readonly string[];
  }

  /** kibana_feature.ts (`KibanaFeatureConfig`), without the cases/sub-feature members we do not use. */
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
    /** The rule types (and consumers) the feature's privileges may grant. */
    alerting?: AlertingKibanaPrivilege;
    privileges: { all: FeatureKibanaPrivileges; read: FeatureKibanaPrivileges } | null;
    privilegesTooltip?: string;
    hidden?: boolean;
  }

  /** server/plugin.ts (`FeaturesPluginSetup`). Registration is locked after setup. */
  export interface FeaturesPluginSetup {
    registerKibanaFeature(feature: KibanaFeatureConfig): void;
  }
}
