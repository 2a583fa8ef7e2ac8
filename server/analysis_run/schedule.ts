/**
 * A saved analysis's schedule as Task Manager holds it: the analysis's one task (`buffalogs:analysis:<space>:<name>`)
 * becomes recurring on the analysis's interval, and stops recurring when the schedule is removed. One task per
 * analysis is what keeps runs from overlapping: Task Manager never claims a task that is running, so a scheduled run
 * due during a run on demand (or a slow earlier one) waits for it to end, and the run route answers 409 meanwhile.
 *
 * As schedule_tasks.ts: `ensureScheduled` leaves an existing task untouched (facts §2.5.1), so a changed interval goes
 * through `bulkUpdateSchedules`. A new schedule's first run is due at once (Task Manager's default `runAt`), then
 * every interval from each run's start; the next run is the task's `runAt`, the last one its state's `lastRunAt`.
 */
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { ANALYSIS_TASK_TYPE, analysisTaskId, type AnalysisTaskState } from '../task/analysis_task';

export interface AnalysisSchedule {
  interval: string;
  /** When Task Manager runs it next (a run going on: when it was claimed). */
  next_run_at: string;
  last_run_at?: string;
  last_outcome?: AnalysisTaskState['lastOutcome'];
  task_status: string;
}

type TaskManager = Pick<
  TaskManagerStartContract,
  'ensureScheduled' | 'get' | 'bulkUpdateSchedules' | 'removeIfExists' | 'runSoon'
>;

const statusOf = (error: unknown): number | undefined =>
  (error as { statusCode?: number; output?: { statusCode?: number }; meta?: { statusCode?: number } }).statusCode ??
  (error as { output?: { statusCode?: number } }).output?.statusCode ??
  (error as { meta?: { statusCode?: number } }).meta?.statusCode;

async function getTask(taskManager: Pick<TaskManager, 'get'>, id: string) {
  try {
    return await taskManager.get(id);
  } catch (error) {
    if (statusOf(error) === 404 || /not found/i.test((error as Error).message ?? '')) return undefined;
    throw error;
  }
}

/** Makes the analysis's task match its schedule: recurring on it, or (no schedule) no recurring task left. */
export async function syncAnalysisSchedule(
  taskManager: TaskManager,
  space: string,
  name: string,
  schedule: { interval: string } | undefined,
): Promise<void> {
  const id = analysisTaskId(space, name);
  if (!schedule) {
    const task = await getTask(taskManager, id);
    // A one-off task (a run on demand) removes itself when it ends; only a recurring one is taken away here.
    if (task?.schedule) await taskManager.removeIfExists(id);
    return;
  }
  await taskManager.ensureScheduled({
    id,
    taskType: ANALYSIS_TASK_TYPE,
    schedule: { interval: schedule.interval },
    params: { space, name },
    state: {},
  });
  const task = await getTask(taskManager, id);
  if (task && task.schedule?.interval !== schedule.interval)
    await taskManager.bulkUpdateSchedules([id], { interval: schedule.interval });
}

/**
 * Asks Task Manager to start the analysis's task now: its recurring task, or a one-off one (Task Manager removes it
 * after its run). `runSoon` refuses a task that is running; that is either a start that serves the request (it takes
 * the `queued` status), or a run that has ended but that Task Manager has not put back yet (a recurring task
 * rescheduled on its interval, a one-off one removed), which would leave the request waiting for nothing. So while
 * `stillQueued()` says no start has taken the request, it asks again, every `delayMs` up to `attempts` times. Recent
 * Kibana answers `conflict: true` instead of throwing when its update of the task lost a race with another update (a
 * claim, the end of a run; x-pack/platform/plugins/shared/task_manager/server/task_scheduling.ts `runSoon`): the same.
 */
export async function runAnalysisTaskSoon(
  taskManager: Pick<TaskManager, 'ensureScheduled' | 'runSoon'>,
  space: string,
  name: string,
  stillQueued: () => Promise<boolean>,
  { attempts = 25, delayMs = 200 }: { attempts?: number; delayMs?: number } = {},
): Promise<void> {
  const id = analysisTaskId(space, name);
  for (let attempt = 1; ; attempt++) {
    let refused: boolean;
    try {
      await taskManager.ensureScheduled({ id, taskType: ANALYSIS_TASK_TYPE, params: { space, name }, state: {} });
      const result = (await taskManager.runSoon(id)) as { conflict?: boolean };
      refused = result?.conflict === true;
    } catch (error) {
      const notFound = statusOf(error) === 404 || /not found/i.test((error as Error).message ?? '');
      if (!notFound && !/currently running/i.test((error as Error).message ?? '')) throw error;
      refused = true;
    }
    if (!refused || attempt >= attempts) return;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!(await stillQueued())) return;
  }
}

/** The analysis's task gone with it (a deleted analysis is not run on its old schedule). */
export async function removeAnalysisTask(taskManager: TaskManager, space: string, name: string): Promise<void> {
  await taskManager.removeIfExists(analysisTaskId(space, name));
}

/** The schedule as Task Manager has it now, or undefined when the analysis's task is not recurring. */
export async function readSchedule(
  taskManager: Pick<TaskManager, 'get'>,
  space: string,
  name: string,
): Promise<AnalysisSchedule | undefined> {
  const task = await getTask(taskManager, analysisTaskId(space, name));
  if (!task?.schedule) return undefined;
  const state = (task.state ?? {}) as Partial<AnalysisTaskState>;
  return {
    interval: task.schedule.interval,
    next_run_at: new Date(task.runAt).toISOString(),
    ...(state.lastRunAt ? { last_run_at: state.lastRunAt } : {}),
    ...(state.lastOutcome ? { last_outcome: state.lastOutcome } : {}),
    task_status: String(task.status),
  };
}
