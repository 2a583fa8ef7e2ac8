import { API_PATHS, type WebTrafficResponse } from '../../common/api';
import { buildTrafficSearch, shapeTraffic } from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { requestScope } from './request_scope';
import { registerWebGet, resolveRange, webRangeProps, webSettings } from './web_shared';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/web/traffic`: requests of the range by class (allowed 2xx/3xx, blocked 401/403/418/429,
 * other client errors, server errors, other), with the blocked codes' own counts.
 */
export function registerWebTrafficRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webTraffic,
    summary: 'Web requests by class of response',
    query: webRangeProps,
    handle: async ({ query }, context, request): Promise<WebTrafficResponse> => {
      const { client } = await requestScope(context, request, deps);
      return shapeTraffic(await client.search(buildTrafficSearch(webSettings(deps).indices, resolveRange(query))));
    },
  });
}
