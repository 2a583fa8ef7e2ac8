import { API_PATHS, type RunNowResponse } from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { API_PRIVILEGES } from '../features';
import type { BuffalogsRouter } from '../types';
import { guard } from './errors';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

const statusOf = (e: unknown) =>
  (e as { statusCode?: number; output?: { statusCode?: number } }).statusCode ??
  (e as { output?: { statusCode?: number } }).output?.statusCode;

/**
 * `POST /api/buffalogs/task/_run_now`: asks Task Manager to run every detection task instance now
 * (`runSoon`). A task already running is reported, not an error: its run is doing what was asked.
 */
export function registerTaskRunNowRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .post({
      path: API_PATHS.taskRunNow,
      access: 'public',
      summary: 'Run detection now',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.all] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { space } = await requestScope(context, request, deps);
        const { taskManager } = await deps.getStartServices();
        if (!taskManager) {
          return response.customError({
            statusCode: 503,
            body: { message: 'Task Manager is not available; detection cannot be scheduled' },
          });
        }
        const body: RunNowResponse = {
          requested: [],
          already_running: [],
          not_scheduled: [],
          requested_at: new Date().toISOString(),
        };
        for (const id of deps.detectionTaskIds(space)) {
          try {
            await taskManager.runSoon(id);
            body.requested.push(id);
          } catch (e) {
            const status = statusOf(e);
            if (status === 404) body.not_scheduled.push(id);
            else if (/currently running/i.test((e as Error).message ?? '')) body.already_running.push(id);
            else throw e;
          }
        }
        return response.ok({ body });
      }),
    );
}
