import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, type AlertsByCountryResponse } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import {
  buildAlertsByCountrySearch,
  buildTravelPairsSearch,
  shapeAlertsByCountry,
  shapeTravelPairs,
} from '../queries/alert_stats';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { maxResultWindow } from './max_result_window';
import { alertFilterProps, asList, checkRange } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/stats/alerts_by_country`: alerts per country of the triggering login (BuffaLogs' world map),
 * plus the newest impossible travels (alerts, or verdicts with that signal) with both ends' coordinates for the
 * map's arcs (`travel_limit`, 0 = none).
 */
export function registerAlertsByCountryRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.alertsByCountry,
      access: 'public',
      summary: 'Alerts per country, and travel pairs',
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
                travel_limit: schema.number({
                  min: 0,
                  max: API_LIMITS.maxTravelPairs,
                  defaultValue: 200,
                  validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
                }),
              },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const { travel_limit: travelLimit, ...q } = request.query;
          const input = { ...q, detector: asList(q.detector), status: asList(q.status) };
          // An index with a smaller max_result_window than the limit would refuse the search.
          const limit = Math.min(travelLimit, await maxResultWindow(client, indices.alerts));
          const [countries, travel] = await Promise.all([
            client.search(buildAlertsByCountrySearch(indices.alerts, input)),
            limit > 0
              ? client.search<Partial<AlertDocument>>(buildTravelPairsSearch(indices.alerts, input, limit))
              : undefined,
          ]);
          const body: AlertsByCountryResponse = shapeAlertsByCountry(countries, travel ? shapeTravelPairs(travel) : []);
          return response.ok({ body });
        }),
    );
}
