import { API_PATHS, type WebReferrersResponse } from '../../common/api';
import {
  buildReferrerAddressesSearch,
  buildReferrersSearch,
  foldReferrers,
  shapeReferrers,
} from '../queries/web_traffic';
import { cachedReputation } from '../families/web/reputation/store';
import { reputationIndex } from '../storage';
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
      const { client, space } = await requestScope(context, request, deps);
      const settings = webSettings(deps);
      const range = resolveRange(query);
      const answer = await client.search(buildReferrersSearch(settings.indices, range));
      const folded = foldReferrers(answer, settings.siteDomains, query.size);
      // Then the shown domains' distinct addresses, one bucket each: counted per URL, a busy site had too many.
      const addressesSearch = buildReferrerAddressesSearch(settings.indices, range, folded);
      const shaped = shapeReferrers(folded, addressesSearch && (await client.search(addressesSearch)));
      if (!settings.virusTotal) return shaped;
      // What the web family learned about these domains (never the key: only the cached counts).
      const names = shaped.domains.map((d) => d.domain);
      const known = await cachedReputation(
        client,
        reputationIndex(space),
        'virustotal',
        names,
        Date.now(),
        settings.virusTotal.cacheTtlMs,
      );
      for (const row of shaped.domains) {
        const report = known.get(row.domain)?.report;
        if (!report) continue;
        const { malicious, suspicious, harmless, undetected } = report;
        const checkedAt = new Date(known.get(row.domain)!.checkedAt).toISOString();
        row.virustotal = { malicious, suspicious, harmless, undetected, checked_at: checkedAt };
      }
      return shaped;
    },
  });
}
