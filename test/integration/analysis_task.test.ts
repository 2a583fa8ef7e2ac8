/**
 * The `buffalogs:analysis` task runner on the real node: it runs the saved analysis its params name and keeps the
 * outcome in its state; its progress (phase, records read, time left) is readable in the status document while it
 * runs; a cancel request made there (as the cancel route does, from any Kibana node) stops it; the task of a missing
 * analysis says why and removes itself, as a task without params does.
 */
import type { Client } from '@elastic/elasticsearch';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { saveAnalysis } from '../../server/analyses/store';
import {
  STALE_RUNNING_MS,
  isRunning,
  readStatus,
  requestCancel,
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
  expect(await requestCancel(client, space, 'dns-hunt')).toBe(true);
  const { state } = await running;
  expect(state.lastOutcome).toBe('cancelled');
  expect(state.lastProgress!.read).toBeLessThan(8000);
  expect(await readStatus(client, space, 'dns-hunt')).toMatchObject({ state: 'cancelled' });
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
