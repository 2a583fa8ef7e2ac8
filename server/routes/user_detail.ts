import { schema } from '@kbn/config-schema';
import { API_PATHS, type UserDetailResponse } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import { toAlertItem } from '../queries/alerts_list';
import { totalOf } from '../queries/pagination';
import {
  buildRiskHistorySearch,
  buildUserAlertsSearch,
  recentLogins,
  riskHistory,
  sourceNames,
  toUserSummary,
  userProfile,
  type StateDocument,
} from '../queries/users';
import {
  buildUserRiskHistorySearch,
  RISK_ALERTS_PER_USER,
  scoredAlertOf,
  scoreHistory,
  withRiskNow,
  type RiskAlertSource,
} from '../queries/user_risk';
import { getEffectiveDetectionConfig } from '../settings/settings_store';
import { scoreRisk } from '../detection/user_risk';
import { stateDocId } from '../storage/user_state_store';
import type { BuffalogsRouter } from '../types';
import { esStatus, guard, notFound } from './errors';
import { maxResultWindow } from './max_result_window';
import { userNameParam } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/users/{name}`: the user's profile (countries, devices, IPs with first/last seen, from the
 * detector's state), remembered recent logins, newest alerts, and the risk history. BuffaLogs' count model: read
 * from the alerts' `buffalogs.user_risk` (each alert records the risk after it counted). The score model (default
 * profile): the risk now and the score over time, from the user's alerts as triaged now (server/queries/user_risk.ts).
 * 404 when neither state nor alerts exist.
 */
export function registerUserDetailRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.user,
      access: 'public',
      summary: 'One user: profile, logins, alerts, risk history',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            params: schema.object({ name: userNameParam }),
            query: schema.object({
              alerts: schema.number({
                min: 0,
                max: 200,
                defaultValue: 50,
                validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
              }),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices, space } = await requestScope(context, request, deps);
          const { name } = request.params;
          const [window, { config }] = await Promise.all([
            maxResultWindow(client, indices.alerts),
            getEffectiveDetectionConfig(client, space, deps.detectionBase()),
          ]);
          const scored = config.risk.model === 'alert_scores';
          const [stateDoc, alerts, history] = await Promise.all([
            client.get<StateDocument>({ index: indices.state, id: stateDocId(name) }).catch((e: unknown) => {
              if (esStatus(e) === 404) return undefined;
              throw e;
            }),
            client.search<AlertDocument>(
              buildUserAlertsSearch(indices.alerts, name, Math.min(request.query.alerts, window)),
            ),
            scored
              ? client.search<RiskAlertSource>(buildUserRiskHistorySearch(indices.alerts, name, config.risk, window))
              : client.search<Partial<AlertDocument>>(buildRiskHistorySearch(indices.alerts, name, window)),
          ]);
          const source = stateDoc?._source;
          const alertsTotal = totalOf(alerts.hits.total).total;
          if (!source && alertsTotal === 0) throw notFound(`No user [${name}]`);
          const state = source?.state ?? {};
          // Without a state document (deleted, or another space's detector), the newest alert knows the risk.
          let user = toUserSummary(
            source ?? { user: { name }, risk: alerts.hits.hits[0]?._source?.buffalogs.user_risk },
            name,
          );
          let riskTrail: UserDetailResponse['risk_history'];
          if (scored) {
            // The score model: the risk now and over time from the user's alerts as triaged now.
            const now = Date.now();
            const counted = [];
            for (const h of history.hits.hits) {
              const a = scoredAlertOf((h._source ?? {}) as RiskAlertSource);
              if (a) counted.push(a);
            }
            // The newest RISK_ALERTS_PER_USER make the score now, as in the users list.
            user = withRiskNow(user, scoreRisk(counted.slice(0, RISK_ALERTS_PER_USER), now, config.risk));
            riskTrail = scoreHistory(counted, now, config.risk);
          } else {
            riskTrail = riskHistory(history.hits.hits.map((h) => (h._source ?? {}) as Partial<AlertDocument>));
          }
          const body: UserDetailResponse = {
            user,
            profile: userProfile(state),
            recent_logins: recentLogins(state),
            alerts: alerts.hits.hits.map(toAlertItem),
            alerts_total: alertsTotal,
            risk_history: riskTrail,
          };
          const names = sourceNames(state);
          if (names) body.source_names = names;
          return response.ok({ body });
        }),
    );
}
