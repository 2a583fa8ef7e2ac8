/**
 * What the Task Manager double keeps after a failed run, as Kibana's task_runner.ts does (x-pack/platform/plugins/
 * shared/task_manager/server/task_running/task_runner.ts @006b838e): the detection task's status route reads
 * `taskInstance.state`, so a host that stored something else would show a different last outcome than Kibana; and
 * when a task asked to run soon starts (task_scheduling.ts `runSoon`: at the next poll, not at once).
 */
import type { ConcreteTaskInstance, RunResult } from '@kbn/task-manager-plugin/server';
import { createLoggerFactory } from './logger';
import { TaskManagerHost } from './task_manager';

function hostWith(run: (state: Record<string, unknown>) => Promise<RunResult>, maxAttempts?: number) {
  const host = new TaskManagerHost({
    logger: createLoggerFactory('off').get('taskManager'),
    pollIntervalMs: 60_000,
    runContextAbort: false,
  });
  host.setupContract().registerTaskDefinitions({
    probe: {
      title: 'probe',
      maxAttempts,
      createTaskRunner: ({ taskInstance }) => ({ run: () => run(taskInstance.state) }),
    },
  });
  // Not polling yet: a test schedules its task, then starts the host, whose first poll (at once) claims it.
  return { host, start: host.startContract() };
}

/** Waits until the task has finished `runs` runs (or is gone). */
async function afterRuns(host: TaskManagerHost, runs: number): Promise<void> {
  for (let i = 0; i < 400 && host.runLog.length < runs; i++) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 5));
}

const previous = { runs: 1, lastOutcome: 'ok' };

describe('a failed run of a recurring task', () => {
  it('keeps the previous state when the runner throws', async () => {
    const { host, start } = hostWith(async () => {
      throw new Error('boom');
    });
    await start.schedule({ id: 't', taskType: 'probe', params: {}, state: previous, schedule: { interval: '1h' } });
    host.start();
    await afterRuns(host, 1);
    const task: ConcreteTaskInstance = await start.get('t');
    host.stop();
    expect(task.state).toEqual(previous);
    expect(task.attempts).toBe(1);
    expect(task.status).toBe('idle');
  });

  it('stores the state returned with the error, as Kibana does', async () => {
    const { host, start } = hostWith(async (state) => ({
      state: { runs: Number(state.runs) + 1, lastOutcome: 'failed', lastError: 'no privileges' },
      error: new Error('no privileges'),
    }));
    await start.schedule({ id: 't', taskType: 'probe', params: {}, state: previous, schedule: { interval: '1h' } });
    host.start();
    await afterRuns(host, 1);
    const task = await start.get('t');
    host.stop();
    expect(task.state).toEqual({ runs: 2, lastOutcome: 'failed', lastError: 'no privileges' });
    expect(host.runLog.map((r) => r.outcome)).toEqual(['failed']);
    // Rescheduled on its interval, not retried at once.
    expect(task.runAt.getTime() - host.runLog[0].startedAt.getTime()).toBe(3_600_000);
  });
});

it('a one-off task that fails its last attempt is deleted, as Task Manager deletes the document', async () => {
  const { host, start } = hostWith(async () => {
    throw new Error('boom');
  }, 1);
  await start.schedule({ id: 'once', taskType: 'probe', params: {}, state: {} });
  host.start();
  await afterRuns(host, 1);
  host.stop();
  await expect(start.get('once')).rejects.toMatchObject({ statusCode: 404 });
});

it('runSoon makes a task due without starting it: the next poll claims it, as Kibana does; a running task is refused', async () => {
  let release: () => void = () => undefined;
  let starts = 0;
  const { host, start } = hostWith(() => {
    starts++;
    return new Promise<RunResult>((resolve) => {
      release = () => resolve({ state: {} });
    });
  });
  // A new task's first run starts at the first poll; while it runs, runSoon is refused (task_scheduling.ts `runSoon`).
  await start.schedule({ id: 'r', taskType: 'probe', params: {}, state: {}, schedule: { interval: '1h' } });
  host.start();
  for (let i = 0; i < 200 && (await start.get('r')).status !== 'running'; i++)
    await new Promise((r) => setTimeout(r, 5));
  await expect(start.runSoon('r')).rejects.toThrow('as it is currently running');
  release();
  await afterRuns(host, 1);
  expect((await start.get('r')).runAt.getTime() - host.runLog[0].startedAt.getTime()).toBe(3_600_000);

  const asked = Date.now();
  await expect(start.runSoon('r')).resolves.toEqual({ id: 'r' });
  const due = await start.get('r');
  expect(due.status).toBe('idle');
  expect(due.runAt.getTime()).toBeGreaterThanOrEqual(asked);
  expect(due.runAt.getTime()).toBeLessThanOrEqual(Date.now());
  // Not started by runSoon itself: it waits for the poll (a minute here), which is the window a cancel can use.
  await new Promise((r) => setTimeout(r, 50));
  host.stop();
  expect(starts).toBe(1);
  release();
  await expect(start.runSoon('nope')).rejects.toMatchObject({ statusCode: 404 });
});

it('a task scheduled while the host polls waits for the next poll, as task_scheduling.ts `schedule` only stores it', async () => {
  let starts = 0;
  const { host, start } = hostWith(async () => {
    starts++;
    return { state: {} };
  });
  host.start();
  await new Promise((r) => setTimeout(r, 20));
  await start.schedule({ id: 'late', taskType: 'probe', params: {}, state: {}, schedule: { interval: '1h' } });
  await new Promise((r) => setTimeout(r, 50));
  // Due, idle and unclaimed: the poll at start has passed and the next one is a minute away.
  expect(starts).toBe(0);
  expect(await start.get('late')).toMatchObject({ status: 'idle', attempts: 0 });
  host.stop();
});
