import { schema } from '@kbn/config-schema';
import { API_PATHS, HISTOGRAM_INTERVALS, type WebTimelineResponse } from '../../common/api';
import {
  buildNewestRequestSearch,
  buildTimelineSearch,
  shapeNewestRequest,
  shapeTimeline,
} from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { oneOfStrings } from './params';
import { requestScope } from './request_scope';
import { registerWebGet, resolveRange, webRangeProps, webSettings } from './web_shared';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/web/timeline`: requests per interval split by class. `interval=auto` resolves as the alert
 * chart's (hourly up to a day, daily up to a month, else monthly).
 */
export function registerWebTimelineRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webTimeline,
    summary: 'Web requests over time',
    query: { ...webRangeProps, interval: schema.maybe(oneOfStrings(HISTOGRAM_INTERVALS)) },
    handle: async ({ query }, context, request): Promise<WebTimelineResponse> => {
      const { client } = await requestScope(context, request, deps);
      const range = { ...resolveRange(query), interval: query.interval ?? 'auto' };
      const indices = webSettings(deps).indices;
      const { request: search, interval } = buildTimelineSearch(indices, range);
      const timeline = shapeTimeline(await client.search(search), interval);
      if (timeline.total > 0) return timeline;
      // An empty range: where the newest request is (a log from another year, a shipper that stopped), for the page.
      const newest = shapeNewestRequest(await client.search(buildNewestRequestSearch(indices)));
      return newest === undefined ? timeline : { ...timeline, newest };
    },
  });
}
