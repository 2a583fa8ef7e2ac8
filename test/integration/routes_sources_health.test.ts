/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The Source health route over real HTTP (dev host, built plugin) on the stored real documents of Elastic's
 * integration pipelines (test/fixtures/integrations/), one index per integration as Elastic Agent writes one data
 * stream per dataset, each document given the `data_stream.dataset` Agent adds. The route counts with aggregations;
 * the expected figures are the source table's own verdicts on each document (judgeSource), so the query clauses are
 * checked against the classifier they were derived from, document by document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import { expandDottedKeys, type JsonObject } from '../../server/events/ecs_document';
import { DEFAULT_IDENTITY_CONFIG, judgeSource } from '../../server/sources';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const ROOT = path.join(__dirname, '../fixtures/integrations');
const prefix = uniqueIndexName('sources-health');
const range = 'from=2000-01-01T00:00:00Z&to=2030-01-01T00:00:00Z';

/** `<package>/<data stream>/<file>`: the dataset is `<package>.<data stream>`, as Elastic names its data streams. */
// One index per stored file: Auth0's two files map `auth0.logs` fields differently without the integration's template.
const fixtures = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('-expected.json'))
  .map((file, n) => {
    const [pkg, ds] = file.split(path.sep);
    const dataset = `${pkg}.${ds}`;
    const docs = (JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')).expected as JsonObject[]).map((d) => ({
      ...d,
      data_stream: { dataset },
    }));
    return { index: `${prefix}-${pkg}-${ds}-${n}`.toLowerCase(), dataset, docs };
  });

let client: Client;
let host: RunningHost;
let noAccess: RunningHost;

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  for (const { index, docs } of fixtures) {
    await client.indices.create({
      index,
      // As the integrations' templates: strings are keywords (dates are still detected first).
      mappings: { dynamic_templates: [{ strings: { match_mapping_type: 'string', mapping: { type: 'keyword' } } }] },
    });
    const bulk = await client.bulk({
      refresh: true,
      operations: docs.flatMap((doc) => [{ index: { _index: index } }, doc]),
    });
    expect(bulk.items.filter((i) => i.index?.error).map((i) => i.index?.error)).toEqual([]);
  }
  const settings = { buffalogs: { indices: [`${prefix}-*`], schedule: { interval: '1d' } } };
  [host, noAccess] = await Promise.all([
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'none', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), noAccess?.stop()]);
  await deleteIndices(client, ...fixtures.map((f) => f.index));
  await client.close();
});

test('every index and dataset: logins, failures and MFA counted by query as the source table judges each document', async () => {
  const res = await call(host.baseUrl, 'GET', `${API_PATHS.sourcesHealth}?${range}`);
  expect(res.status).toBe(200);
  const rows = res.body.rows as any[];
  const got = rows.map((r) => ({
    index: r.index,
    dataset: r.dataset,
    events: r.events,
    logins: r.logins,
    failures: r.failures,
    mfa: r.mfa,
  }));
  const expected = fixtures
    .map(({ index, dataset, docs }) => {
      const kinds = docs.map(
        (d) => judgeSource(expandDottedKeys(d), { identity: DEFAULT_IDENTITY_CONFIG }).verdict.kind,
      );
      const n = (k: string) => kinds.filter((x) => x === k).length;
      return { index, dataset, events: docs.length, logins: n('login'), failures: n('failure'), mfa: n('mfa') };
    })
    .sort((a, b) => a.index.localeCompare(b.index));
  expect(got).toEqual(expected);
  // The stored fixtures hold 19 real interactive logins (server/sources/fixtures.test.ts lists them).
  expect(got.reduce((s, r) => s + r.logins, 0)).toBe(19);
});

test('what was skipped says why, and missing fields name the signal they cost', async () => {
  const rows = (await call(host.baseUrl, 'GET', `${API_PATHS.sourcesHealth}?${range}`)).body.rows as any[];
  const okta = rows.find((r) => r.dataset === 'okta.system');
  // One Okta user.session.end (logout) and one user.session.start.
  expect(okta).toMatchObject({ family: 'okta', events: 2, logins: 1, otherKinds: 1 });
  expect(okta.skipped).toEqual([{ kind: 'logout', count: 1, reason: 'a logout' }]);
  // Windows Security events carry no user agent: no new-device signal from them.
  const windows = rows.find((r) => r.dataset === 'system.security');
  expect(windows.missing.userAgent).toBe(windows.events);
  expect(windows.notCountedByQuery).toContain('non_interactive');
  for (const r of rows) {
    expect(r.skipped.reduce((s: number, k: any) => s + k.count, 0)).toBe(r.events - r.logins);
    expect(r.missing.geo).toBeLessThanOrEqual(r.events);
  }
});

test('the default range is the last day; the route needs the read privilege', async () => {
  const res = await call(host.baseUrl, 'GET', API_PATHS.sourcesHealth);
  expect(res.status).toBe(200);
  expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(86_400_000);
  // The fixtures are older than a day.
  expect(res.body.rows).toEqual([]);
  expect((await call(noAccess.baseUrl, 'GET', API_PATHS.sourcesHealth)).status).toBe(403);
  expect(
    (await call(host.baseUrl, 'GET', `${API_PATHS.sourcesHealth}?from=2030-01-01T00:00:00Z&to=2000-01-01T00:00:00Z`))
      .status,
  ).toBe(400);
});
