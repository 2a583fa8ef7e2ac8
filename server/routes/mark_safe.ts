import { schema } from '@kbn/config-schema';
import { API_PATHS, type MarkSafeResponse } from '../../common/api';
import { ALERT_STATUSES, API_VERSION, type AlertStatus } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import { applyTriage, getAlert, teachUserState } from '../triage/alert_updates';
import { refreshRiskAfterTriage } from '../triage/risk_refresh';
import { alertTime } from '../../common/alert_document';
import { describeTeaching, isEmptyTeaching, teachingFromAlert } from '../triage/teach_baseline';
import type { BuffalogsRouter } from '../types';
import { RouteError, guard } from './errors';
import { alertIdParam, noteParam, oneOfStrings } from './params';
import { currentUserName, requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `POST /api/buffalogs/alerts/{id}/_mark_safe`: the analyst vouches for the login behind an alert. Its country,
 * device and IP become known in the user's baseline (so they stop alerting) — for a suspicious_login alert also its
 * AS, its agent (device continuity) and its features in the habit model (server/triage/teach_baseline.ts) —, then the
 * alert is triaged
 * (`false_positive` unless told otherwise). The baseline is taught first: if that fails, the alert stays as it was.
 */
export function registerMarkSafeRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .post({
      path: API_PATHS.markSafe,
      access: 'public',
      summary: "Mark an alert safe and teach the user's baseline",
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            params: schema.object({ id: alertIdParam }),
            body: schema.object({
              country: schema.maybe(schema.boolean()),
              device: schema.maybe(schema.boolean()),
              ip: schema.maybe(schema.boolean()),
              network: schema.maybe(schema.boolean()),
              status: schema.maybe(oneOfStrings(ALERT_STATUSES)),
              note: schema.maybe(noteParam),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices, space } = await requestScope(context, request, deps);
          const { id } = request.params;
          const alert = await getAlert(client, indices.alerts, id);
          const user = alert.user?.name;
          if (typeof user !== 'string' || user === '')
            throw new RouteError(422, `Alert [${id}] is not about a user: there is no baseline to teach`);
          // Another writer's document may have no buffalogs or no evidence: nothing says what fired, nothing to vouch
          // for (teachingFromAlert read evidence.kind of nothing: a 500).
          const evidence: unknown = alert.buffalogs?.evidence;
          if (evidence === null || typeof evidence !== 'object')
            throw new RouteError(422, `Alert [${id}] has no evidence (buffalogs.evidence): there is nothing to teach`);
          const teaching = teachingFromAlert(alert, request.body);
          if (isEmptyTeaching(teaching)) {
            throw new RouteError(422, `Alert [${id}] carries no country, device or IP to teach (or all were excluded)`);
          }
          const { config } = await getEffectiveDetectionConfig(client, space, deps.detectionBase());
          const retries = await teachUserState(client, indices.state, user, teaching, alertTime(alert), {
            ...config.baseline,
            halfLifeDays: config.verdict.unusualHalfLifeDays,
          });
          const status: AlertStatus = request.body.status ?? 'false_positive';
          const info = { updated_by: await currentUserName(request, deps), updated_at: new Date().toISOString() };
          const triage = await applyTriage(
            client,
            indices.alerts,
            { ids: [id], status, note: request.body.note },
            info,
          );
          if (triage.failed.length) throw new Error(`Alert ${id} could not be triaged: ${triage.failed[0].reason}`);
          await refreshRiskAfterTriage(client, indices, config.risk, triage.updated, deps.logger);
          const body: MarkSafeResponse = {
            alert_id: id,
            user,
            learned: describeTeaching(teaching),
            status,
            retries,
            triage: info,
          };
          return response.ok({ body });
        }),
    );
}
