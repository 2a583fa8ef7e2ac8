/**
 * The anomaly explorer's Task Manager adapter: task type `buffalogs:analysis`, one task per saved analysis
 * (`buffalogs:analysis:<space>:<name>`, params `{space, name}`), run on demand (`runSoon`) and, when the analysis has a
 * schedule, on it. Each run reads the saved analysis as it is now, runs it (server/analysis_run/) and keeps the
 * outcome in the task's state. Progress and cancel requests go through the status document (status_store.ts): Task
 * Manager saves state only when a run ends, and a cancel may come through another Kibana node.
 *
 * Cancellation as family_task.ts: an AbortController aborted by Task Manager's `cancel()` (time-out), the context's
 * signal where the version has one, and a cancel request read back from the status document. A run cancelled before
 * it started (between "run now" and Task Manager's claim) stops at its start, before reading anything.
 */
import type { Logger } from '@kbn/core/server';
import type { CancellableTask, RunContext, TaskManagerSetupContract } from '@kbn/task-manager-plugin/server';
import { formatErrors } from '../analyses';
import { readAnalysis } from '../analyses/store';
import { runAnalysis, type AnalysisProgress } from '../analysis_run/run_analysis';
import { StatusWriter } from '../analysis_run/status_store';
import { isAbortError, type EsClient } from '../storage';

export const ANALYSIS_TASK_TYPE = 'buffalogs:analysis';
export const analysisTaskId = (space: string, name: string): string => `${ANALYSIS_TASK_TYPE}:${space}:${name}`;

export interface AnalysisTaskState {
  runs: number;
  lastRunAt?: string;
  lastRunId?: string;
  lastOutcome?: 'ok' | 'cancelled' | 'failed';
  lastError?: string;
  lastProgress?: AnalysisProgress;
  lastCounts?: { judged: number; resultsWritten: number; alertsWritten: number; durationMs: number };
}

export interface AnalysisTaskOptions {
  logger: Logger;
  client: () => Promise<EsClient>;
  now?: () => number;
  /** How often progress is written and a cancel request read back. */
  statusIntervalMs?: number;
  /** Hits per page read (runAnalysis's default when absent). */
  pageSize?: number;
}

export function registerAnalysisTask(taskManager: TaskManagerSetupContract, options: AnalysisTaskOptions): void {
  taskManager.registerTaskDefinitions({
    [ANALYSIS_TASK_TYPE]: {
      title: 'BuffaLogs analysis',
      description: 'Runs a saved anomaly-explorer analysis over its index pattern and writes its results',
      timeout: '1h',
      maxAttempts: 1,
      createTaskRunner: (context) => createAnalysisTaskRunner(context, options),
    },
  });
}

export function createAnalysisTaskRunner(context: RunContext, options: AnalysisTaskOptions): CancellableTask {
  const controller = new AbortController();
  const external = context.signal ?? context.abortController?.signal;
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
  const now = options.now ?? Date.now;
  const previous = (context.taskInstance.state ?? {}) as Partial<AnalysisTaskState>;
  const params = (context.taskInstance.params ?? {}) as { space?: unknown; name?: unknown };

  return {
    run: async () => {
      const startedAt = now();
      const runId = `${startedAt.toString(36)}-${context.taskInstance.id}`;
      const base: AnalysisTaskState = {
        ...previous,
        runs: (previous.runs ?? 0) + 1,
        lastRunAt: new Date(startedAt).toISOString(),
        lastRunId: runId,
      };
      if (typeof params.space !== 'string' || typeof params.name !== 'string') {
        options.logger.error(`analysis task ${context.taskInstance.id}: no space and name in its params; removed`);
        return { state: { ...base }, shouldDeleteTask: true };
      }
      const { space, name } = params;
      const label = `analysis "${name}" (space ${space})`;
      const client = await options.client();
      const status = new StatusWriter(client, space, name, runId, now, options.statusIntervalMs);
      let last: AnalysisProgress = { phase: 'counting', total: 0, read: 0 };
      try {
        let saved;
        try {
          saved = await readAnalysis(client, space, name);
        } catch (error) {
          // Deleted since it was scheduled (or the delete's task removal failed): nothing to run, ever again.
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
          options.logger.warn(`${label}: the saved analysis is gone; its task is removed`);
          const lastError = (error as Error).message;
          return { state: { ...base, lastOutcome: 'failed', lastError }, shouldDeleteTask: true };
        }
        if (!saved.ok) throw new Error(`the saved analysis is not valid: ${formatErrors(saved.errors)}`);
        if ((await status.start()) === 'cancelled') {
          // Cancelled between "run now" and this start (from any node): the status says so; nothing is read.
          options.logger.info(`${label}: cancelled before it started`);
          return { state: { ...base, lastOutcome: 'cancelled', lastProgress: last } };
        }
        const result = await runAnalysis({
          client,
          space,
          definition: saved.analysis,
          runId,
          now,
          signal: controller.signal,
          ...(options.pageSize ? { pageSize: options.pageSize } : {}),
          onProgress: (p) => {
            last = p;
            status.progress(p);
            if (status.cancelled() && !controller.signal.aborted)
              controller.abort(Object.assign(new Error(`${label} cancelled by a user`), { name: 'AbortError' }));
          },
        });
        await status.finish('done', last);
        options.logger.info(
          `${label}: ${result.report.records.judged} records judged, ${result.alertsWritten} alerts in ${now() - startedAt} ms`,
        );
        const state: AnalysisTaskState = {
          ...base,
          lastOutcome: 'ok',
          lastError: undefined,
          lastProgress: last,
          lastCounts: {
            judged: result.report.records.judged,
            resultsWritten: result.resultsWritten,
            alertsWritten: result.alertsWritten,
            durationMs: now() - startedAt,
          },
        };
        return { state: { ...state } };
      } catch (error) {
        if (controller.signal.aborted || isAbortError(error)) {
          options.logger.warn(`${label}: cancelled after ${now() - startedAt} ms`);
          await status.finish('cancelled', last).catch(() => undefined);
          return { state: { ...base, lastOutcome: 'cancelled', lastProgress: last } };
        }
        const message = error instanceof Error ? error.message : String(error);
        options.logger.error(`${label}: failed: ${message}`);
        await status.finish('failed', last, message).catch(() => undefined);
        return {
          state: { ...base, lastOutcome: 'failed', lastError: message, lastProgress: last },
          error: error instanceof Error ? error : new Error(message),
        };
      }
    },
    cancel: async () => {
      controller.abort(
        Object.assign(new Error('BuffaLogs analysis cancelled by Task Manager'), { name: 'AbortError' }),
      );
    },
  };
}
