import { schema } from '@kbn/config-schema';
import { API_LIMITS, API_PATHS, type TriageResponse } from '../../common/api';
import { ALERT_STATUSES, API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { applyTriage } from '../triage/alert_updates';
import { refreshRiskAfterTriage } from '../triage/risk_refresh';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { alertIdParam, noteParam, oneOfStrings, tagsParam } from './params';
import { currentUserName, requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `POST /api/buffalogs/alerts/_triage`: sets status, tags and/or note on one or many alerts, recording who and when.
 * Ids that do not exist are reported in `not_found`, not failed as a whole: a bulk action on a stale selection
 * still triages the rest.
 */
export function registerTriageRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .post({
      path: API_PATHS.triage,
      access: 'public',
      summary: 'Triage alerts',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            body: schema.object(
              {
                ids: schema.arrayOf(alertIdParam, { minSize: 1, maxSize: API_LIMITS.maxTriageIds }),
                status: schema.maybe(oneOfStrings(ALERT_STATUSES)),
                tags: schema.maybe(tagsParam),
                note: schema.maybe(noteParam),
              },
              {
                validate: (b) =>
                  b.status === undefined && b.tags === undefined && b.note === undefined
                    ? 'nothing to change: give at least one of [status], [tags], [note]'
                    : undefined,
              },
            ),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices, space } = await requestScope(context, request, deps);
          const info = { updated_by: await currentUserName(request, deps), updated_at: new Date().toISOString() };
          const body: TriageResponse = await applyTriage(client, indices.alerts, request.body, info);
          if (request.body.status !== undefined && body.updated.length > 0) {
            // A status decides whether an alert counts for its user's risk: the users list's order follows at once.
            const { config } = await getEffectiveDetectionConfig(client, space, deps.detectionBase());
            await refreshRiskAfterTriage(client, indices, config.risk, body.updated, deps.logger);
          }
          return response.ok({ body });
        }),
    );
}
