import type { AlertingKibanaPrivilege, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { SECURITY_APP_CATEGORY, UI_CAPABILITIES } from '../common/app_category';
import { PLUGIN_ID, PLUGIN_NAME } from '../common/constants';
import { RULE_TYPE_ID } from './alerting/rule_type';

/**
 * API privilege names that routes require in `security.authz.requiredPrivileges`. They are global across Kibana,
 * hence the plugin prefix. `all` includes everything `read` grants.
 */
export const API_PRIVILEGES = { read: `${PLUGIN_ID}-read`, all: `${PLUGIN_ID}-all` } as const;

/**
 * The rule type "BuffaLogs alerts" for the rules of two consumers: `buffalogs` (the producer) and `alerts`, the
 * consumer Stack Management's rule form gives rules (Kibana's ALERTING_FEATURE_ID), as Kibana's own Stack Rules
 * feature lists its rule types (x-pack/platform/plugins/shared/stack_alerts/server/feature.ts). The object form is
 * the one 8.19 and 9.x both validate (features/server/feature_schema.ts; kibana-types/kbn_features_plugin_server.d.ts).
 */
export const ALERTING_CONSUMERS = [PLUGIN_ID, 'alerts'] as const;
const ruleTypes: AlertingKibanaPrivilege = [{ ruleTypeId: RULE_TYPE_ID, consumers: ALERTING_CONSUMERS }];

/**
 * The Kibana feature: what an admin grants in Roles / Spaces. "Read" lets an analyst see users and alerts, and read
 * "BuffaLogs alerts" rules and their Kibana alerts; "All" also lets them triage alerts, change settings, send test
 * messages, and create, edit and run those rules. BuffaLogs stores no saved objects.
 */
export const buffalogsFeature: KibanaFeatureConfig = {
  id: PLUGIN_ID,
  name: PLUGIN_NAME,
  description: 'Finds compromised accounts in ECS authentication logs.',
  category: SECURITY_APP_CATEGORY,
  app: [PLUGIN_ID],
  alerting: ruleTypes,
  privileges: {
    all: {
      app: [PLUGIN_ID],
      api: [API_PRIVILEGES.read, API_PRIVILEGES.all],
      alerting: { rule: { all: ruleTypes }, alert: { all: ruleTypes } },
      savedObject: { all: [], read: [] },
      ui: [UI_CAPABILITIES.show, UI_CAPABILITIES.save],
    },
    read: {
      app: [PLUGIN_ID],
      api: [API_PRIVILEGES.read],
      alerting: { rule: { read: ruleTypes }, alert: { read: ruleTypes } },
      savedObject: { all: [], read: [] },
      ui: [UI_CAPABILITIES.show],
    },
  },
};
