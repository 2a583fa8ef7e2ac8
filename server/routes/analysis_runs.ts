import type { AnalysisReportResponse } from '../../common/analysis_api';
import { API_PATHS } from '../../common/api';
import { formatErrors } from '../analyses';
import { readAnalysis } from '../analyses/store';
import { assertReadable } from '../analyses/read_access';
import { readReport } from '../analysis_run/report_store';
import { readSchedule, runAnalysisTaskSoon } from '../analysis_run/schedule';
import { readStatus, requestCancel, requestRun, shownStatus } from '../analysis_run/status_store';
import { analysisTaskId } from '../task/analysis_task';
import type { BuffalogsRouter } from '../types';
import { registerNamedAnalysisRoute } from './analyses';
import { badRequest, notFound, RouteError } from './errors';
import type { ApiRouteDependencies } from '.';

/**
 * Running saved analyses (issue 18), per space:
 * - `POST /api/buffalogs/analyses/{name}/_run` (all): checks the saved analysis is valid, marks it `queued` in its
 *   status (status_store.ts) and asks Task Manager to run task `buffalogs:analysis:<space>:<name>` now; a run already
 *   asked for or going on is a 409;
 * - `GET /api/buffalogs/analyses/{name}/status` (read): the latest run's state, phase, records read and time left,
 *   and its `schedule` (interval, next and last run) when it has one;
 * - `GET /api/buffalogs/analyses/{name}/report` (read): the latest completed run's report, with its run id and time;
 * - `POST /api/buffalogs/analyses/{name}/_cancel` (all): cancels the run asked for and not started yet (it never
 *   reads anything), or asks the running run to stop; from any Kibana node (409 when there is neither).
 */
export function registerAnalysisRunRoutes(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerNamedAnalysisRoute(router, deps, {
    method: 'post',
    path: API_PATHS.analysisRun,
    summary: 'Run a saved analysis now',
    privilege: 'all',
    handle: async ({ client, space }, name, response) => {
      const saved = await readAnalysis(client, space, name);
      if (!saved.ok)
        throw badRequest(`The saved analysis is not valid:\n${formatErrors(saved.errors)}`, {
          errors: saved.errors,
        });
      // Whoever asks for the run must be able to read what it reads (saved by someone else, perhaps).
      await assertReadable(client, saved.analysis.indexPattern);
      const { taskManager } = await deps.getStartServices();
      if (!taskManager)
        return response.customError({ statusCode: 503, body: { message: 'Task Manager is not available' } });
      const request = await requestRun(client, space, name);
      if (!request.queued) {
        const { status } = request;
        throw new RouteError(
          409,
          status.state === 'queued'
            ? `Analysis "${name}" is already asked to run; it waits for Task Manager to start it.`
            : `Analysis "${name}" is already running (${status.progress.phase}).`,
        );
      }
      const requestedAt = request.status.requested_at;
      try {
        await runAnalysisTaskSoon(
          taskManager,
          space,
          name,
          // Until a start takes it (or a cancel): then it is `running` (or `cancelled`).
          async () => {
            const now = await readStatus(client, space, name);
            return now?.state === 'queued' && now.requested_at === requestedAt;
          },
        );
      } catch (error) {
        // Task Manager was not asked: the analysis is not left waiting for a run that will never come.
        await request.undo().catch(() => undefined);
        throw error;
      }
      return response.ok({
        body: { requested: name, task_id: analysisTaskId(space, name), requested_at: requestedAt },
      });
    },
  });

  registerNamedAnalysisRoute(router, deps, {
    method: 'get',
    path: API_PATHS.analysisStatus,
    summary: "A saved analysis's latest run",
    privilege: 'read',
    handle: async ({ client, space }, name, response) => {
      const status = await readStatus(client, space, name);
      const { taskManager } = await deps.getStartServices();
      const schedule = taskManager ? await readSchedule(taskManager, space, name) : undefined;
      const scheduled = schedule ? { schedule } : {};
      if (!status) return response.ok({ body: { state: 'never_run', ...scheduled } });
      const { cancel_requested: cancelRequested, ...rest } = shownStatus(status, Date.now());
      return response.ok({ body: { ...rest, cancel_requested: cancelRequested === true, ...scheduled } });
    },
  });

  registerNamedAnalysisRoute(router, deps, {
    method: 'get',
    path: API_PATHS.analysisReport,
    summary: "A saved analysis's latest report",
    privilege: 'read',
    handle: async ({ client, space }, name, response) => {
      const report = await readReport(client, space, name);
      if (!report) throw notFound(`Analysis "${name}" has no completed run yet.`);
      // Typed as the app reads it: the browser's restatement of the report cannot drift from the server's.
      const body: AnalysisReportResponse = report;
      return response.ok({ body });
    },
  });

  registerNamedAnalysisRoute(router, deps, {
    method: 'post',
    path: API_PATHS.analysisCancel,
    summary: "Cancel a saved analysis's running run",
    privilege: 'all',
    handle: async ({ client, space }, name, response) => {
      const cancelled = await requestCancel(client, space, name);
      if (!cancelled) throw new RouteError(409, `Analysis "${name}" is neither running nor waiting to run.`);
      // `queued`: it had not started, and now never reads anything; `running`: it stops at its next progress write.
      return response.ok({ body: { cancel_requested: name, was: cancelled } });
    },
  });
}
