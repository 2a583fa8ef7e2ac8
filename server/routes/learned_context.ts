import { LEARNED_CONTEXT_PATH } from '../../common/learned_context';
import { API_VERSION } from '../../common/constants';
import { summariseLearnedContext } from '../detection/verdict/learned_context';
import { API_PRIVILEGES } from '../features';
import { readPopulationSnapshots } from '../families/login/population_store';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/learned_context` (issue 12): what the login family learned in this space with no configuration
 * — the organisation's networks (offices, egresses), VPN services' rotating exits, mobile carriers, the population's
 * countries and ASes — with the effective settings that judge it and override it (trustedCidrs/trustedAsns). Nothing
 * stored yet is an empty answer that says so, not an error.
 */
export function registerLearnedContextRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: LEARNED_CONTEXT_PATH,
      access: 'public',
      summary: 'What detection learned from the data: organisation networks, VPN exits, carriers, countries, ASes',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { client, space } = await requestScope(context, request, deps);
        const [{ config }, population] = await Promise.all([
          getEffectiveDetectionConfig(client, space, deps.detectionBase()),
          readPopulationSnapshots(client, space),
        ]);
        return response.ok({ body: summariseLearnedContext(population, config) });
      }),
    );
}
