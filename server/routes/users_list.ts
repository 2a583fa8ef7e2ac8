import { schema } from '@kbn/config-schema';
import { API_PATHS, USER_SORT_FIELDS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildUsersListSearch, shapeUsersPage, type StateDocument } from '../queries/users';
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

/** `GET /api/buffalogs/users`: users with their risk, riskiest first by default; searchable by name; paged like alerts. */
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
          const { client, indices } = await requestScope(context, request, deps);
          const q = request.query;
          const window = await maxResultWindow(client, indices.state);
          const {
            request: search,
            sort,
            page,
            size,
          } = buildUsersListSearch(indices.state, { ...q, risk_level: asList(q.risk_level) }, window);
          const result = await client.search<StateDocument>(search);
          return response.ok({ body: shapeUsersPage(result, sort, size, page) });
        }),
    );
}
