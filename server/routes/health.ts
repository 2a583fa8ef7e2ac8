import { API_VERSION, HEALTH_ROUTE_PATH } from '../../common/constants';
import type { HealthResponse, HealthUnavailableAttributes } from '../../common/health';
import { API_PRIVILEGES } from '../features';
import type { BuffalogsRouter } from '../types';
import type { RouteDependencies } from '.';

/** A health check must answer quickly even when Elasticsearch hangs. */
const ES_TIMEOUT_MS = 5_000;

/**
 * `GET /api/buffalogs/health`: is the plugin loaded and can it reach Elasticsearch? Public (for monitoring and
 * curl), versioned, and restricted to users with the feature's read privilege. An unreachable Elasticsearch is a
 * 503 that says why, so an operator can tell "plugin broken" from "cluster down".
 */
export function registerHealthRoute(router: BuffalogsRouter, { logger, pluginVersion }: RouteDependencies): void {
  router.versioned
    .get({
      path: HEALTH_ROUTE_PATH,
      access: 'public',
      summary: 'BuffaLogs health',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, _request, response) => {
      const { elasticsearch } = await context.core;
      try {
        // kibana_system may call GET / (cluster monitor); this does not prove it can read the source indices.
        const info = await elasticsearch.client.asInternalUser.info(undefined, {
          requestTimeout: ES_TIMEOUT_MS,
          maxRetries: 0,
        });
        const body: HealthResponse = {
          status: 'ok',
          version: pluginVersion,
          apiVersion: API_VERSION,
          elasticsearch: { reachable: true, clusterName: info.cluster_name, version: info.version.number },
        };
        return response.ok({ body });
      } catch (error) {
        const cause = error instanceof Error ? error.message : String(error);
        logger.warn(`Health check: Elasticsearch is unreachable: ${cause}`);
        const attributes: HealthUnavailableAttributes = {
          status: 'unavailable',
          version: pluginVersion,
          apiVersion: API_VERSION,
        };
        return response.customError({
          statusCode: 503,
          body: { message: `Elasticsearch is unreachable: ${cause}`, attributes },
        });
      }
    });
}
