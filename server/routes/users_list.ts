import { schema } from '@kbn/config-schema';
import { API_PATHS, USER_SORT_FIELDS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildUsersRiskSearch, usersRiskFrom, withRiskNow } from '../queries/user_risk';
import { buildUsersListSearch, shapeUsersPage, type StateDocument } from '../queries/users';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { refreshStaleRisksForRead } from '../triage/risk_refresh';
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
 * In the score model (default profile) each user's shown risk is read now from their open alerts
 * (server/queries/user_risk.ts), and the order and the level filter are that same risk's, from its time-independent
 * stored key (server/queries/current_risk.ts; keys gone stale are refreshed first, server/triage/risk_refresh.ts).
 * In the count model (buffalogs profile), the risk the detector stored.
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
          const [window, { config }] = await Promise.all([
            maxResultWindow(client, indices.state),
            getEffectiveDetectionConfig(client, space, deps.detectionBase()),
          ]);
          const now = Date.now();
          const scores = config.risk.model === 'alert_scores';
          if (scores) await refreshStaleRisksForRead(client, indices, config.risk, now, deps.logger);
          const {
            request: search,
            sort,
            page,
            size,
          } = buildUsersListSearch(
            indices.state,
            { ...q, risk_level: asList(q.risk_level) },
            window,
            scores ? { now, risk: config.risk } : undefined,
          );
          const result = await client.search<StateDocument>(search);
          const body = shapeUsersPage(result, sort, size, page);
          if (scores && body.items.length > 0) {
            // The score model: each user's risk now, from their open alerts (triage counts at once).
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
