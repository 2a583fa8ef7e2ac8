import { schema } from '@kbn/config-schema';
import { API_PATHS, type SettingsHistoryResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { readSettingsHistory } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/** `GET /api/buffalogs/settings/history`: who changed which settings and when, newest first. */
export function registerSettingsHistoryRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.settingsHistory,
      access: 'public',
      summary: 'Detection settings change history',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object({
              size: schema.number({
                min: 1,
                max: 100,
                defaultValue: 20,
                validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
              }),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          const body: SettingsHistoryResponse = await readSettingsHistory(
            client,
            space,
            deps.detectionBase(),
            request.query.size,
          );
          return response.ok({ body });
        }),
    );
}
