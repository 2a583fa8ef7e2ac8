import { schema } from '@kbn/config-schema';
import { API_PATHS, HISTOGRAM_INTERVALS, type AlertsOverTimeResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { searchAlertsOverTime } from '../queries/alert_stats';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { alertFilterProps, asList, checkRange, oneOfStrings } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

const DAY_MS = 86_400_000;

/**
 * `GET /api/buffalogs/stats/alerts_over_time`: alerts per interval, split by detector (BuffaLogs' alerts chart).
 * Without `from`/`to`, the last 7 days. `interval=auto` picks hour/day/month from the span as BuffaLogs does.
 */
export function registerAlertsOverTimeRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.alertsOverTime,
      access: 'public',
      summary: 'Alerts per interval and detector',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object(
              { ...alertFilterProps, interval: schema.maybe(oneOfStrings(HISTOGRAM_INTERVALS)) },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const q = request.query;
          const to = q.to ?? new Date().toISOString();
          const from = q.from ?? new Date(Date.parse(to) - 7 * DAY_MS).toISOString();
          const body: AlertsOverTimeResponse = await searchAlertsOverTime(client, indices.alerts, {
            ...q,
            from,
            to,
            detector: asList(q.detector),
            status: asList(q.status),
            interval: q.interval ?? 'auto',
          });
          return response.ok({ body });
        }),
    );
}
