import { schema } from '@kbn/config-schema';
import type { IKibanaResponse, KibanaResponseFactory } from '@kbn/core/server';
import { API_PATHS } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { deleteAnalysis, listAnalyses, MAX_SAVED_ANALYSES, saveAnalysis } from '../analyses/store';
import { formatErrors, validateAnalysis } from '../analyses/validate';
import { removeAnalysisTask, syncAnalysisSchedule } from '../analysis_run/schedule';
import { API_PRIVILEGES } from '../features';
import type { BuffalogsRouter } from '../types';
import { assertReadable } from '../analyses/read_access';
import { badRequest, guard } from './errors';
import { currentUserName, requestScope, type RequestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

export const nameParam = schema.object({
  name: schema.string({
    minLength: 1,
    maxLength: 100,
    validate: (s) => (/^[A-Za-z0-9_.@-]+$/.test(s) ? undefined : 'must be letters, digits, "_", "-", "." or "@"'),
  }),
});

/**
 * One route on a saved analysis by `{name}` with no query or body (versioned, public): the handler gets the request's
 * scope and the validated name; its failures are answered by `guard`.
 */
export function registerNamedAnalysisRoute(
  router: BuffalogsRouter,
  deps: ApiRouteDependencies,
  route: {
    method: 'get' | 'post' | 'delete';
    path: string;
    summary: string;
    privilege: keyof typeof API_PRIVILEGES;
    handle: (scope: RequestScope, name: string, response: KibanaResponseFactory) => Promise<IKibanaResponse>;
  },
): void {
  router.versioned[route.method]({
    path: route.path,
    access: 'public',
    summary: route.summary,
    security: { authz: { requiredPrivileges: [API_PRIVILEGES[route.privilege]] } },
  }).addVersion(
    { version: API_VERSION, validate: { request: { params: nameParam } } },
    async (context, request, response) =>
      guard(response, deps.logger, async () =>
        route.handle(await requestScope(context, request, deps), request.params.name, response),
      ),
  );
}

/**
 * The saved analyses of the anomaly explorer (issue 18), per space:
 * - `GET /api/buffalogs/analyses`: every saved analysis, each with `errors` when this version refuses it;
 * - `PUT /api/buffalogs/analyses/{name}` `{definition}`: validated whole (ours or anomal's shape; an index pattern
 *   and a time range are required); a 400 lists every problem with its field (`features[2].weight: …`); its
 *   `schedule` (if any) becomes the analysis's recurring Task Manager task (analysis_run/schedule.ts);
 * - `DELETE /api/buffalogs/analyses/{name}`, its task with it.
 */
export function registerAnalysesRoutes(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.analyses,
      access: 'public',
      summary: 'List the saved analyses',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { client, space } = await requestScope(context, request, deps);
        return response.ok({ body: { items: await listAnalyses(client, space) } });
      }),
    );

  router.versioned
    .put({
      path: API_PATHS.analysis,
      access: 'public',
      summary: 'Save an analysis',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion(
      {
        version: API_VERSION,
        validate: {
          request: {
            params: nameParam,
            // Deep validation below, by validateAnalysis (it knows every field, anomal's shape and the limits).
            body: schema.object({ definition: schema.any() }),
          },
        },
      },
      async (context, request, response) =>
        guard(response, deps.logger, async () => {
          const { name } = request.params;
          const definition: unknown = request.body.definition;
          const checked = validateAnalysis(definition, { requireSource: true });
          if (!checked.ok) {
            throw badRequest(`[request body.definition] ${formatErrors(checked.errors).split('\n').join('; ')}`, {
              errors: checked.errors,
            });
          }
          const { client, space } = await requestScope(context, request, deps);
          await assertReadable(client, checked.analysis.indexPattern);
          const existing = await listAnalyses(client, space);
          if (existing.length >= MAX_SAVED_ANALYSES && !existing.some((a) => a.name === name))
            throw badRequest(`A space holds at most ${MAX_SAVED_ANALYSES} saved analyses; delete one first.`);
          const saved = await saveAnalysis(client, space, {
            name,
            definition,
            user: await currentUserName(request, deps),
            now: new Date(),
          });
          const { taskManager } = await deps.getStartServices();
          if (taskManager) await syncAnalysisSchedule(taskManager, space, name, checked.analysis.schedule);
          return response.ok({ body: { ...saved, notes: checked.notes } });
        }),
    );

  registerNamedAnalysisRoute(router, deps, {
    method: 'delete',
    path: API_PATHS.analysis,
    summary: 'Delete a saved analysis',
    privilege: 'all',
    handle: async ({ client, space }, name, response) => {
      await deleteAnalysis(client, space, name);
      const { taskManager } = await deps.getStartServices();
      if (taskManager) await removeAnalysisTask(taskManager, space, name);
      return response.ok({ body: { deleted: name } });
    },
  });
}
