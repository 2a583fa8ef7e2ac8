import { API_PATHS, type WebReferrersResponse } from '../../common/api';
import { buildReferrersSearch, shapeReferrers } from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { requestScope } from './request_scope';
import { webTopSizeParam } from './web_pages';
import { registerWebGet, resolveRange, webRangeProps, webSettings } from './web_shared';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/web/referrers`: the domains visitors came from, the site's own left out (kibana.yml
 * `buffalogs.web.siteDomains`, and `url.domain` where the integration logs it).
 */
export function registerWebReferrersRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webReferrers,
    summary: 'Top referrer domains',
    query: { ...webRangeProps, size: webTopSizeParam },
    handle: async ({ query }, context, request): Promise<WebReferrersResponse> => {
      const { client } = await requestScope(context, request, deps);
      const settings = webSettings(deps);
      const answer = await client.search(buildReferrersSearch(settings.indices, resolveRange(query)));
      return shapeReferrers(answer, settings.siteDomains, query.size);
    },
  });
}
