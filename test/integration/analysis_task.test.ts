/**
 * The `buffalogs:analysis` task runner on the real node: it runs the saved analysis its params name and keeps the
 * outcome in its state; its progress (phase, records read, time left) is readable in the status document while it
 * runs; a cancel request made there (as the cancel route does, from any Kibana node) stops it, and one made before the
 * run's start (between "run now" and Task Manager's claim) stops it at its start, whichever of the two writes first;
 * the task of a missing analysis says why and removes itself, as a task without params does.
 */
import type { Client } from '@elastic/elasticsearch';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { saveAnalysis } from '../../server/analyses/store';
import { readReport } from '../../server/analysis_run/report_store';
import {
  STALE_RUNNING_MS,
  isQueued,
  isRunning,
  readStatus,
  requestCancel,
  requestRun,
  shownStatus,
  statusDocId,
  type AnalysisStatus,
} from '../../server/analysis_run/status_store';
import { analysisResultsIndex, pluginIndices } from '../../server/storage';
import { analysisTaskId, createAnalysisTaskRunner, type AnalysisTaskState } from '../../server/task/analysis_task';
import { analysesIndex } from '../../server/analyses/store';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { indexDnsSample } from './helpers/dns_sample';

jest.setTimeout(180_000);

const START = Date.UTC(2026, 10, 17);
const source = uniqueIndexName('logs-dns-task');
const space = uniqueIndexName('antask').replace(/-/g, '_');
let client: Client;
const logs: string[] = [];
const logger = {
  info: (m: string) => logs.push(m),
  warn: (m: string) => logs.push(m),
  error: (m: string) => logs.push(m),
  debug: () => {},
} as never;

const context = (name: unknown, state: Record<string, unknown> = {}): RunContext =>
  ({
    taskInstance: { id: analysisTaskId(space, String(name)), params: { space, name }, state },
  }) as unknown as RunContext;

const runner = (name: unknown, extra: { pageSize?: number } = {}) =>
  createAnalysisTaskRunner(context(name), { logger, client: async () => client, statusIntervalMs: 0, ...extra });

beforeAll(async () => {
  client = esClient();
  await indexDnsSample(client, source, { records: 4000, seed: 11, start: START });
  await saveAnalysis(client, space, {
    name: 'dns-hunt',
    definition: {
      indexPattern: source,
      timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
      packs: ['dns'],
      engine: { sampleSize: 600 },
    },
    user: 'analyst',
    now: new Date(START),
  });
});

afterAll(async () => {
  await deleteIndices(client, source, analysesIndex(space), analysisResultsIndex(space), pluginIndices(space).alerts);
  await client.close();
});

test('a run of the saved analysis keeps its outcome in the task state and its progress in the status document', async () => {
  const result = (await runner('dns-hunt').run()) as unknown as { state: AnalysisTaskState };
  expect(result.state).toMatchObject({
    runs: 1,
    lastOutcome: 'ok',
    lastProgress: { phase: 'done', total: 4000, read: 8000 },
    lastCounts: { judged: 4000, resultsWritten: 4000 },
  });
  const status = await readStatus(client, space, 'dns-hunt');
  expect(status).toMatchObject({ state: 'done', progress: { phase: 'done', read: 8000 } });
  expect(status!.analysis.run_id).toBe(result.state.lastRunId);
  // The results carry the name the analysis was saved under.
  await client.indices.refresh({ index: analysisResultsIndex(space) });
  const count = await client.count({
    index: analysisResultsIndex(space),
    query: { bool: { filter: [{ term: { kind: 'record' } }, { term: { 'analysis.name': 'dns-hunt' } }] } },
  });
  expect(count.count).toBe(4000);
  expect(await requestCancel(client, space, 'dns-hunt')).toBe(false);
});

test('a cancel request stops a running run, which says so in its state and status', async () => {
  const running = runner('dns-hunt', { pageSize: 50 }).run() as unknown as Promise<{ state: AnalysisTaskState }>;
  let seen: AnalysisStatus | undefined;
  for (let i = 0; i < 200; i++) {
    seen = await readStatus(client, space, 'dns-hunt');
    if (seen?.state === 'running' && seen.progress.read > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(seen).toMatchObject({ state: 'running', progress: { total: 4000 } });
  expect(typeof seen!.progress.read).toBe('number');
  expect(await requestCancel(client, space, 'dns-hunt')).toBe('running');
  const { state } = await running;
  expect(state.lastOutcome).toBe('cancelled');
  expect(state.lastProgress!.read).toBeLessThan(8000);
  expect(await readStatus(client, space, 'dns-hunt')).toMatchObject({ state: 'cancelled' });
});

test('a run asked for and cancelled before its start never reads a record; the start after it runs', async () => {
  const before = (await readStatus(client, space, 'dns-hunt'))!;
  const report = (await readReport(client, space, 'dns-hunt'))!;
  // "Run now" that could not reach Task Manager puts the previous status back.
  const undone = await requestRun(client, space, 'dns-hunt');
  if (!undone.queued) throw new Error('not queued');
  await undone.undo();
  expect(await readStatus(client, space, 'dns-hunt')).toEqual(before);

  const request = await requestRun(client, space, 'dns-hunt');
  expect(request).toMatchObject({ queued: true, status: { state: 'queued', requested_at: expect.any(String) } });
  // Asked for twice: the second is told it waits already.
  expect(await requestRun(client, space, 'dns-hunt')).toMatchObject({ queued: false, status: { state: 'queued' } });
  // The cancel, from any node, before Task Manager has started the task.
  expect(await requestCancel(client, space, 'dns-hunt')).toBe('queued');
  const cancelled = (await readStatus(client, space, 'dns-hunt'))!;
  expect(cancelled).toMatchObject({ state: 'cancelled', cancel_requested: true });
  expect(cancelled.started_at).toBeUndefined();
  // Nothing left to cancel.
  expect(await requestCancel(client, space, 'dns-hunt')).toBe(false);

  // Then Task Manager starts the task run now asked for: it stops before reading anything.
  const { state } = (await runner('dns-hunt').run()) as unknown as { state: AnalysisTaskState };
  expect(state.lastOutcome).toBe('cancelled');
  expect(state.lastProgress).toEqual({ phase: 'counting', total: 0, read: 0 });
  expect(state.lastCounts).toBeUndefined();
  const after = (await readStatus(client, space, 'dns-hunt'))!;
  expect(after).toMatchObject({ state: 'cancelled', cancel_requested: false, analysis: { run_id: state.lastRunId } });
  expect(after.started_at).toBeUndefined();
  expect(logs).toContain('analysis "dns-hunt" (space ' + space + '): cancelled before it started');
  // The last completed run's report is untouched.
  expect((await readReport(client, space, 'dns-hunt'))!.analysis.run_id).toBe(report.analysis.run_id);

  // That cancel was for that start only: the next one (a schedule's, say) runs to the end.
  const next = (await runner('dns-hunt').run()) as unknown as { state: AnalysisTaskState };
  expect(next.state).toMatchObject({ lastOutcome: 'ok', lastCounts: { judged: 4000 } });
  expect(await readStatus(client, space, 'dns-hunt')).toMatchObject({ state: 'done', progress: { read: 8000 } });
});

test('a cancel racing the start of the run asked for always wins: cancelled before it starts or stopped at once', async () => {
  const ways: string[] = [];
  // From a cancel landing before the start takes the request to one landing while it reads its first pages.
  for (const delayMs of [0, 1, 3, 6, 10, 20, 40, 80, 160]) {
    const request = await requestRun(client, space, 'dns-hunt');
    expect(request.queued).toBe(true);
    const run = runner('dns-hunt', { pageSize: 50 }).run() as unknown as Promise<{ state: AnalysisTaskState }>;
    await new Promise((r) => setTimeout(r, delayMs));
    const cancelled = await requestCancel(client, space, 'dns-hunt');
    const { state } = await run;
    const status = (await readStatus(client, space, 'dns-hunt'))!;
    ways.push(`${delayMs} ms: ${cancelled}, read ${state.lastProgress?.read}`);
    // Never lost between the two writers: whichever way it went, the run ended cancelled, before reading it all.
    expect(cancelled).not.toBe(false);
    expect(state.lastOutcome).toBe('cancelled');
    expect(status).toMatchObject({ state: 'cancelled', cancel_requested: false });
    expect(state.lastProgress!.read).toBeLessThan(8000);
    if (cancelled === 'queued') {
      expect(state.lastProgress!.read).toBe(0);
      expect(status.started_at).toBeUndefined();
    }
  }
  console.log(`cancel racing the start: ${ways.join('; ')}`);
});

test('a cancel of a running run is not lost to its progress writes, however often they come', async () => {
  // The worst interleaving, made certain: the runner writes its progress between every read of the status and the
  // write that follows it (a run with a short interval writes once a page). A compare-and-set cancel lost every time
  // and gave up ("kept changing"); the flag must land all the same, and the run's next progress write must see it.
  const started: AnalysisStatus = {
    kind: 'status',
    analysis: { name: 'busy', run_id: 'r1' },
    state: 'running',
    progress: { phase: 'judging', total: 4000, read: 0 },
    started_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    cancel_requested: false,
  };
  const index = analysisResultsIndex(space);
  await client.index({ index, id: statusDocId('busy'), document: started, refresh: true });
  let writes = 0;
  const progressWrite = () =>
    client.update<AnalysisStatus, Partial<AnalysisStatus>, AnalysisStatus>({
      index,
      id: statusDocId('busy'),
      doc: { progress: { phase: 'judging', total: 4000, read: ++writes * 50 }, updated_at: new Date().toISOString() },
      _source: ['cancel_requested'],
      retry_on_conflict: 5,
    });
  const busyClient = new Proxy(client, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'get') return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      return async (...args: Parameters<Client['get']>) => {
        const read = await target.get(...args);
        await progressWrite();
        return read;
      };
    },
  });
  expect(await requestCancel(busyClient, space, 'busy')).toBe('running');
  expect(writes).toBeGreaterThan(0);
  const next = await progressWrite();
  expect(next.get?._source?.cancel_requested).toBe(true);
  const status = (await readStatus(client, space, 'busy'))!;
  // The progress the runner wrote is kept beside the flag: neither write undid the other.
  expect(status).toMatchObject({ state: 'running', cancel_requested: true, progress: { read: writes * 50 } });
});

test('a run whose Kibana node died (status left `running`, unwritten for longer than the task time-out) is not running', async () => {
  // As a crash leaves it: the last progress write, then nothing (no `failed`, no `cancelled`).
  const updated = Date.now() - STALE_RUNNING_MS - 60_000;
  const left: AnalysisStatus = {
    kind: 'status',
    analysis: { name: 'crashed', run_id: 'r1' },
    state: 'running',
    progress: { phase: 'judging', total: 4000, read: 1200 },
    started_at: new Date(updated - 60_000).toISOString(),
    updated_at: new Date(updated).toISOString(),
    cancel_requested: false,
  };
  await client.index({ index: analysisResultsIndex(space), id: statusDocId('crashed'), document: left, refresh: true });
  const stored = (await readStatus(client, space, 'crashed'))!;
  // Before: `running` for ever, so "run now" answered 409 and a cancel was accepted that nothing would ever read.
  expect(isRunning(stored, Date.now())).toBe(false);
  expect(await requestCancel(client, space, 'crashed')).toBe(false);
  expect(shownStatus(stored, Date.now())).toMatchObject({
    state: 'failed',
    error: expect.stringContaining('stopped reporting'),
  });
  // A live run (written a moment ago) still is one.
  const live = { ...left, updated_at: new Date().toISOString() };
  expect(isRunning(live, Date.now())).toBe(true);
  expect(shownStatus(live, Date.now()).state).toBe('running');

  // A run asked for that no start ever took (its node stopped before asking Task Manager): not waiting for ever.
  const lost: AnalysisStatus = {
    ...left,
    analysis: { name: 'lost', run_id: '' },
    state: 'queued',
    progress: { phase: 'counting', total: 0, read: 0 },
    started_at: undefined,
    requested_at: left.updated_at,
  };
  await client.index({ index: analysisResultsIndex(space), id: statusDocId('lost'), document: lost, refresh: true });
  const storedLost = (await readStatus(client, space, 'lost'))!;
  expect(isQueued(storedLost, Date.now())).toBe(false);
  expect(shownStatus(storedLost, Date.now())).toMatchObject({
    state: 'failed',
    error: expect.stringContaining('never started'),
  });
  expect(await requestCancel(client, space, 'lost')).toBe(false);
  expect(await requestRun(client, space, 'lost')).toMatchObject({ queued: true });
});

test('the task of a missing (deleted) analysis says why and removes itself; so does a task without its params', async () => {
  const missing = (await runner('nope').run()) as unknown as {
    state: AnalysisTaskState;
    shouldDeleteTask?: boolean;
  };
  expect(missing.state.lastOutcome).toBe('failed');
  expect(missing.state.lastError).toContain('No saved analysis is named "nope"');
  // Not retried on its old schedule: the analysis is gone for good.
  expect(missing.shouldDeleteTask).toBe(true);

  const bare = createAnalysisTaskRunner({ taskInstance: { id: 'x', params: {}, state: {} } } as unknown as RunContext, {
    logger,
    client: async () => client,
  });
  expect(await bare.run()).toMatchObject({ shouldDeleteTask: true });
});
