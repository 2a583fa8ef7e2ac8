import { schema } from '@kbn/config-schema';
import { API_PATHS, type WebAlertsResponse } from '../../common/api';
import { WEB_RULE_IDS } from '../../common/web_config';
import type { WebAlert } from '../families/web/core';
import { buildWebAlertsSearch, shapeWebAlerts } from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { badRequest } from './errors';
import { maxResultWindow } from './max_result_window';
import { API_LIMITS } from '../../common/api';
import { asList, listOf, pageParam, sizeParam } from './params';
import { requestScope } from './request_scope';
import { ipParam, registerWebGet, resolveRange, webRangeProps } from './web_shared';
import type { ApiRouteDependencies } from '.';

/** `GET /api/buffalogs/web/alerts`: the web family's alerts (`buffalogs.family: web`), newest first, per-rule counts. */
export function registerWebAlertsRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webAlerts,
    summary: "The web family's alerts",
    query: {
      ...webRangeProps,
      rule: schema.maybe(listOf(WEB_RULE_IDS)),
      ip: schema.maybe(ipParam),
      page: schema.maybe(pageParam),
      size: schema.maybe(sizeParam),
    },
    handle: async ({ query }, context, request): Promise<WebAlertsResponse> => {
      const { client, indices } = await requestScope(context, request, deps);
      const page = query.page ?? 1;
      const size = query.size ?? API_LIMITS.defaultPageSize;
      const window = await maxResultWindow(client, indices.alerts);
      if (page * size > window)
        throw badRequest(
          `[request query.page]: page ${page} of ${size} goes past the ${window} alerts a list can page through`,
        );
      const search = buildWebAlertsSearch(indices.alerts, {
        ...resolveRange(query),
        rule: asList(query.rule),
        ip: query.ip,
        page,
        size,
      });
      return shapeWebAlerts(await client.search<WebAlert>(search), page, size);
    },
  });
}
