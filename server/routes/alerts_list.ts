import { schema } from '@kbn/config-schema';
import { ALERT_SORT_FIELDS, API_PATHS } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildAlertsListSearch, shapeAlertsPage } from '../queries/alerts_list';
import type { BuffalogsRouter } from '../types';
import { badRequest, guard } from './errors';
import { maxResultWindow } from './max_result_window';
import {
  alertFilterProps,
  asList,
  channelFilterProps,
  checkChannelUsers,
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
 * `channel_users`: the users of the channel so named in kibana.yml (`buffalogs.notifiers`, the same in every space), as
 * configured now. A summary's link names its channel so when the users would make the URL too long to open
 * (server/notifications/summary.ts periodLink). A channel that is gone, or lists no users now, is a 400: never the
 * unfiltered list the link's reader would take for the channel's.
 */
function channelUsers(deps: ApiRouteDependencies, name: string): string[] {
  const channel = (deps.notifiers?.() ?? []).find((c) => c.name === name);
  if (!channel)
    throw badRequest(
      `[request query.channel_users]: no notification channel is named [${name}] (kibana.yml buffalogs.notifiers)`,
    );
  if (channel.filters.users.length === 0)
    throw badRequest(
      `[request query.channel_users]: notification channel [${name}] lists no users now ` +
        "(its summary's users filter is gone)",
    );
  return [...channel.filters.users];
}

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
              { validate: (q) => checkRange(q) ?? checkChannelUsers(q) },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const q = request.query;
          const users = q.channel_users === undefined ? asList(q.users) : channelUsers(deps, q.channel_users);
          const window = await maxResultWindow(client, indices.alerts);
          const {
            request: search,
            sort,
            page,
            size,
          } = buildAlertsListSearch(
            indices.alerts,
            { ...q, detector: asList(q.detector), status: asList(q.status), users },
            window,
          );
          const result = await client.search<AlertDocument>(search);
          return response.ok({ body: shapeAlertsPage(result, sort, size, page) });
        }),
    );
}
