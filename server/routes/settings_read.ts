import { API_PATHS, type SettingsResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { effectiveDetectionConfig } from '../settings/effective_config';
import { readSettings } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/settings`: the detection settings: the profile, what was changed through the API, and the
 * effective values the detector runs with. Only detection settings exist here; credentials stay in kibana.yml and
 * never appear in a response.
 */
export function registerSettingsReadRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.settings,
      access: 'public',
      summary: 'Read the detection settings',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { client, space } = await requestScope(context, request, deps);
        const base = deps.detectionBase();
        const stored = await readSettings(client, space);
        const { config, ignoredStored } = effectiveDetectionConfig(base, stored.version > 0 ? stored : undefined);
        if (ignoredStored) deps.logger.warn(`Stored detection settings ignored: ${ignoredStored}`);
        const body: SettingsResponse = {
          profile: config.profile,
          overrides: stored.overrides,
          effective: config,
          version: stored.version,
          ...(stored.updated_by ? { updated_by: stored.updated_by } : {}),
          ...(stored.updated_at ? { updated_at: stored.updated_at } : {}),
        };
        return response.ok({ body });
      }),
    );
}
