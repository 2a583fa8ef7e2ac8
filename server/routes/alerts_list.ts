import { schema } from '@kbn/config-schema';
import { ALERT_SORT_FIELDS, API_PATHS } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildAlertsListSearch, shapeAlertsPage } from '../queries/alerts_list';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { maxResultWindow } from './max_result_window';
import {
  alertFilterProps,
  asList,
  channelFilterProps,
  checkRange,
  cursorParam,
  directionParam,
  oneOfStrings,
  pageParam,
  searchParam,
  sizeParam,
} from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/alerts`: the alerts, filtered, searched, sorted and paged. Numbered pages for the first
 * `max_result_window` results; beyond, and for scripts walking everything, follow `next_cursor` (search_after).
 */
export function registerAlertsListRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.alerts,
      access: 'public',
      summary: 'List alerts',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object(
              {
                ...alertFilterProps,
                ...channelFilterProps,
                search: schema.maybe(searchParam),
                sort: schema.maybe(oneOfStrings(ALERT_SORT_FIELDS)),
                direction: schema.maybe(directionParam),
                page: schema.maybe(pageParam),
                size: schema.maybe(sizeParam),
                cursor: schema.maybe(cursorParam),
              },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const q = request.query;
          const window = await maxResultWindow(client, indices.alerts);
          const {
            request: search,
            sort,
            page,
            size,
          } = buildAlertsListSearch(
            indices.alerts,
            { ...q, detector: asList(q.detector), status: asList(q.status), users: asList(q.users) },
            window,
          );
          const result = await client.search<AlertDocument>(search);
          return response.ok({ body: shapeAlertsPage(result, sort, size, page) });
        }),
    );
}
