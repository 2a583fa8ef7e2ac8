/**
 * The storage ground truth the plugin stands on: documents written to the run's real Elasticsearch come back through
 * queries and aggregations with the values we wrote, bulk `create` refuses a duplicate id with a per-item 409 (what
 * exactly-once alert writes rely on), and geo_point fields answer distance queries.
 */
import type { Client } from '@elastic/elasticsearch';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';

interface Login {
  '@timestamp': string;
  user: { name: string };
  event: { outcome: 'success' | 'failure' };
  source: { ip: string; geo: { location: { lat: number; lon: number }; country_iso_code: string } };
}

const ROME = { lat: 41.9028, lon: 12.4964 };
const MILAN = { lat: 45.4642, lon: 9.19 };
const NEW_YORK = { lat: 40.7128, lon: -74.006 };

function login(
  id: string,
  timestamp: string,
  user: string,
  outcome: Login['event']['outcome'],
  ip: string,
  where: typeof ROME,
  country: string,
) {
  const doc: Login = {
    '@timestamp': timestamp,
    user: { name: user },
    event: { outcome },
    source: { ip, geo: { location: where, country_iso_code: country } },
  };
  return { id, doc };
}

const LOGINS = [
  login('l1', '2024-03-01T08:00:00Z', 'alice', 'success', '93.44.1.10', ROME, 'IT'),
  login('l2', '2024-03-01T12:30:00Z', 'alice', 'success', '93.44.1.11', MILAN, 'IT'),
  login('l3', '2024-03-02T09:15:00Z', 'alice', 'success', '104.16.0.1', NEW_YORK, 'US'),
  login('l4', '2024-03-02T09:20:00Z', 'bob', 'failure', '93.44.1.12', ROME, 'IT'),
  login('l5', '2024-03-02T10:00:00Z', 'bob', 'success', '93.44.1.12', ROME, 'IT'),
  login('l6', '2024-03-03T23:59:59Z', 'carol', 'success', '104.16.0.2', NEW_YORK, 'US'),
];

describe('a real Elasticsearch round trip', () => {
  let client: Client;
  const index = uniqueIndexName('roundtrip-logins');

  beforeAll(async () => {
    client = esClient();
    await client.indices.create({
      index,
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          user: { properties: { name: { type: 'keyword' } } },
          event: { properties: { outcome: { type: 'keyword' } } },
          source: {
            properties: {
              ip: { type: 'ip' },
              geo: { properties: { location: { type: 'geo_point' }, country_iso_code: { type: 'keyword' } } },
            },
          },
        },
      },
    });
    const response = await client.bulk({
      refresh: 'wait_for',
      operations: LOGINS.flatMap(({ id, doc }) => [{ create: { _index: index, _id: id } }, doc]),
    });
    expect(response.errors).toBe(false);
  });

  afterAll(async () => {
    await deleteIndices(client, index);
    await client.close();
  });

  it('reads back exactly the documents written, filtered and sorted by the query', async () => {
    const result = await client.search<Login>({
      index,
      query: { bool: { filter: [{ term: { 'user.name': 'alice' } }, { term: { 'event.outcome': 'success' } }] } },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(result.hits.total).toEqual({ value: 3, relation: 'eq' });
    expect(result.hits.hits.map((hit) => hit._id)).toEqual(['l1', 'l2', 'l3']);
    expect(result.hits.hits[2]._source).toEqual(LOGINS[2].doc);
  });

  it('aggregates logins per user and per day', async () => {
    const result = await client.search({
      index,
      size: 0,
      aggs: {
        users: {
          terms: { field: 'user.name' },
          aggs: { countries: { cardinality: { field: 'source.geo.country_iso_code' } } },
        },
        per_day: { date_histogram: { field: '@timestamp', calendar_interval: 'day' } },
      },
    });
    const users = result.aggregations?.users as {
      buckets: Array<{ key: string; doc_count: number; countries: { value: number } }>;
    };
    expect(users.buckets.map((b) => [b.key, b.doc_count, b.countries.value])).toEqual([
      ['alice', 3, 2],
      ['bob', 2, 1],
      ['carol', 1, 1],
    ]);
    const perDay = result.aggregations?.per_day as { buckets: Array<{ key_as_string: string; doc_count: number }> };
    expect(perDay.buckets.map((b) => [b.key_as_string, b.doc_count])).toEqual([
      ['2024-03-01T00:00:00.000Z', 2],
      ['2024-03-02T00:00:00.000Z', 3],
      ['2024-03-03T00:00:00.000Z', 1],
    ]);
  });

  it('answers geo_point distance and ip range queries', async () => {
    const nearRome = await client.search<Login>({
      index,
      query: { geo_distance: { distance: '50km', 'source.geo.location': ROME } },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(nearRome.hits.hits.map((hit) => hit._id)).toEqual(['l1', 'l4', 'l5']);

    const fromCidr = await client.count({ index, query: { term: { 'source.ip': '104.16.0.0/16' } } });
    expect(fromCidr.count).toBe(2);
  });

  it('refuses a second create of the same id with a per-item 409 and keeps the original', async () => {
    const response = await client.bulk({
      refresh: 'wait_for',
      operations: [
        { create: { _index: index, _id: 'l1' } },
        { ...LOGINS[0].doc, user: { name: 'mallory' } },
        { create: { _index: index, _id: 'l7' } },
        LOGINS[0].doc,
      ],
    });
    expect(response.errors).toBe(true);
    expect(response.items.map((item) => item.create?.status)).toEqual([409, 201]);
    expect(response.items[0].create?.error?.type).toBe('version_conflict_engine_exception');

    const original = await client.get<Login>({ index, id: 'l1' });
    expect(original._source?.user.name).toBe('alice');
    expect((await client.count({ index })).count).toBe(LOGINS.length + 1);
  });
});
