import { schema } from '@kbn/config-schema';
import { API_PATHS, type AlertDetailResponse, type LoginSummary } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { API_VERSION } from '../../common/constants';
import { readUserState } from '../detection/user_state';
import { API_PRIVILEGES } from '../features';
import { buildLoginsAroundSearches, mergeLoginsAround } from '../queries/alert_logins';
import { storedLoginSummary } from '../queries/users';
import { IncompleteReadError } from '../storage/complete_read';
import { stateDocId } from '../storage/user_state_store';
import { getAlert } from '../triage/alert_updates';
import type { BuffalogsRouter } from '../types';
import { esCause, esStatus, guard } from './errors';
import { alertIdParam } from './params';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/**
 * `GET /api/buffalogs/alerts/{id}`: the alert, its evidence, and the events around it: its user's, or, for an alert
 * naming no user (a spray, stuffing, a web scan: keyed by source address), its entity's, every account's. They come
 * from the triggering event's source index (±`window_hours`) when the caller may read it, else from the user's
 * remembered logins (none for an entity); `logins_source` says which and `logins_note` why.
 */
export function registerAlertDetailRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.alert,
      access: 'public',
      summary: 'One alert with its evidence and surrounding logins',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            params: schema.object({ id: alertIdParam }),
            query: schema.object({
              window_hours: schema.number({
                min: 1,
                max: 720,
                defaultValue: 24,
                validate: (n) => (Number.isInteger(n) ? undefined : `expected an integer, got [${n}]`),
              }),
            }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { client, indices } = await requestScope(context, request, deps);
          const alert = await getAlert(client, indices.alerts, request.params.id);
          const windowHours = request.query.window_hours;
          let logins: LoginSummary[] = [];
          let source: AlertDetailResponse['logins_source'] = 'none';
          let note: string | undefined;
          const searches = buildLoginsAroundSearches(alert, windowHours);
          if (!searches) {
            // Another writer's document: a list in user.name names no one user, a time past a Date's has no window, an
            // alert without a trigger no index. Neither logins nor a state to show.
            note =
              'The alert has no trigger, its user.name (or entity) is not one name, or its @timestamp is no time: no logins to show';
          } else
            try {
              const { before, after } = searches;
              const [b, a] = await Promise.all([client.search(before), client.search(after)]);
              logins = mergeLoginsAround(b.hits.hits as never, a.hits.hits as never, alert.buffalogs.trigger);
              source = 'events';
            } catch (error) {
              const status = esStatus(error);
              // Only "you may not read it", "it is gone" and "its remote cluster did not answer" (a skipped cluster,
              // request_scope.ts) fall back; an outage is reported as one.
              if (status !== 403 && status !== 404 && !(error instanceof IncompleteReadError)) throw error;
              note = `Source index ${alert.buffalogs.trigger.index} not readable (${esCause(error)}); showing the detector's remembered logins`;
              // Only users have remembered logins (the login family's state).
              // Not one string (a list, a number: a document another writer put in the alerts index): no user's state.
              const user: unknown = alert.user?.name;
              const state =
                typeof user !== 'string'
                  ? undefined
                  : await client
                      .get<{ state?: unknown }>({ index: indices.state, id: stateDocId(user) })
                      .catch((e: unknown) => {
                        if (esStatus(e) === 404) return undefined;
                        throw e;
                      });
              const stored = readUserState(state?._source?.state);
              if (stored) {
                logins = [...stored.logins]
                  .sort((x, y) => x.at - y.at)
                  .map((l) => ({
                    ...storedLoginSummary(l),
                    ...(l.eventId === alert.buffalogs.trigger.event_id ? { is_trigger: true } : {}),
                  }));
                source = 'state';
              }
            }
          const body: AlertDetailResponse = {
            alert: { ...alert, id: request.params.id },
            // Another writer's document may have no buffalogs at all (reading its evidence threw: a 500): the alert as
            // stored, no evidence, and the note above.
            evidence: (alert.buffalogs as Partial<AlertDocument['buffalogs']> | undefined)?.evidence,
            logins,
            logins_source: source,
            ...(note ? { logins_note: note } : {}),
            window_hours: windowHours,
          };
          return response.ok({ body });
        }),
    );
}
