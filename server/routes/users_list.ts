import { schema } from '@kbn/config-schema';
import { API_PATHS, USER_SORT_FIELDS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildUsersRiskSearch, usersRiskFrom, withRiskNow } from '../queries/user_risk';
import { buildUsersListSearch, shapeUsersPage, type StateDocument } from '../queries/users';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { maxResultWindow } from './max_result_window';
import {
  asList,
  cursorParam,
  directionParam,
  oneOfStrings,
  pageParam,
  riskLevelParam,
  searchParam,
  sizeParam,
} from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/users`: users with their risk, riskiest first by default; searchable by name; paged like alerts.
 * Sorted and filtered by the risk the detector stored; in the score model (default profile) each user's shown risk is
 * read now from their open alerts (server/queries/user_risk.ts), so it can be lower than the order suggests once
 * alerts are closed or have faded.
 */
export function registerUsersListRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.users,
      access: 'public',
      summary: 'List users by risk',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object({
              search: schema.maybe(searchParam),
              risk_level: schema.maybe(riskLevelParam),
              sort: schema.maybe(oneOfStrings(USER_SORT_FIELDS)),
              direction: schema.maybe(directionParam),
              page: schema.maybe(pageParam),
              size: schema.maybe(sizeParam),
              cursor: schema.maybe(cursorParam),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices, space } = await requestScope(context, request, deps);
          const q = request.query;
          const window = await maxResultWindow(client, indices.state);
          const {
            request: search,
            sort,
            page,
            size,
          } = buildUsersListSearch(indices.state, { ...q, risk_level: asList(q.risk_level) }, window);
          const [result, { config }] = await Promise.all([
            client.search<StateDocument>(search),
            getEffectiveDetectionConfig(client, space, deps.detectionBase()),
          ]);
          const body = shapeUsersPage(result, sort, size, page);
          if (config.risk.model === 'alert_scores' && body.items.length > 0) {
            // The score model: each user's risk now, from their open alerts (triage counts at once).
            const now = Date.now();
            const names = body.items.map((u) => u.name);
            const risks = usersRiskFrom(
              await client.search(buildUsersRiskSearch(indices.alerts, names, now, config.risk)),
              now,
              config.risk,
            );
            body.items = body.items.map((u) => withRiskNow(u, risks.get(u.name)));
          }
          return response.ok({ body });
        }),
    );
}
