/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Running a saved analysis through the routes on the dev host (its Task Manager, a real Elasticsearch): the DNS pack
 * saved over an indexed DNS sample runs on request as task `buffalogs:analysis`, its status goes from running to done
 * with the records read, its report is stored; a read-only user can read the status but neither run nor cancel; a
 * missing analysis is a 404 and a cancel with nothing running a 409.
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

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await indexDnsSample(client, source, { records: 3000, seed: 11, start: START });
  const settings = { buffalogs: { space, indices: ['logs-anruns-none-*'], schedule: { interval: '1d' } } };
  [host, readOnly] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnly?.stop()]);
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

  // Nothing is running now: a cancel is a 409.
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'dns'))).status).toBe(409);
});

test('a missing analysis is a 404; a read-only user can neither run nor cancel', async () => {
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'nope'))).status).toBe(404);
  expect((await call(host.baseUrl, 'POST', path(API_PATHS.analysisRun, 'a b'))).status).toBe(400);
  expect((await call(readOnly.baseUrl, 'POST', path(API_PATHS.analysisRun, 'dns'))).status).toBe(403);
  expect((await call(readOnly.baseUrl, 'POST', path(API_PATHS.analysisCancel, 'dns'))).status).toBe(403);
});
