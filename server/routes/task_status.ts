import type { estypes } from '@elastic/elasticsearch';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import {
  API_PATHS,
  type DetectionCheckpoint,
  type DetectionFamilyLastRun,
  type DetectionFamilyRun,
  type DetectionTaskStatus,
  type TaskStatusResponse,
} from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { familyCountsOf, spelledOut } from '../../common/family_counts';
import { ownValue } from '../../common/own_keys';
import { FAMILIES } from '../families';
import { API_PRIVILEGES } from '../features';
import type { BuffalogsRouter } from '../types';
import { readDeadLetters } from '../storage';
import { readTaskState } from '../task';
import { esStatus, guard, isIndexNotFound } from './errors';
import { requestScope } from './request_scope';
import type { ApiRouteDependencies } from '.';

/** The latest dead letters the status shows; the count covers them all. */
const DEAD_LETTERS_SHOWN = 5;

const isNotFound = (e: unknown) =>
  (e as { statusCode?: number; output?: { statusCode?: number } }).statusCode === 404 ||
  (e as { output?: { statusCode?: number } }).output?.statusCode === 404;

export function taskStatus(id: string, task?: ConcreteTaskInstance): DetectionTaskStatus {
  if (!task) return { task_id: id, scheduled: false };
  const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
  // Whatever the task document holds: an older version's state, or an edited one (family_task.ts readTaskState).
  const state = readTaskState(task.state);
  return {
    task_id: id,
    scheduled: true,
    status: task.status,
    run_at: new Date(task.runAt).toISOString(),
    started_at: iso(task.startedAt),
    retry_at: iso(task.retryAt),
    attempts: task.attempts,
    ...(task.schedule?.interval ? { interval: task.schedule.interval } : {}),
    ...(state ? { last_run_state: state } : {}),
  };
}

/** The counts a family's last runs add up over its partitions, as the task state names them (family_task.ts). */
const SUMMED = [
  ['events', 'events'],
  ['rejected', 'rejected'],
  ['duplicates', 'duplicates'],
  ['skipped', 'skipped'],
  ['alreadyJudged', 'already_judged'],
  ['outOfOrder', 'out_of_order'],
] as const satisfies ReadonlyArray<readonly [string, Exclude<keyof DetectionFamilyLastRun, 'rejected_by'>]>;

/**
 * The tasks by family (a task id is `<taskType>:<partition>`, schedule_tasks.ts), in the registry's order, each with
 * its last runs' counts summed over its partitions and its rejections by reason in the family's words: one family's
 * refusals are not another's, and "3 rejected" says nothing until it says of what and why. The states were read as
 * untrusted by taskStatus (whole counts ≥ 0, reasons like identifiers); a task of a family no longer registered is
 * listed under its task type.
 */
export function familyRuns(tasks: readonly DetectionTaskStatus[]): DetectionFamilyRun[] {
  const byType = new Map<string, DetectionTaskStatus[]>();
  for (const t of tasks) {
    const type = t.task_id.slice(0, Math.max(0, t.task_id.lastIndexOf(':'))) || t.task_id;
    const same = byType.get(type);
    if (same) same.push(t);
    else byType.set(type, [t]);
  }
  const known = FAMILIES.map((f) => f.taskType);
  const types = [...known.filter((type) => byType.has(type)), ...[...byType.keys()].filter((t) => !known.includes(t))];
  return types.map((type) => {
    const family = FAMILIES.find((f) => f.taskType === type);
    const own = byType.get(type)!;
    const counts = own
      .map((t) => t.last_run_state?.lastCounts)
      .filter((c): c is Record<string, unknown> => c !== null && typeof c === 'object');
    const run: DetectionFamilyRun = {
      family: family?.id ?? type,
      title: family?.title ?? type,
      event_name: family ? [...family.eventName] : ['event', 'events'],
      task_ids: own.map((t) => t.task_id),
    };
    if (counts.length === 0) return run;
    const sums = Object.fromEntries(
      SUMMED.map(([stored, shown]) => [shown, counts.reduce((n, c) => n + (Number(ownValue(c, stored)) || 0), 0)]),
    ) as Omit<DetectionFamilyLastRun, 'rejected_by'>;
    const reasons = new Map<string, number>();
    for (const c of counts)
      for (const [reason, n] of Object.entries(familyCountsOf(ownValue(c, 'rejectedBy'))))
        reasons.set(reason, (reasons.get(reason) ?? 0) + n);
    const rejectedBy = [...reasons]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([reason, count]) => {
        const words = family?.rejections ? ownValue(family.rejections, reason) : undefined;
        const label = typeof words === 'string' ? words : spelledOut(reason);
        return family?.setAside?.has(reason) ? { reason, label, count, set_aside: true } : { reason, label, count };
      });
    return { ...run, last_run: { ...sums, rejected_by: rejectedBy } };
  });
}

/**
 * `GET /api/buffalogs/task`: the detection task instances as Task Manager sees them, and how far detection has got
 * (the checkpoints the task writes in `buffalogs-checkpoints-<space>`).
 */
export function registerTaskStatusRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  router.versioned
    .get({
      path: API_PATHS.task,
      access: 'public',
      summary: 'Detection task status',
      security: { authz: { requiredPrivileges: [API_PRIVILEGES.read] } },
    })
    .addVersion({ version: API_VERSION, validate: false }, async (context, request, response) =>
      guard(response, deps.logger, async () => {
        const { client, indices, space } = await requestScope(context, request, deps);
        const { taskManager } = await deps.getStartServices();
        const ids = deps.detectionTaskIds(space);
        const tasks = await Promise.all(
          ids.map(async (id) => {
            if (!taskManager) return taskStatus(id);
            try {
              return taskStatus(id, await taskManager.get(id));
            } catch (e) {
              if (isNotFound(e)) return taskStatus(id);
              throw e;
            }
          }),
        );
        let checkpoints: DetectionCheckpoint[] = [];
        try {
          const result = await client.search<
            DetectionCheckpoint & { current?: { from: string; to: string; after_user?: string } }
          >({
            index: indices.checkpoints,
            size: 100,
            sort: [{ partition: { order: 'asc' } }] as estypes.SortCombinations[],
          });
          checkpoints = result.hits.hits.map(({ _source: c }) => ({
            partition: c!.partition,
            partitions: c!.partitions,
            ...(c!.completed_to ? { completed_to: c!.completed_to } : {}),
            ...(c!.updated_at ? { updated_at: c!.updated_at } : {}),
            // after_user names a user: not needed to judge progress.
            ...(c!.current ? { current: { from: c!.current.from, to: c!.current.to } } : {}),
          }));
        } catch (error) {
          if (!isIndexNotFound(error)) throw error;
        }
        // Refused alerts set aside by the task: how many and the latest reasons (absent if the caller may not read them).
        const deadLetters = await readDeadLetters(client, indices.deadletter, DEAD_LETTERS_SHOWN).catch(
          (error: unknown) => {
            if (esStatus(error) === 403) return undefined;
            throw error;
          },
        );
        const body: TaskStatusResponse = {
          tasks,
          families: familyRuns(tasks),
          checkpoints,
          ...(deadLetters ? { dead_letters: deadLetters } : {}),
          task_manager_available: Boolean(taskManager),
        };
        return response.ok({ body });
      }),
    );
}
