/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The saved-analysis routes over real HTTP on the dev host and a real Elasticsearch: an analysis saved per space
 * (ours and anomal's shape), listed back, refused with every problem named by its field, hostile input refused, a
 * read-only user refused writes, deleted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { parseAnalysisText } from '../../server/analyses/parse_text';
import { analysesIndex } from '../../server/analyses/store';
import { pluginIndices } from '../../server/storage/index_names';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('anroutes').replace(/-/g, '_');
let client: Client;
let host: RunningHost;
let readOnly: RunningHost;

const DNS = {
  name: 'dns-hunt',
  indexPattern: 'logs-dns-*',
  timeRange: { from: 'now-24h', to: 'now' },
  packs: ['dns'],
  features: [{ field: 'source.ip', type: 'categorical', weight: 0.5 }],
};

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  const settings = { buffalogs: { space, indices: ['logs-anroutes-none-*'], schedule: { interval: '1d' } } };
  [host, readOnly] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readOnly?.stop()]);
  await deleteIndices(client, analysesIndex(space), ...Object.values(pluginIndices(space)));
  await client.close();
});

test('an analysis is saved in the space, listed back as written, and deleted', async () => {
  const empty = await call(host.baseUrl, 'GET', API_PATHS.analyses);
  expect(empty.status).toBe(200);
  expect(empty.body.items).toEqual([]);

  const put = await call(host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'dns-hunt' }), { definition: DNS });
  expect(put.status).toBe(200);
  expect(put.body).toMatchObject({ name: 'dns-hunt', definition: DNS, updated_by: expect.any(String) });

  const list = await call(host.baseUrl, 'GET', API_PATHS.analyses);
  expect(list.body.items).toEqual([expect.objectContaining({ name: 'dns-hunt', definition: DNS })]);
  expect(list.body.items[0].errors).toBeUndefined();
  const stored = await client.get({ index: analysesIndex(space), id: 'dns-hunt' });
  expect((stored._source as any).definition).toEqual(DNS);

  const del = await call(host.baseUrl, 'DELETE', apiPath(API_PATHS.analysis, { name: 'dns-hunt' }));
  expect(del.status).toBe(200);
  expect((await call(host.baseUrl, 'GET', API_PATHS.analyses)).body.items).toEqual([]);
  const again = await call(host.baseUrl, 'DELETE', apiPath(API_PATHS.analysis, { name: 'dns-hunt' }));
  expect(again.status).toBe(404);
});

test("anomal's DNS example is accepted once given a source, with notes on what it cannot do here", async () => {
  const parsed = parseAnalysisText(
    readFileSync(join(__dirname, '../../server/analyses/__fixtures__/anomal_dns_features.yaml'), 'utf8'),
  );
  if (!parsed.ok) throw new Error(parsed.error);
  const definition = {
    ...(parsed.value as object),
    indexPattern: 'logs-dns-*',
    timeRange: { from: 'now-7d', to: 'now' },
  };
  const put = await call(host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'anomal' }), { definition });
  expect(put.status).toBe(200);
  expect(put.body.notes.join('\n')).toMatch(/plugins: ignored/);
});

test('a bad analysis is a 400 naming each field, and nothing is stored', async () => {
  const bad = await call(host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'bad' }), {
    definition: {
      ...DNS,
      timeRange: undefined,
      features: [{ metric: 'entropy', field: 'dns.question.name', weight: 500 }],
    },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('timeRange: is required');
  expect(bad.body.message).toContain('features[0].weight: must be a number from 0 to 100');
  expect(bad.body.attributes.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: 'features[0].weight' })]),
  );
  const hostile = await call(
    host.baseUrl,
    'PUT',
    apiPath(API_PATHS.analysis, { name: 'bad' }),
    `{"definition":{"name":"x","__proto__":{"polluted":true},"features":[{"field":"a"}]}}`,
  );
  expect(hostile.status).toBe(400);
  const badName = await call(host.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'a b' }), { definition: DNS });
  expect(badName.status).toBe(400);
  const names = (await call(host.baseUrl, 'GET', API_PATHS.analyses)).body.items.map((a: any) => a.name);
  expect(names).not.toContain('bad');
});

test('a read-only user can list but not save or delete', async () => {
  expect((await call(readOnly.baseUrl, 'GET', API_PATHS.analyses)).status).toBe(200);
  const put = await call(readOnly.baseUrl, 'PUT', apiPath(API_PATHS.analysis, { name: 'x' }), { definition: DNS });
  expect(put.status).toBe(403);
  const del = await call(readOnly.baseUrl, 'DELETE', apiPath(API_PATHS.analysis, { name: 'anomal' }));
  expect(del.status).toBe(403);
});
