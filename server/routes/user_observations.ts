import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, type ObservationItem, type ObservationsCountResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { totalOf } from '../queries/pagination';
import {
  buildObservationsCountSearch,
  buildUserObservationsSearch,
  shapeUserObservations,
} from '../queries/observations';
import { observationsIndex } from '../storage/index_names';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { checkRange, isoDate, userNameParam } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

const observationsSize = schema.number({
  min: 1,
  max: API_LIMITS.maxObservations,
  defaultValue: API_LIMITS.defaultObservations,
  validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
});

/**
 * `GET /api/buffalogs/users/{name}/observations?from&to&size`: the user's observations (issue 12), newest first —
 * logins whose verdict stayed under the alerting threshold, with their signals, score and why. Not alerts: the user
 * page lists them, the alert flyout shows those of the day before a login verdict. A space with no observation yet
 * (its index is created on the first) and a user with none answer an empty list.
 */
export function registerUserObservationsRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.userObservations,
      access: 'public',
      summary: "One user's observations (logins under the alerting threshold)",
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            params: schema.object({ name: userNameParam }),
            query: schema.object(
              { from: schema.maybe(isoDate), to: schema.maybe(isoDate), size: observationsSize },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          const result = await client.search<Omit<ObservationItem, 'id'>>(
            buildUserObservationsSearch(observationsIndex(space), request.params.name, request.query),
          );
          return response.ok({ body: shapeUserObservations(result) });
        }),
    );
}

/**
 * `GET /api/buffalogs/stats/observations?from&to`: how many observations the range holds (every user's), the
 * Overview's figure beside its alerts. 0 when the space has none yet.
 */
export function registerObservationsCountRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.observationsCount,
      access: 'public',
      summary: 'How many observations (logins under the alerting threshold) a period holds',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object({ from: schema.maybe(isoDate), to: schema.maybe(isoDate) }, { validate: checkRange }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          const result = await client.search(buildObservationsCountSearch(observationsIndex(space), request.query));
          const { total, relation } = totalOf(result.hits.total);
          const body: ObservationsCountResponse = { total, total_relation: relation };
          return response.ok({ body });
        }),
    );
}
