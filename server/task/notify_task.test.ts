import type { CoreStart, Logger } from '@kbn/core/server';
import type { TaskManagerSetupContract, TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import { configSchema, type BuffalogsConfig } from '../config';
import type { EsClient } from '../storage';
import { taskDurationMs } from '../config_sections';
import { NOTIFY_TASK_ID, NOTIFY_TASK_TYPE, NotificationService } from './notify_task';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() } as unknown as Logger;
const core = { http: { basePath: { publicBaseUrl: 'https://kibana.example.com' } } } as unknown as CoreStart;

function taskManagers() {
  const definitions: Record<string, unknown> = {};
  const scheduled: Array<{ id: string; taskType: string }> = [];
  return {
    definitions,
    scheduled,
    setup: {
      registerTaskDefinitions: (d: Record<string, unknown>) => Object.assign(definitions, d),
    } as unknown as TaskManagerSetupContract,
    start: {
      ensureScheduled: async (t: { id: string; taskType: string }) => {
        scheduled.push(t);
        return t;
      },
    } as unknown as TaskManagerStartContract,
  };
}

describe('the notifier task', () => {
  it('registers buffalogs:notify always, and schedules it only when a channel is configured', () => {
    const none = taskManagers();
    const idle = new NotificationService(configSchema.validate({}) as BuffalogsConfig, logger);
    idle.setup(none.setup);
    idle.start(core, none.start, () => ({}) as EsClient);
    expect(Object.keys(none.definitions)).toEqual([NOTIFY_TASK_TYPE]);
    expect(none.scheduled).toEqual([]);

    const some = taskManagers();
    const config = configSchema.validate({
      notifiers: [{ name: 'soc', type: 'webhook', url: 'http://127.0.0.1:9/x' }],
    });
    const service = new NotificationService(config as BuffalogsConfig, logger);
    service.setup(some.setup);
    service.start(core, some.start, () => ({}) as EsClient);
    expect(some.scheduled).toEqual([expect.objectContaining({ id: NOTIFY_TASK_ID, taskType: NOTIFY_TASK_TYPE })]);
  });

  it('reads the schedule time-out as the re-read overlap', () => {
    expect(taskDurationMs('30m')).toBe(1_800_000);
    expect(taskDurationMs('2h')).toBe(7_200_000);
  });
});
