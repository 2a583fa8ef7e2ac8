import { schema } from '@kbn/config-schema';
import type { ElasticsearchClient } from '@kbn/core/server';
import {
  API_LIMITS,
  API_PATHS,
  type ObservationsCountResponse,
  type ObservationsListQuery,
  type ObservationsListResponse,
} from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { totalOf } from '../queries/pagination';
import {
  buildObservationsCountSearch,
  buildObservationsListSearch,
  shapeObservationsPage,
  type StoredObservation,
} from '../queries/observations';
import { observationsIndex } from '../storage/index_names';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { maxResultWindow } from './max_result_window';
import { checkRange, cursorParam, isoDate, pageParam, signalParam, userNameParam } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

const observationsSize = schema.number({
  min: 1,
  max: API_LIMITS.maxObservations,
  defaultValue: API_LIMITS.defaultObservations,
  validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
});

/** Range and paging, as both observation lists take them (page or cursor, as the alerts list: pagination.ts). */
const listProps = {
  from: schema.maybe(isoDate),
  to: schema.maybe(isoDate),
  page: schema.maybe(pageParam),
  size: observationsSize,
  cursor: schema.maybe(cursorParam),
};

/** One page of the space's observations, as both lists answer it (numbered pages bounded by the index's window). */
async function observationsPage(
  client: ElasticsearchClient,
  space: string,
  query: ObservationsListQuery & { size: number },
): Promise<ObservationsListResponse> {
  const index = observationsIndex(space);
  const { request, page, size } = buildObservationsListSearch(index, query, await maxResultWindow(client, index));
  return shapeObservationsPage(await client.search<StoredObservation>(request), size, page);
}

/**
 * `GET /api/buffalogs/users/{name}/observations?from&to&page&size&cursor`: the user's observations (issue 12), newest
 * first — logins whose verdict stayed under the alerting threshold, with their signals, score and why. Not alerts: the
 * user page lists them, the alert flyout shows those of the day before a login verdict. A space with no observation
 * yet (its index is created on the first) and a user with none answer an empty list. Paged as the list of every
 * user's (`page`, `size`, `next_cursor` added to the answer, nothing taken from it).
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
            query: schema.object(listProps, { validate: checkRange }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          return response.ok({
            body: await observationsPage(client, space, { ...request.query, user: request.params.name }),
          });
        }),
    );
}

/**
 * `GET /api/buffalogs/observations?from&to&user&signal&page&size&cursor`: every user's observations (issue 12:
 * "stored, searchable"), newest first — or one user's (`user`, exact), or those with one signal among theirs
 * (`signal`, a SIGNAL_IDS id). Numbered pages within the index's max_result_window, then `next_cursor`, as the alerts
 * list. A space with no observation yet answers an empty list, total 0.
 */
export function registerObservationsListRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.observations,
      access: 'public',
      summary: "Every user's observations (logins under the alerting threshold), filtered and paged",
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object(
              { ...listProps, user: schema.maybe(userNameParam), signal: schema.maybe(signalParam) },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, space } = await requestScope(context, request, deps);
          return response.ok({ body: await observationsPage(client, space, request.query) });
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
