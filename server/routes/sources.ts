import { schema } from '@kbn/config-schema';
import { API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { buildSourcesSearch, shapeSources, sourcesRange } from '../queries/sources';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { checkRange, isoDate, sizeParam, userNameParam } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/sources`: attacking addresses and networks of the credential families (stuffing, spray, brute
 * force, MFA fatigue), with the users targeted, the accounts compromised, first/last seen and a timeline. `user`
 * narrows it to the addresses whose alerts name that user (the user page). Default range: the last 30 days.
 */
export function registerSourcesRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.sources,
      access: 'public',
      summary: 'Attacking addresses and networks, with targeted and compromised accounts',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            query: schema.object(
              {
                from: schema.maybe(isoDate),
                to: schema.maybe(isoDate),
                user: schema.maybe(userNameParam),
                size: schema.maybe(sizeParam),
              },
              { validate: checkRange },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const q = request.query;
          const input = { ...sourcesRange(q.from, q.to, Date.now()), size: q.size ?? 100, user: q.user };
          const result = await client.search(buildSourcesSearch(indices.alerts, input));
          return response.ok({ body: shapeSources(result, input) });
        }),
    );
}
