import { schema } from '@kbn/config-schema';
import { API_PATHS, type RiskDistributionResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildRiskDistributionSearch, shapeRiskDistribution } from '../queries/users';
import type { BuffalogsRouter } from '../types';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import { refreshStaleRisksForRead } from '../triage/risk_refresh';
import { guard } from './errors';
import { checkRange, isoDate } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/stats/risk_distribution`: users per risk level (BuffaLogs' users pie chart). `from`/`to`
 * restrict it to users whose last login falls in the range (BuffaLogs: users updated in the range). In the score model
 * the levels are the ones the users list and user page show now; in the count model, the detector's stored ones.
 */
export function registerRiskDistributionRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.riskDistribution,
      access: 'public',
      summary: 'Users per risk level',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object({ from: schema.maybe(isoDate), to: schema.maybe(isoDate) }, { validate: checkRange }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices, space } = await requestScope(context, request, deps);
          const { config } = await getEffectiveDetectionConfig(client, space, deps.detectionBase());
          let current: Parameters<typeof buildRiskDistributionSearch>[2];
          if (config.risk.model === 'alert_scores') {
            // The score model: users per level of the risk shown now (server/queries/current_risk.ts).
            const now = Date.now();
            await refreshStaleRisksForRead(client, indices, config.risk, now, deps.logger);
            current = { now, risk: config.risk };
          }
          const result = await client.search(buildRiskDistributionSearch(indices.state, request.query, current));
          const body: RiskDistributionResponse = shapeRiskDistribution(result);
          return response.ok({ body });
        }),
    );
}
