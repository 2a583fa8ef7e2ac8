import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, HISTOGRAM_INTERVALS, type WebAddressResponse } from '../../common/api';
import type { WebAlert } from '../families/web/core';
import { buildAddressSearch, buildWebAlertsSearch, shapeAddress, shapeWebAlerts } from '../queries/web_traffic';
import type { BuffalogsRouter } from '../types';
import { oneOfStrings } from './params';
import { requestScope } from './request_scope';
import { webTopSizeParam } from './web_pages';
import { ipParam, registerWebGet, resolveRange, webRangeProps, webSettings } from './web_shared';
import type { ApiRouteDependencies } from '.';

const ADDRESS_ALERTS = 50;

/**
 * `GET /api/buffalogs/web/addresses/{ip}`: one client address over the range: its requests over time by class, its
 * codes, paths, methods, user agents and referrers, and the web alerts about it (any time: an alert raised
 * yesterday about an address still explains today's traffic). An address with no requests answers zeros, not 404:
 * an alert may name an address whose logs have aged out.
 */
export function registerWebAddressRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.webAddress,
    summary: 'One web client address',
    params: schema.object({ ip: ipParam }),
    query: { ...webRangeProps, interval: schema.maybe(oneOfStrings(HISTOGRAM_INTERVALS)), size: webTopSizeParam },
    handle: async ({ params, query }, context, request): Promise<WebAddressResponse> => {
      const { client, indices } = await requestScope(context, request, deps);
      const range = resolveRange(query);
      const { request: search, interval } = buildAddressSearch(
        webSettings(deps).indices,
        { ...range, interval: query.interval ?? 'auto' },
        params.ip,
        Math.min(query.size, API_LIMITS.maxWebTop),
      );
      const alertsSearch = buildWebAlertsSearch(indices.alerts, {
        from: '1970-01-01T00:00:00Z',
        to: '9999-12-31T00:00:00Z',
        ip: params.ip,
        page: 1,
        size: ADDRESS_ALERTS,
      });
      const [traffic, alerts] = await Promise.all([client.search(search), client.search<WebAlert>(alertsSearch)]);
      const alertPage = shapeWebAlerts(alerts, 1, ADDRESS_ALERTS);
      return {
        ip: params.ip,
        interval,
        ...shapeAddress(traffic),
        alerts: alertPage.items,
        alerts_total: alertPage.total,
      };
    },
  });
}
