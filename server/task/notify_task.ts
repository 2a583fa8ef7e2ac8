/**
 * The notifier's Task Manager adapter: task type `buffalogs:notify`, one recurring instance `buffalogs:notify:0`,
 * scheduled only when `buffalogs.notifiers` lists a channel. Each run is one notifier pass
 * (server/notifications/notifier_pass.ts); its checkpoint is kept in the task's state. Like family_task.ts it owns an
 * AbortController that Task Manager's `cancel()` (and the context's signal, where the version has one) aborts.
 *
 * A failed run keeps the previous checkpoint; the next run reads the same alerts again and the delivery records
 * keep what was already sent (or claimed) from being sent twice.
 */
import type { CoreStart, Logger } from '@kbn/core/server';
import type {
  CancellableTask,
  RunContext,
  TaskManagerSetupContract,
  TaskManagerStartContract,
} from '@kbn/task-manager-plugin/server';
import type { BuffalogsConfig } from '../config';
import { taskDurationMs } from '../config_sections';
import {
  DEFAULT_OVERLAP_MS,
  type RateLimiter,
  runNotifierPass,
  type NotifierCheckpoint,
  type NotifierPassResult,
} from '../notifications';
import { isAbortError, type EsClient } from '../storage';

export const NOTIFY_TASK_TYPE = 'buffalogs:notify';
export const NOTIFY_TASK_ID = `${NOTIFY_TASK_TYPE}:0`;

export interface NotifyTaskState {
  runs: number;
  lastRunAt?: string;
  lastOutcome?: 'ok' | 'cancelled' | 'failed';
  lastError?: string;
  checkpoint?: NotifierCheckpoint;
  lastCounts?: NotifierPassResult['channels'];
}

export interface NotifyServices {
  client: EsClient;
  publicBaseUrl?: string;
}

export class NotificationService {
  /** Per channel, across runs: a channel's pace holds from one pass to the next. */
  private readonly limiters = new Map<string, RateLimiter>();
  private services?: () => Promise<NotifyServices>;

  constructor(
    private readonly config: BuffalogsConfig,
    private readonly logger: Logger,
  ) {}

  setup(taskManager: TaskManagerSetupContract): void {
    // Registered even without channels: Task Manager must know the type of a task document left from an earlier
    // configuration (it then finds no channels and does nothing).
    taskManager.registerTaskDefinitions({
      [NOTIFY_TASK_TYPE]: {
        title: 'BuffaLogs notifications',
        description: 'Sends new BuffaLogs alerts to the channels of buffalogs.notifiers.',
        timeout: this.config.schedule.timeout,
        maxAttempts: 1,
        createTaskRunner: (context) => this.runner(context),
      },
    });
  }

  /** `client` is the detection task's client (it reads and writes buffalogs-* with the same credentials). */
  start(core: CoreStart, taskManager: TaskManagerStartContract, client: () => EsClient): void {
    this.services = async () => ({ client: client(), publicBaseUrl: core.http.basePath.publicBaseUrl });
    if (this.config.notifiers.length === 0) return;
    taskManager
      .ensureScheduled({
        id: NOTIFY_TASK_ID,
        taskType: NOTIFY_TASK_TYPE,
        schedule: { interval: this.config.schedule.interval },
        params: {},
        state: {},
      })
      .catch((error: Error) => this.logger.error(`could not schedule the notifier task: ${error.message}`));
  }

  runner(context: RunContext): CancellableTask {
    const controller = new AbortController();
    const external = context.signal ?? context.abortController?.signal;
    external?.addEventListener('abort', () => controller.abort(external.reason), { once: true });
    const previous = (context.taskInstance.state ?? {}) as Partial<NotifyTaskState>;
    return {
      run: async () => {
        const base: NotifyTaskState = {
          ...previous,
          runs: (previous.runs ?? 0) + 1,
          lastRunAt: new Date().toISOString(),
        };
        if (!this.services || this.config.notifiers.length === 0) return { state: { ...base } };
        try {
          const services = await this.services();
          const result = await runNotifierPass({
            client: services.client,
            space: this.config.space,
            channels: this.config.notifiers,
            checkpoint: previous.checkpoint,
            publicBaseUrl: services.publicBaseUrl,
            now: Date.now,
            signal: controller.signal,
            logger: { info: (m) => this.logger.info(m), warn: (m) => this.logger.warn(m) },
            // A detection pass can take up to its time-out to make its alerts visible after their `event.created`.
            overlapMs: Math.max(DEFAULT_OVERLAP_MS, taskDurationMs(this.config.schedule.timeout)),
            limiters: this.limiters,
          });
          const sent = Object.values(result.channels).reduce((n, c) => n + c.messages, 0);
          const failed = Object.values(result.channels).reduce((n, c) => n + c.failedMessages, 0);
          if (sent || failed) this.logger.info(`notifications: ${sent} message(s) sent, ${failed} failed`);
          for (const [channel, summary] of Object.entries(result.summaries))
            if (summary.status === 'sent')
              this.logger.info(`notifications: ${channel} sent the ${summary.key} summary`);
          const state: NotifyTaskState = {
            ...base,
            lastOutcome: 'ok',
            lastError: undefined,
            checkpoint: result.checkpoint,
            lastCounts: result.channels,
          };
          return { state: { ...state } };
        } catch (error) {
          if (controller.signal.aborted || isAbortError(error)) return { state: { ...base, lastOutcome: 'cancelled' } };
          // Channel errors are redacted where they happen; this is an Elasticsearch error (no channel secret in it).
          const message = error instanceof Error ? error.message : String(error);
          this.logger.error(`notifications failed, the next run reads the same alerts again: ${message}`);
          return { state: { ...base, lastOutcome: 'failed', lastError: message } };
        }
      },
      cancel: async () => {
        controller.abort(Object.assign(new Error('BuffaLogs notifications cancelled'), { name: 'AbortError' }));
      },
    };
  }
}
