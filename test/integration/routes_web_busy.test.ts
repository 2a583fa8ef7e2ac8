/**
 * The Web traffic routes on a busy public site, over real HTTP (dev host, built plugin) against the real node: many
 * referrer URLs, each seen from many addresses. Elasticsearch refuses a search whose aggregations make more than
 * `search.max_buckets` buckets (65,536 by default), so the data here is sized to pass that default rather than
 * lowering the setting: it is cluster-wide, and the other test files share this node in parallel.
 *
 * 30 referrer domains × 22 URLs each × 100 addresses per URL = 66,000 requests. Reading each URL's addresses as
 * buckets (660 + 66,000) is over the limit. Within a domain, URL k is seen from the domain's addresses 50k to
 * 50k + 99, so neighbouring URLs share 50 of them: 50 × 21 + 100 = 1,150 distinct addresses per domain, not the
 * 2,200 a sum over its URLs would say.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import { ACCESS_LOG_MAPPINGS } from '../../server/importer/import_access_log';
import { reputationIndex } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { deleteFamilySpaces } from './helpers/family_runner';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('routes-web-busy').replace(/-/g, '_');
const source = uniqueIndexName('web-busy');
const DOMAINS = 30;
const URLS_PER_DOMAIN = 22;
const ADDRESSES_PER_URL = 100;
const DISTINCT_PER_DOMAIN = 50 * (URLS_PER_DOMAIN - 1) + ADDRESSES_PER_URL;
const REQUESTS = DOMAINS * URLS_PER_DOMAIN * ADDRESSES_PER_URL;
// In 2024, long before any window the host's background task reads.
const FROM = '2024-05-01T00:00:00Z';
const range = `from=${FROM}&to=2024-05-02T00:00:00Z`;
let client: Client;
let host: RunningHost;

/** One access-log request as the importer writes it. */
function request(domain: number, url: number, address: number, at: number) {
  const n = 50 * url + address;
  return {
    '@timestamp': new Date(at).toISOString(),
    source: { ip: `10.${domain}.${n >> 8}.${n & 255}` },
    url: { path: '/', domain: 'www.busy.test' },
    http: {
      request: { method: 'GET', referrer: `https://ref${domain}.test/page/${url}` },
      response: { status_code: 200 },
    },
  };
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await client.indices.create({ index: source, mappings: ACCESS_LOG_MAPPINGS as never });
  let operations: unknown[] = [];
  let at = Date.parse(FROM);
  for (let d = 0; d < DOMAINS; d++)
    for (let u = 0; u < URLS_PER_DOMAIN; u++)
      for (let a = 0; a < ADDRESSES_PER_URL; a++) {
        operations.push({ index: {} }, request(d, u, a, (at += 1000)));
        if (operations.length >= 20_000) {
          expect((await client.bulk({ index: source, operations })).errors).toBe(false);
          operations = [];
        }
      }
  if (operations.length) expect((await client.bulk({ index: source, operations })).errors).toBe(false);
  await client.indices.refresh({ index: source });
  host = await startHost({
    privilege: 'read',
    settings: {
      buffalogs: { space, indices: [`${source}-none-*`], schedule: { interval: '1d' }, web: { indices: [source] } },
    },
  });
});

afterAll(async () => {
  await host?.stop();
  await deleteFamilySpaces(client, 'web', [space]);
  await deleteIndices(client, source, reputationIndex(space));
  await client.close();
});

test('top referrer domains on a busy site: every domain, with its distinct addresses across its URLs', async () => {
  const res = await call(host.baseUrl, 'GET', `${API_PATHS.webReferrers}?${range}&size=100`);
  // Before: 502, Elasticsearch's too_many_buckets_exception, and the table showed an error instead of referrers.
  expect(res.status).toBe(200);
  expect(res.body.domains).toHaveLength(DOMAINS);
  for (const d of res.body.domains)
    expect(d).toEqual({
      domain: expect.stringMatching(/^ref\d+\.test$/),
      requests: 2200,
      addresses: DISTINCT_PER_DOMAIN,
    });
  expect(res.body).toMatchObject({
    total: REQUESTS,
    without_referrer: 0,
    partial: false,
    site_domains: ['www.busy.test'],
  });
});
