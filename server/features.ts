import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { SECURITY_APP_CATEGORY, UI_CAPABILITIES } from '../common/app_category';
import { PLUGIN_ID, PLUGIN_NAME } from '../common/constants';

/**
 * API privilege names that routes require in `security.authz.requiredPrivileges`. They are global across Kibana,
 * hence the plugin prefix. `all` includes everything `read` grants.
 */
export const API_PRIVILEGES = { read: `${PLUGIN_ID}-read`, all: `${PLUGIN_ID}-all` } as const;

/**
 * The Kibana feature: what an admin grants in Roles / Spaces. "Read" lets an analyst see users and alerts;
 * "All" also lets them triage alerts and change settings. BuffaLogs stores no saved objects.
 */
export const buffalogsFeature: KibanaFeatureConfig = {
  id: PLUGIN_ID,
  name: PLUGIN_NAME,
  description: 'Finds compromised accounts in ECS authentication logs.',
  category: SECURITY_APP_CATEGORY,
  app: [PLUGIN_ID],
  privileges: {
    all: {
      app: [PLUGIN_ID],
      api: [API_PRIVILEGES.read, API_PRIVILEGES.all],
      savedObject: { all: [], read: [] },
      ui: [UI_CAPABILITIES.show, UI_CAPABILITIES.save],
    },
    read: {
      app: [PLUGIN_ID],
      api: [API_PRIVILEGES.read],
      savedObject: { all: [], read: [] },
      ui: [UI_CAPABILITIES.show],
    },
  },
};
