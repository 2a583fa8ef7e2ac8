/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Running a saved analysis through the routes on the dev host (its Task Manager, a real Elasticsearch): the DNS pack
 * saved over an indexed DNS sample runs on request as task `buffalogs:analysis`, its status goes from running to done
 * with the records read, its report is stored; a run asked for can be cancelled through another Kibana node before it
 * starts, and then never reads anything; a read-only user can read the status but neither run nor cancel; a missing
 * analysis is a 404 and a cancel with nothing running or waiting a 409.
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
const space = uniqueIndexName('anruns').replace(/-/g, '_');
const source = uniqueIndexName('logs-dns-routes');
let client: Client;
let host: RunningHost;
let readOnly: RunningHost;
/** A second Kibana node with "All" that runs no tasks (it never polls): a cancel there reaches a run on `host`. */
let other: RunningHost;

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await indexDnsSample(client, source, { records: 3000, seed: 11, start: START });
  const settings = { buffalogs: { space, indices: ['logs-anruns-none-*'], schedule: { interval: '1d' } } };
  [host, readOnly, other] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'all', settings, env: { KIBANA_HOST_TASK_POLL_MS: '3600000' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnly?.stop(), other?.stop()]);
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

test('a saved analysis runs on request, its status shows the progress, its report is stored', async () => {
  const definition = {
    indexPattern: source,
    timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
    packs: ['dns'],
    engine: { sampleSize: 600 },
  };
  expect((await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'dns'), { definition })).status).toBe(200);
  expect((await call(host.baseUrl, 'GET', path(API_PATHS.analysisStatus, 'dns'))).body).toEqual({ state: 'never_run' });

  const run = await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'dns'));
  expect(run.status).toBe(200);
  expect(run.body).toMatchObject({ requested: 'dns', task_id: `buffalogs:analysis:${space}:dns` });

  let status: any;
  for (let i = 0; i < 240; i++) {
    status = (await call(readOnly.baseUrl, 'GET', path(API_PATHS.analysisStatus, 'dns'))).body;
    if (status.state === 'done' || status.state === 'failed') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(status).toMatchObject({ state: 'done', progress: { phase: 'done', total: 3000, read: 6000 } });
  await client.indices.refresh({ index: analysisResultsIndex(space) });
  const reports = await client.search<any>({ index: analysisResultsIndex(space), query: { term: { kind: 'report' } } });
  expect(reports.hits.hits[0]._source.report.records.judged).toBe(3000);

  // The report as the app reads it: the planted DGA host at the top of the outliers, each linked to its document.
  const report = await call(readOnly.baseUrl, 'GET', path(API_PATHS.analysisReport, 'dns'));
  expect(report.status).toBe(200);
  expect(report.body).toMatchObject({ kind: 'report', analysis: { name: 'dns', run_id: status.analysis.run_id } });
  expect(report.body.report.topOutliers[0].ref.startsWith(`${source}/d-`)).toBe(true);
  expect(['10.0.9.9', '10.0.7.7']).toContain(report.body.report.topOutliers[0].fields['source.ip']);
  expect((await call(host.baseUrl, 'GET', path(API_PATHS.analysisReport, 'other'))).status).toBe(404);

  // Nothing is running or waiting now: a cancel is a 409.
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'dns'))).status).toBe(409);
});

test('a run asked for is cancelled through another Kibana node before it starts: it never reads; the next run runs', async () => {
  const definition = {
    indexPattern: source,
    timeRange: { from: new Date(START).toISOString(), to: new Date(START + 86_400_000).toISOString() },
    packs: ['dns'],
    engine: { sampleSize: 600 },
    // A recurring task: "run now" makes it due, and the node's next poll (up to 3 s here) starts it.
    schedule: { interval: '1d' },
  };
  expect((await call(host.baseUrl, 'PUT', path(API_PATHS.analysis, 'daily'), { definition })).status).toBe(200);
  const status = async () => (await call(readOnly.baseUrl, 'GET', path(API_PATHS.analysisStatus, 'daily'))).body;
  const until = async (what: string, done: (s: any) => boolean) => {
    let s: any;
    for (let i = 0; i < 400; i++) {
      s = await status();
      if (done(s)) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what}: never; last status ${JSON.stringify(s)}`);
  };
  // The schedule's first run is due at once.
  const first = await until('the first scheduled run', (s) => s.state === 'done');
  const report = (await call(readOnly.baseUrl, 'GET', path(API_PATHS.analysisReport, 'daily'))).body;
  expect(report.analysis.run_id).toBe(first.analysis.run_id);

  const run = await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'daily'));
  expect(run.status).toBe(200);
  // Asked for already: a second request is refused, not queued beside it.
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'daily'))).status).toBe(409);
  const cancel = await call(other.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'daily'));
  expect(cancel.status).toBe(200);
  // Almost always before the start (a poll every 3 s); should the poll fall in between, the run stops at once.
  expect(['queued', 'running']).toContain(cancel.body.was);
  if (cancel.body.was === 'queued') {
    const now = await status();
    expect(now).toMatchObject({ state: 'cancelled', requested_at: run.body.requested_at, cancel_requested: true });
    expect(now.started_at).toBeUndefined();
    // Nothing left to cancel.
    expect((await call(other.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'daily'))).status).toBe(409);
  }
  // The start on `host` takes the cancel: it says so and reads nothing.
  const taken = await until(
    'the start after the cancel',
    (s) => s.state === 'cancelled' && !s.cancel_requested && s.analysis.run_id !== first.analysis.run_id,
  );
  if (cancel.body.was === 'queued') {
    expect(taken.progress).toEqual({ phase: 'counting', total: 0, read: 0 });
    expect(taken.started_at).toBeUndefined();
  } else expect(taken.progress.read).toBeLessThan(6000);
  expect((await call(readOnly.baseUrl, 'GET', path(API_PATHS.analysisReport, 'daily'))).body.analysis.run_id).toBe(
    first.analysis.run_id,
  );
  console.log(`run asked for, then cancelled through another node: ${cancel.body.was}; then ${JSON.stringify(taken)}`);

  // A later run is not held back by that cancel.
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'daily'))).status).toBe(200);
  const next = await until('the next run', (s) => s.state === 'done' && s.analysis.run_id !== taken.analysis.run_id);
  expect(next.progress).toMatchObject({ phase: 'done', read: 6000 });
  expect(next.requested_at).toBeDefined();
});

test('a missing analysis is a 404; a read-only user can neither run nor cancel', async () => {
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'nope'))).status).toBe(404);
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'a b'))).status).toBe(400);
  expect((await call(readOnly.baseUrl, 'POST', path(API_PATHS.analysisRun, 'dns'))).status).toBe(403);
  expect((await call(readOnly.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'dns'))).status).toBe(403);
});
