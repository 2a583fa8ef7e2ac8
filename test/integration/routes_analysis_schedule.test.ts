/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Scheduled analyses through the routes on the dev host (its Task Manager) and a real Elasticsearch: a saved
 * analysis with `schedule` runs by itself, its status shows the interval, last and next run; a run asked for while
 * one is going on is refused (one task per analysis: runs never overlap); a changed interval moves the next run; a
 * removed schedule or a deleted analysis leaves no recurring task; a bad interval is a 400 naming `schedule.interval`.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { analysesIndex } from '../../server/analyses/store';
import { analysisResultsIndex, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { indexDnsSample } from './helpers/dns_sample';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const START = Date.UTC(2026, 10, 17);
const space = uniqueIndexName('ansched').replace(/-/g, '_');
const source = uniqueIndexName('logs-dns-sched');
let client: Client;
let host: RunningHost;

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await indexDnsSample(client, source, { records: 12_000, seed: 5, start: START });
  const settings = { buffalogs: { space, indices: ['logs-ansched-none-*'], schedule: { interval: '1d' } } };
  host = await startHost({ privilege: 'all', settings, env: { KIBANA_HOST_TASK_POLL_MS: '500' } });
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(
    client,
    source,
    analysesIndex(space),
    analysisResultsIndex(space),
    ...Object.values(pluginIndices(space)),
  );
  await client.close();
});

const path = (p: string, name: string) => apiPath(p, { name });
const definition = (extra: Record<string, unknown>) => ({
  indexPattern: source,
  timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
  packs: ['dns'],
  engine: { sampleSize: 400 },
  ...extra,
});
const status = async (name: string) => (await call(host.baseUrl, 'GET', path(API_PATHS.analysisStatus, name))).body;

async function waitFor(name: string, done: (s: any) => boolean): Promise<any> {
  let s: any;
  for (let i = 0; i < 600; i++) {
    s = await status(name);
    if (done(s)) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`analysis ${name} never reached the state looked for: ${JSON.stringify(s)}`);
}

test('a scheduled analysis runs by itself, shows its last and next run, never overlaps, and follows its schedule', async () => {
  const put = await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'nightly'), {
    definition: definition({ schedule: { interval: '1m' } }),
  });
  expect(put.status).toBe(200);

  // No _run request: the schedule's first run is due at once.
  const first = await waitFor('nightly', (s) => s.state === 'done' && s.schedule?.last_run_at !== undefined);
  expect(first.progress).toMatchObject({ phase: 'done', total: 12_000, read: 24_000 });
  expect(first.schedule).toMatchObject({ interval: '1m', last_outcome: 'ok' });
  const gap = Date.parse(first.schedule.next_run_at) - Date.parse(first.schedule.last_run_at);
  expect(gap).toBeGreaterThan(59_000);
  expect(gap).toBeLessThan(61_000);

  // A run on demand is the same task run now; while it goes on, another is refused rather than run beside it.
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'nightly'))).status).toBe(200);
  const running = await waitFor('nightly', (s) => s.state === 'running' && s.analysis.run_id !== first.analysis.run_id);
  const again = await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'nightly'));
  const afterAgain = await status('nightly');
  // The run may have ended between the two requests; if it had not, the second was refused.
  if (afterAgain.analysis.run_id === running.analysis.run_id && again.status !== 200) expect(again.status).toBe(409);
  // Task Manager saves the task's state once the run has returned, a moment after the status document says done.
  const second = await waitFor(
    'nightly',
    (s) =>
      s.state === 'done' &&
      s.analysis.run_id !== first.analysis.run_id &&
      s.schedule?.last_run_at !== first.schedule.last_run_at,
  );
  expect(second.schedule.interval).toBe('1m');
  expect(Date.parse(second.schedule.last_run_at)).toBeGreaterThan(Date.parse(first.schedule.last_run_at));

  // A longer interval moves the next run; the analysis keeps its one task.
  expect(
    (
      await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'nightly'), {
        definition: definition({ schedule: '2h' }),
      })
    ).status,
  ).toBe(200);
  const moved = await status('nightly');
  expect(moved.schedule.interval).toBe('2h');
  expect(Date.parse(moved.schedule.next_run_at) - Date.parse(second.schedule.last_run_at)).toBeGreaterThan(
    2 * 3_600_000 - 61_000,
  );

  // Without a schedule, no recurring task is left.
  expect(
    (await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'nightly'), { definition: definition({}) })).status,
  ).toBe(200);
  expect((await status('nightly')).schedule).toBeUndefined();
});

test('a deleted scheduled analysis leaves no task; a bad interval is refused naming the field', async () => {
  const bad = await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'hourly'), {
    definition: definition({ schedule: { interval: '10s' } }),
  });
  expect(bad.status).toBe(400);
  expect(bad.body.attributes.errors).toEqual([
    { path: 'schedule.interval', message: expect.stringContaining('at least a minute') },
  ]);
  const put = await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'hourly'), {
    definition: definition({ schedule: { interval: '3h' } }),
  });
  expect(put.status).toBe(200);
  expect((await status('hourly')).schedule).toMatchObject({ interval: '3h' });
  expect((await call(host.baseUrl, 'DELETE', path(API_PATHS.analysis, 'hourly'))).status).toBe(200);
  expect((await status('hourly')).schedule).toBeUndefined();
});
