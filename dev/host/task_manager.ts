/**
 * A Task Manager double that really runs tasks (elastic/kibana x-pack/platform/plugins/shared/task_manager/server/
 * {task_type_dictionary.ts, task_scheduling.ts, task_running/task_runner.ts}): definitions are validated and locked
 * after setup; due tasks are claimed by a poll at start and then every `pollIntervalMs` (polling/task_poller.ts
 * `start` runs a cycle at once). Neither `schedule` nor `runSoon` polls: they store a task that is due, and the next
 * poll claims it, so a new task or a run asked for waits up to a poll as in Kibana; one run per task at a time; a
 * recurring task's returned `state` becomes the next run's `taskInstance.state` and its next `runAt` is start + interval; on
 * `timeout` the runner's `cancel()` is called and the run's abort signal fires. A failed run (task_runner.ts @006b838e
 * `run` / `rescheduleFailedRun`): a thrown error keeps the state the run started with, a returned `{ state, error }`
 * stores that state, a timed-out run stores nothing; attempts are kept; a recurring task is rescheduled on its
 * interval, a one-off one retried until `maxAttempts` and then deleted. Differences from Kibana: tasks live
 * in memory for the host's lifetime (Kibana stores them in `.kibana_task_manager`), and `fetch` ignores `query`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@kbn/core/server';
import type {
  ConcreteTaskInstance,
  IntervalSchedule,
  RunContext,
  TaskDefinitionRegistry,
  TaskInstance,
  TaskInstanceWithId,
  TaskManagerSetupContract,
  TaskManagerStartContract,
  TaskRegisterDefinition,
} from '@kbn/task-manager-plugin/server';

const DURATION = /^(\d+)([smhd])$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DEFAULT_TIMEOUT = '5m';
const DEFAULT_MAX_ATTEMPTS = 3;

export function parseIntervalMs(interval: string): number {
  const m = DURATION.exec(interval);
  if (!m) {
    throw new Error(
      `Invalid interval "${interval}". Intervals must be of the form {number}{cadence} where number is an integer. Example: 5m.`,
    );
  }
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** Task Manager's errors carry the HTTP-ish status Kibana's saved objects layer would have given them. */
const statusError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });

export interface TaskManagerOptions {
  logger: Logger;
  pollIntervalMs: number;
  /** Which abort fields RunContext carries (feature-detected by plugins): 8.19–9.1 none, 9.2+ `abortController` and `signal`. */
  runContextAbort: boolean;
}

export class TaskManagerHost {
  private readonly definitions = new Map<string, TaskRegisterDefinition>();
  private readonly tasks = new Map<string, ConcreteTaskInstance>();
  private readonly running = new Set<string>();
  private locked = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Completed runs (for the host's report and tests). */
  public readonly runLog: Array<{
    id: string;
    taskType: string;
    startedAt: Date;
    durationMs: number;
    outcome: 'success' | 'failed' | 'timed_out';
  }> = [];

  constructor(private readonly options: TaskManagerOptions) {}

  public setupContract(): TaskManagerSetupContract {
    return {
      registerTaskDefinitions: (defs: TaskDefinitionRegistry) => {
        if (this.locked) throw new Error('Cannot register task definitions after the task manager has started');
        for (const [type, def] of Object.entries(defs)) {
          if (this.definitions.has(type)) throw new Error(`Task ${type} is already defined!`);
          this.validateDefinition(type, def);
          this.definitions.set(type, def);
        }
      },
    };
  }

  private validateDefinition(type: string, def: TaskRegisterDefinition) {
    const raw = def as TaskRegisterDefinition & { maxConcurrency?: unknown };
    if (typeof def.createTaskRunner !== 'function')
      throw new Error(`[${type}.createTaskRunner]: expected value of type [Function]`);
    if (def.timeout !== undefined && !DURATION.test(def.timeout)) {
      throw new Error(
        `Invalid timeout "${def.timeout}". Timeout must be of the form "{number}{cadence}" where number is an integer. Example: 5m.`,
      );
    }
    if (def.maxAttempts !== undefined && (!Number.isInteger(def.maxAttempts) || def.maxAttempts < 1)) {
      throw new Error(`[${type}.maxAttempts]: Value must be equal to or greater than [1].`);
    }
    if (raw.maxConcurrency !== undefined) {
      throw new Error(`maxConcurrency setting isn't allowed for task type: ${type}`);
    }
    if (def.priority !== undefined && ![1, 40, 50].includes(def.priority)) {
      throw new Error(`Invalid priority "${def.priority}". Priority must be one of Low => 1,Normal => 50`);
    }
  }

  public startContract(): TaskManagerStartContract {
    this.locked = true;
    return {
      schedule: (t) => this.schedule(t),
      ensureScheduled: async (t) => {
        try {
          return await this.schedule(t);
        } catch (e) {
          if ((e as { statusCode?: number }).statusCode === 409) return t as TaskInstanceWithId;
          throw e;
        }
      },
      // As task_scheduling.ts `runSoon`: a claiming or running task is refused, an unrecognized one too; any other
      // is made idle and due now, and is claimed by the next poll (runSoon does not poll: "run now" waits for it).
      runSoon: async (id) => {
        const task = this.mustGet(id);
        if (task.status === 'unrecognized') throw new Error(`Failed to run task "${id}" with status ${task.status}`);
        if (this.running.has(id) || task.status === 'claiming' || task.status === 'running') {
          throw new Error(`Failed to run task "${id}" as it is currently running`);
        }
        const now = new Date();
        Object.assign(task, { status: 'idle', scheduledAt: now, runAt: now });
        return { id };
      },
      get: async (id) => structuredClone(this.mustGet(id)),
      remove: async (id) => {
        this.mustGet(id);
        this.tasks.delete(id);
      },
      removeIfExists: async (id) => {
        this.tasks.delete(id);
      },
      bulkUpdateSchedules: async (ids, schedule: IntervalSchedule) => {
        const newMs = parseIntervalMs(schedule.interval);
        for (const id of ids) {
          const task = this.tasks.get(id);
          if (!task || task.schedule?.interval === schedule.interval) continue;
          const oldMs = task.schedule ? parseIntervalMs(task.schedule.interval) : 0;
          task.schedule = schedule;
          task.runAt = new Date(Math.max(Date.now(), task.runAt.getTime() - oldMs + newMs));
        }
        return { tasks: ids.map((id) => this.tasks.get(id)).filter(Boolean), errors: [] };
      },
      bulkEnable: async (ids, runSoon = true) => {
        for (const id of ids) {
          const task = this.tasks.get(id);
          if (!task) continue;
          task.enabled = true;
          if (runSoon) task.runAt = new Date();
        }
        return { tasks: ids.map((id) => this.tasks.get(id)).filter(Boolean), errors: [] };
      },
      bulkDisable: async (ids) => {
        for (const id of ids) {
          const task = this.tasks.get(id);
          if (task) task.enabled = false;
        }
        return { tasks: ids.map((id) => this.tasks.get(id)).filter(Boolean), errors: [] };
      },
      getRegisteredTypes: () => [...this.definitions.keys()],
    };
  }

  /** Also `fetch({ size })` of Kibana's contract (all tasks; the query is not interpreted). */
  public async fetch(opts: { size?: number } = {}): Promise<{ docs: ConcreteTaskInstance[] }> {
    return { docs: [...this.tasks.values()].slice(0, opts.size ?? 100).map((t) => structuredClone(t)) };
  }

  private mustGet(id: string): ConcreteTaskInstance {
    const task = this.tasks.get(id);
    if (!task) throw statusError(404, `Saved object [task/${id}] not found`);
    return task;
  }

  private async schedule(t: TaskInstance): Promise<ConcreteTaskInstance> {
    if (!this.definitions.has(t.taskType)) {
      throw new Error(
        `Unsupported task type "${t.taskType}". Supported types are ${[...this.definitions.keys()].join(', ')}`,
      );
    }
    if (t.params === undefined || t.state === undefined) throw new Error('Task params and state are required');
    if (t.schedule) parseIntervalMs(t.schedule.interval);
    const id = t.id ?? randomUUID();
    if (this.tasks.has(id)) throw statusError(409, `[task:${id}]: version conflict, document already exists`);
    const now = new Date();
    const task: ConcreteTaskInstance = {
      ...structuredClone({ ...t, runAt: undefined }),
      id,
      taskType: t.taskType,
      params: structuredClone(t.params),
      state: structuredClone(t.state),
      schedule: t.schedule,
      scheduledAt: now,
      runAt: t.runAt ?? now,
      attempts: 0,
      status: 'idle',
      startedAt: null,
      retryAt: null,
      ownerId: null,
      enabled: t.enabled ?? true,
    };
    // Stored, not run: task_scheduling.ts `schedule` writes the task document and the next claim cycle takes it.
    this.tasks.set(id, task);
    return structuredClone(task);
  }

  public start() {
    this.stopped = false;
    setImmediate(() => this.poll());
    this.timer = setInterval(() => this.poll(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  public stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  private poll() {
    if (this.stopped) return;
    const now = Date.now();
    for (const task of this.tasks.values()) {
      if (task.enabled === false || task.status !== 'idle' || this.running.has(task.id) || task.runAt.getTime() > now)
        continue;
      void this.runTask(task);
    }
  }

  private async runTask(task: ConcreteTaskInstance) {
    const def = this.definitions.get(task.taskType);
    const { logger } = this.options;
    if (!def) {
      task.status = 'unrecognized';
      return;
    }
    this.running.add(task.id);
    const startedAt = new Date();
    Object.assign(task, { status: 'running', startedAt, attempts: task.attempts + 1, ownerId: 'kibana-host' });
    const abortController = new AbortController();
    const context: RunContext = { taskInstance: structuredClone(task) };
    if (this.options.runContextAbort) Object.assign(context, { abortController, signal: abortController.signal });

    let timedOut = false;
    let outcome: 'success' | 'failed' | 'timed_out' = 'success';
    let runner: ReturnType<TaskRegisterDefinition['createTaskRunner']> | undefined;
    const timeoutMs = parseIntervalMs(task.timeoutOverride ?? def.timeout ?? DEFAULT_TIMEOUT);
    const timeout = setTimeout(() => {
      timedOut = true;
      logger.warn(
        `Cancelling task ${task.taskType} "${task.id}" as it expired at ${new Date().toISOString()} after running for ${Math.round(timeoutMs / 1000)}s (with timeout set at ${task.timeoutOverride ?? def.timeout ?? DEFAULT_TIMEOUT}).`,
      );
      abortController.abort();
      if (runner?.cancel) runner.cancel().catch((e) => logger.error(e as Error));
      else logger.warn(`The task ${task.taskType} "${task.id}" is not cancellable.`);
    }, timeoutMs);
    try {
      // Kibana reads params back from the task document (JSON in `.kibana_task_manager`): validate what JSON gives.
      if (def.paramsSchema)
        context.taskInstance.params = def.paramsSchema.validate(JSON.parse(JSON.stringify(task.params))) as Record<
          string,
          unknown
        >;
      runner = def.createTaskRunner(context);
      const result = (await runner.run()) ?? { state: {} };
      if (timedOut) throw new Error('timed out');
      if ('error' in result && result.error) {
        // A returned failure keeps the state the runner returned with it (task_runner.ts `validateResult` →
        // `rescheduleFailedRun` keeps `failureResult.state`), unlike a thrown error, which keeps the previous state.
        if (result.state !== undefined) task.state = result.state;
        throw result.error;
      }
      const interval = result.schedule?.interval ?? task.schedule?.interval;
      if (result.shouldDeleteTask || (!interval && !result.runAt)) {
        this.tasks.delete(task.id);
      } else {
        Object.assign(task, {
          state: result.state ?? {},
          schedule: result.schedule ?? task.schedule,
          runAt: result.runAt ?? new Date(startedAt.getTime() + parseIntervalMs(interval!)),
          attempts: 0,
          enabled: result.shouldDisableTask ? false : task.enabled,
        });
      }
    } catch (e) {
      outcome = timedOut ? 'timed_out' : 'failed';
      if (!timedOut) logger.error(`Task ${task.taskType} "${task.id}" failed: ${(e as Error).message}`);
      const maxAttempts = def.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      if (task.schedule) {
        task.runAt = new Date(startedAt.getTime() + parseIntervalMs(task.schedule.interval));
      } else if (task.attempts >= maxAttempts) {
        // No retry left: Task Manager deletes the task document (processResultForRecurringTask → removeTask).
        this.tasks.delete(task.id);
      } else {
        task.runAt = new Date(Date.now() + 5 * 60_000 * task.attempts);
      }
    } finally {
      clearTimeout(timeout);
      if (this.tasks.has(task.id) && task.status === 'running') task.status = 'idle';
      task.startedAt = null;
      this.running.delete(task.id);
      await runner?.cleanup?.().catch((e) => logger.error(e as Error));
      this.runLog.push({
        id: task.id,
        taskType: task.taskType,
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        outcome,
      });
    }
  }
}
