/**
 * Task Manager's server contracts (`@kbn/task-manager-plugin/server`, plugin id `taskManager`), the subset this
 * plugin uses. Types only; Kibana passes the real contracts to setup/start.
 *
 * Mirrors elastic/kibana x-pack/platform/plugins/shared/task_manager/server/{task.ts, plugin.ts,
 * task_scheduling.ts} (8.19: x-pack/plugins/task_manager/server/...). `RunContext` grew between versions, so the
 * later fields are optional here: feature-detect them (facts §2.5.2).
 */
declare module '@kbn/task-manager-plugin/server' {
  import type { KibanaRequest } from '@kbn/core/server';
  import type { ObjectType } from '@kbn/config-schema';

  // task.ts
  export enum TaskPriority {
    Low = 1,
    Normal = 50,
  }
  /** `Large = 4` exists only on the newest versions; leave it out so nothing depends on it. */
  export enum TaskCost {
    Tiny = 1,
    Normal = 2,
    ExtraLarge = 10,
  }
  export type TaskStatus =
    'idle' | 'claiming' | 'running' | 'failed' | 'should_delete' | 'unrecognized' | 'dead_letter';

  /** @kbn/response-ops-scheduling-types (IntervalSchedule): '30s', '5m', '1h', '1d'. */
  export interface IntervalSchedule {
    interval: string;
  }

  export interface TaskInstance {
    id?: string;
    taskType: string;
    scheduledAt?: Date;
    startedAt?: Date | null;
    retryAt?: Date | null;
    runAt?: Date;
    schedule?: IntervalSchedule;
    // Kibana types these as Record<string, any> ("unknown will break current use in other plugins").
    params: Record<string, any>;
    state: Record<string, any>;
    stateVersion?: number;
    scope?: string[];
    enabled?: boolean;
    timeoutOverride?: string;
    ownerId?: string | null;
  }
  export type TaskInstanceWithId = TaskInstance & { id: string };
  export interface ConcreteTaskInstance extends TaskInstance {
    id: string;
    version?: string;
    scheduledAt: Date;
    attempts: number;
    status: TaskStatus;
    runAt: Date;
    startedAt: Date | null;
    retryAt: Date | null;
    ownerId: string | null;
    partition?: number;
  }

  /** The sole argument of `createTaskRunner`. */
  export interface RunContext {
    taskInstance: ConcreteTaskInstance;
    /** Only when the task was scheduled with `{ request }` (API-key scoped; ~9.1+). */
    fakeRequest?: KibanaRequest;
    /** Newest versions (PR #279282). */
    signal?: AbortSignal;
    /** ~9.2 (PR #230017); replaced by `signal` later. */
    abortController?: AbortController;
    executionUuid?: string;
  }

  export interface SuccessfulRunResult {
    /** Saved on the task document; becomes `taskInstance.state` on the next run. */
    state: Record<string, unknown>;
    runAt?: Date;
    schedule?: IntervalSchedule;
    shouldDeleteTask?: boolean;
    shouldDisableTask?: boolean;
  }
  export interface FailedRunResult extends SuccessfulRunResult {
    error: Error;
  }
  export type RunResult = SuccessfulRunResult | FailedRunResult;
  export type AnyRunResult = RunResult | undefined | void;
  export interface CancellableTask {
    run: () => Promise<AnyRunResult>;
    /** Called when `timeout` elapses; `run()` is not interrupted forcibly, so it must watch a signal. */
    cancel?: () => Promise<AnyRunResult>;
    cleanup?: () => Promise<void>;
  }
  export type TaskRunCreatorFunction = (context: RunContext) => CancellableTask;

  /** task_type_dictionary.ts (`TaskRegisterDefinition`); validated by `taskDefinitionSchema` on registration. */
  export interface TaskRegisterDefinition {
    title?: string;
    description?: string;
    /** `^\d+[smhd]$`, default '5m'. */
    timeout?: string;
    priority?: TaskPriority;
    cost?: TaskCost;
    maxAttempts?: number;
    stateSchemaByVersion?: Record<
      number,
      { schema: ObjectType; up: (state: Record<string, unknown>) => Record<string, unknown> }
    >;
    paramsSchema?: ObjectType;
    createTaskRunner: TaskRunCreatorFunction;
  }
  export type TaskDefinitionRegistry = Record<string, TaskRegisterDefinition>;

  // plugin.ts
  export interface TaskManagerSetupContract {
    /** Call in setup() only; registering a type twice throws "Task X is already defined!". */
    registerTaskDefinitions(taskDefinitions: TaskDefinitionRegistry): void;
  }
  export interface TaskManagerStartContract {
    schedule(taskInstance: TaskInstance, options?: Record<string, unknown>): Promise<ConcreteTaskInstance>;
    /** Swallows the 409 of an existing id and does NOT update its schedule/params (task_scheduling.ts). */
    ensureScheduled(taskInstance: TaskInstanceWithId, options?: Record<string, unknown>): Promise<TaskInstanceWithId>;
    runSoon(taskId: string): Promise<{ id: string }>;
    get(id: string): Promise<ConcreteTaskInstance>;
    remove(id: string): Promise<void>;
    removeIfExists(id: string): Promise<void>;
    bulkUpdateSchedules(taskIds: string[], schedule: IntervalSchedule): Promise<unknown>;
    bulkEnable(taskIds: string[], runSoon?: boolean): Promise<unknown>;
    bulkDisable(taskIds: string[]): Promise<unknown>;
    getRegisteredTypes(): string[];
  }
}
