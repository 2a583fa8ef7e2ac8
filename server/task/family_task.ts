/**
 * The Task Manager adapter of every detection family: one task type per family (its `taskType`), one recurring
 * instance per partition, each run one pass of that family. Thin on purpose; the runner (server/runner/) does the
 * work and is tested without Kibana. As Kibana's alerting registers one task type per rule type, one family's
 * failure, time-out or slowness never holds up another's.
 *
 * Cancellation works on every Kibana version (facts §2.5.2): the runner owns an AbortController, aborted by
 * `cancel()` (all versions, on timeout) and by the context's `signal` (newest) or `abortController` (~9.2) when
 * present. An aborted pass stops at its next request; its last durable batch is in the checkpoint, so the next run
 * resumes there.
 */
import type { Logger } from '@kbn/core/server';
import type { CancellableTask, RunContext, TaskManagerSetupContract } from '@kbn/task-manager-plugin/server';
import { familyCountsOf } from '../../common/family_counts';
import { MissingPrivilegesError, summarisePass, type PassResult } from '../pass';
import type { PassLogger } from '../runner/family_pass';
import { isAbortError } from '../storage';

/** What a family's runs need, built once and shared by its runs. */
export interface FamilyTaskServices {
  partitions: number;
  /** Who the task runs as, for messages about missing privileges. */
  identity: string;
  run(partition: number, deps: { logger: PassLogger; now: () => number; signal: AbortSignal }): Promise<PassResult>;
}

/** Saved by Task Manager on the task document after each run; the next run receives it. */
export interface FamilyTaskState {
  runs: number;
  lastRunAt?: string;
  lastOutcome?: 'ok' | 'cancelled' | 'failed';
  lastError?: string;
  completedTo?: string;
  /** What the last successful run judged, and every event it dropped or skipped, by cause (shown by the app). */
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
  > & {
    rejected: number;
    /**
     * `rejected` by the family's reason (its normaliser's code: `missing_user`, `other`…), so the app can say which
     * events were not judged and why; bounded as `familyCounts`. Absent in states stored before it was kept, and when
     * nothing was rejected.
     */
    rejectedBy?: Record<string, number>;
    durationMs: number;
    /**
     * The family's own counters (`PassResult.familyCounts`: VirusTotal lookups deferred by the budget...), bounded
     * (common/family_counts.ts); absent when the pass reported none, as in states stored before they were kept.
     */
    familyCounts?: Record<string, number>;
  };
}

/** The counts `lastCounts` holds besides the family's own (each a whole number ≥ 0). */
const LAST_COUNTS = [
  'users',
  'events',
  'alertsCreated',
  'alertsExisting',
  'deadLetters',
  'batches',
  'duplicates',
  'skipped',
  'outOfOrder',
  'alreadyJudged',
  'rejected',
  'durationMs',
] as const satisfies ReadonlyArray<keyof NonNullable<FamilyTaskState['lastCounts']>>;

/**
 * A task state as stored on the task document, read as untrusted (an older version's, or edited): anything but an
 * object is no state, and its last counts keep only the known counts that are whole numbers ≥ 0 (the app adds them up
 * across partitions: a stored "5" or -3 made its sums wrong) and the family counters and rejection reasons fit to keep
 * (common/family_counts.ts); a state stored before either was kept reads as it was. The rest is read loosely where it
 * is used, as before.
 */
export function readTaskState(state: unknown): Record<string, unknown> | undefined {
  if (state === null || typeof state !== 'object' || Array.isArray(state)) return undefined;
  if (!Object.hasOwn(state, 'lastCounts')) return state as Record<string, unknown>;
  const { lastCounts, ...rest } = state as Record<string, unknown>;
  if (lastCounts === null || typeof lastCounts !== 'object' || Array.isArray(lastCounts)) return rest;
  const counts: Record<string, unknown> = {};
  for (const name of LAST_COUNTS) {
    const n = Object.hasOwn(lastCounts, name) ? (lastCounts as Record<string, unknown>)[name] : undefined;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) counts[name] = n;
  }
  // Reasons are counters named like identifiers, as the family's own: the same bounded reading.
  for (const name of ['familyCounts', 'rejectedBy'] as const) {
    if (!Object.hasOwn(lastCounts, name)) continue;
    const kept = familyCountsOf((lastCounts as Record<string, unknown>)[name]);
    if (Object.keys(kept).length > 0) counts[name] = kept;
  }
  return { ...rest, lastCounts: counts };
}

export interface FamilyTaskOptions {
  /** `detection` for the login family (its historical log label), else the family id. */
  label: string;
  logger: Logger;
  services: () => Promise<FamilyTaskServices>;
  now?: () => number;
}

export function registerFamilyTask(
  taskManager: TaskManagerSetupContract,
  definition: { taskType: string; title: string; description: string; timeout: string },
  options: FamilyTaskOptions,
): void {
  taskManager.registerTaskDefinitions({
    [definition.taskType]: {
      title: definition.title,
      description: definition.description,
      timeout: definition.timeout,
      // A failed run is retried on the next interval anyway (recurring task); no extra attempts in between.
      maxAttempts: 1,
      createTaskRunner: (context) => createFamilyTaskRunner(context, options),
    },
  });
}

export function createFamilyTaskRunner(context: RunContext, options: FamilyTaskOptions): CancellableTask {
  const controller = new AbortController();
  const external = context.signal ?? context.abortController?.signal;
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
  const now = options.now ?? Date.now;
  const previous = (readTaskState(context.taskInstance.state) ?? {}) as Partial<FamilyTaskState>;

  return {
    run: async () => {
      const startedAt = now();
      const base: FamilyTaskState = {
        ...previous,
        runs: (previous.runs ?? 0) + 1,
        lastRunAt: new Date(startedAt).toISOString(),
      };
      const services = await options.services();
      const partitions = services.partitions;
      const partition = Number(context.taskInstance.params?.partition ?? 0);
      const label = `${options.label} ${partition + 1}/${partitions}`;
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
        // Left over from a larger `partitions`; its entities now belong to the remaining instances.
        options.logger.info(`${label}: partition no longer configured, removing task ${context.taskInstance.id}`);
        return { state: { ...base }, shouldDeleteTask: true };
      }
      try {
        const result = await services.run(partition, {
          logger: passLogger(options.logger),
          now,
          signal: controller.signal,
        });
        options.logger.info(`${label}: ${summarisePass(result)}`);
        const familyCounts = familyCountsOf(result.familyCounts);
        const rejectedBy = familyCountsOf(result.rejected);
        const state: FamilyTaskState = {
          ...base,
          lastOutcome: 'ok',
          lastError: undefined,
          ...(result.completedTo !== undefined ? { completedTo: new Date(result.completedTo).toISOString() } : {}),
          lastCounts: {
            users: result.users,
            events: result.events,
            alertsCreated: result.alertsCreated,
            alertsExisting: result.alertsExisting,
            batches: result.batches,
            deadLetters: result.deadLetters,
            duplicates: result.duplicates,
            skipped: result.skipped,
            outOfOrder: result.outOfOrder,
            alreadyJudged: result.alreadyJudged,
            rejected: Object.values(result.rejected).reduce((a, b) => a + (b ?? 0), 0),
            durationMs: result.timings.totalMs,
            ...(Object.keys(familyCounts).length ? { familyCounts } : {}),
            ...(Object.keys(rejectedBy).length ? { rejectedBy } : {}),
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
        Object.assign(new Error(`BuffaLogs ${options.label} cancelled by Task Manager`), { name: 'AbortError' }),
      );
    },
  };
}

function passLogger(logger: Logger): PassLogger {
  return { info: (m) => logger.info(m), warn: (m) => logger.warn(m), debug: (m) => logger.debug(m) };
}
