/**
 * The Task Manager adapter: `buffalogs:detect` runs one detection pass per run. Thin on purpose; the pass
 * (server/pass/) does the work and is tested without Kibana.
 *
 * Cancellation works on every Kibana version (facts §2.5.2): the runner owns an AbortController, aborted by
 * `cancel()` (all versions, on timeout) and by the context's `signal` (newest) or `abortController` (~9.2) when
 * present. An aborted pass stops at its next request; its last durable batch is in the checkpoint, so the next run
 * resumes there.
 */
import type { Logger } from '@kbn/core/server';
import type { CancellableTask, RunContext, TaskManagerSetupContract } from '@kbn/task-manager-plugin/server';
import { DETECTION_TASK_TYPE } from '../../common/constants';
import {
  MissingPrivilegesError,
  runDetectionPass,
  summarisePass,
  type PassDeps,
  type PassResult,
  type PassSettings,
} from '../pass';
import { isAbortError } from '../storage';

/** What a run needs, built once at start and shared by every run (client, settings, enricher). */
export interface DetectionServices {
  settings: Omit<PassSettings, 'partition'>;
  client: PassDeps['client'];
  enricher: PassDeps['enricher'];
  /** Settings saved through the API, read again by every run (absent: `settings.detection` only). */
  savedSettings?: PassDeps['savedSettings'];
  identity: string;
}

/** Saved by Task Manager on the task document after each run; the next run receives it. */
export interface DetectionTaskState {
  runs: number;
  lastRunAt?: string;
  lastOutcome?: 'ok' | 'cancelled' | 'failed';
  lastError?: string;
  completedTo?: string;
  /** What the last successful run judged, and every login it dropped or skipped, by cause (shown by the app). */
  lastCounts?: Pick<
    PassResult,
    | 'users'
    | 'events'
    | 'alertsCreated'
    | 'alertsExisting'
    | 'deadLetters'
    | 'batches'
    | 'duplicates'
    | 'skipped'
    | 'outOfOrder'
    | 'alreadyJudged'
  > & { rejected: number; durationMs: number };
}

export function registerDetectionTask(
  taskManager: TaskManagerSetupContract,
  options: { timeout: string; logger: Logger; services: () => Promise<DetectionServices>; now?: () => number },
): void {
  taskManager.registerTaskDefinitions({
    [DETECTION_TASK_TYPE]: {
      title: 'BuffaLogs detection',
      description:
        'Reads new ECS authentication events, detects compromised-account signals, writes alerts and per-user state.',
      timeout: options.timeout,
      // A failed run is retried on the next interval anyway (recurring task); no extra attempts in between.
      maxAttempts: 1,
      createTaskRunner: (context) => createDetectionRunner(context, options),
    },
  });
}

export function createDetectionRunner(
  context: RunContext,
  options: { logger: Logger; services: () => Promise<DetectionServices>; now?: () => number },
): CancellableTask {
  const controller = new AbortController();
  const external = context.signal ?? context.abortController?.signal;
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
  const now = options.now ?? Date.now;
  const previous = (context.taskInstance.state ?? {}) as Partial<DetectionTaskState>;

  return {
    run: async () => {
      const startedAt = now();
      const base: DetectionTaskState = {
        ...previous,
        runs: (previous.runs ?? 0) + 1,
        lastRunAt: new Date(startedAt).toISOString(),
      };
      const services = await options.services();
      const partitions = services.settings.partitions;
      const partition = Number(context.taskInstance.params?.partition ?? 0);
      const label = `detection ${partition + 1}/${partitions}`;
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
        // Left over from a larger `partitions`; its users now belong to the remaining instances.
        options.logger.info(`${label}: partition no longer configured, removing task ${context.taskInstance.id}`);
        return { state: { ...base }, shouldDeleteTask: true };
      }
      try {
        const result = await runDetectionPass(
          { ...services.settings, partition },
          {
            client: services.client,
            enricher: services.enricher,
            savedSettings: services.savedSettings,
            logger: passLogger(options.logger),
            now,
            signal: controller.signal,
          },
        );
        options.logger.info(`${label}: ${summarisePass(result)}`);
        const state: DetectionTaskState = {
          ...base,
          lastOutcome: 'ok',
          lastError: undefined,
          ...(result.completedTo !== undefined ? { completedTo: new Date(result.completedTo).toISOString() } : {}),
          lastCounts: {
            users: result.users,
            events: result.events,
            alertsCreated: result.alertsCreated,
            alertsExisting: result.alertsExisting,
            deadLetters: result.deadLetters,
            batches: result.batches,
            duplicates: result.duplicates,
            skipped: result.skipped,
            outOfOrder: result.outOfOrder,
            alreadyJudged: result.alreadyJudged,
            rejected: Object.values(result.rejected).reduce((a, b) => a + (b ?? 0), 0),
            durationMs: result.timings.totalMs,
          },
        };
        return { state: { ...state } };
      } catch (error) {
        if (controller.signal.aborted || isAbortError(error)) {
          options.logger.warn(
            `${label}: cancelled after ${now() - startedAt} ms; the next run resumes after the last completed batch`,
          );
          return { state: { ...base, lastOutcome: 'cancelled' } };
        }
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof MissingPrivilegesError)
          options.logger.error(`${label}: ${message} (running as ${services.identity})`);
        else options.logger.error(`${label}: failed, nothing after the last completed batch was committed: ${message}`);
        return {
          state: { ...base, lastOutcome: 'failed', lastError: message },
          error: error instanceof Error ? error : new Error(message),
        };
      }
    },
    cancel: async () => {
      controller.abort(
        Object.assign(new Error('BuffaLogs detection cancelled by Task Manager'), { name: 'AbortError' }),
      );
    },
  };
}

function passLogger(logger: Logger): PassDeps['logger'] {
  return { info: (m) => logger.info(m), warn: (m) => logger.warn(m), debug: (m) => logger.debug(m) };
}
