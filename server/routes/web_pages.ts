import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, type WebPagesResponse } from '../../common/api';
import { buildPagesSearch, shapePages } from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { requestScope } from './request_scope';
import { registerWebGet, resolveRange, webRangeProps, webSettings } from './web_shared';
import type { ApiRouteDependencies } from '.';

export const webTopSizeParam = schema.number({
  min: 1,
  max: API_LIMITS.maxWebTop,
  defaultValue: 10,
  validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
});

/** `GET /api/buffalogs/web/pages`: the most requested paths, with their distinct addresses, 404s and blocks. */
export function registerWebPagesRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webPages,
    summary: 'Top requested web pages',
    query: { ...webRangeProps, size: webTopSizeParam },
    handle: async ({ query }, context, request): Promise<WebPagesResponse> => {
      const { client } = await requestScope(context, request, deps);
      const search = buildPagesSearch(webSettings(deps).indices, resolveRange(query), query.size);
      return shapePages(await client.search(search));
    },
  });
}
