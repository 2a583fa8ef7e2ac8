/**
 * One recurring task instance per partition, ids `buffalogs:detect:<i>`. `ensureScheduled` leaves an existing task
 * untouched (facts §2.5.1), so a changed interval is applied with `bulkUpdateSchedules`; instances beyond a reduced
 * `partitions` delete themselves on their next run (see detect_task.ts), and the runner takes the partition count
 * from the config, not from the (possibly stale) params.
 */
import type { Logger } from '@kbn/core/server';
import type { TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { DETECTION_TASK_TYPE } from '../../common/constants';

export const detectionTaskId = (partition: number, taskType: string = DETECTION_TASK_TYPE): string =>
  `${taskType}:${partition}`;

export async function scheduleDetectionTasks(
  taskManager: TaskManagerStartContract,
  options: { interval: string; partitions: number; logger: Logger; taskType?: string },
): Promise<string[]> {
  const taskType = options.taskType ?? DETECTION_TASK_TYPE;
  const ids: string[] = [];
  for (let partition = 0; partition < options.partitions; partition++) {
    const id = detectionTaskId(partition, taskType);
    await taskManager.ensureScheduled({
      id,
      taskType,
      schedule: { interval: options.interval },
      params: { partition, partitions: options.partitions },
      state: {},
    });
    ids.push(id);
  }
  const stale: string[] = [];
  for (const id of ids) {
    const task = await taskManager.get(id);
    if (task.schedule?.interval !== options.interval) stale.push(id);
  }
  if (stale.length) {
    await taskManager.bulkUpdateSchedules(stale, { interval: options.interval });
    options.logger.info(`detection interval changed to ${options.interval} for ${stale.join(', ')}`);
  }
  return ids;
}
