/**
 * Remote source patterns: which names are another cluster's, and the check before a point in time that no cluster
 * the names reach was left out (skip_unavailable), answered as Elasticsearch 8.14 answers such a search. The
 * integration test (test/integration/cross_cluster_sources.test.ts) runs it against a real unreachable remote.
 */
import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { IncompleteReadError } from '../storage';
import { incompleteClusters, isRemoteIndexName, throwIfClusterUnavailable } from './remote_clusters';

test('a remote name is <alias>:<index>; local names, selectors and exclusions of local names are not', () => {
  for (const name of ['eu:logs-*', '*:logs-*', 'eu-*:auth', '-eu:logs-old', ' eu:logs '])
    expect(isRemoteIndexName(name)).toBe(true);
  for (const name of ['logs-*', '-logs-old', 'logs::failures', '*', '.ds-logs-2025'])
    expect(isRemoteIndexName(name)).toBe(false);
});

/** `_clusters` of a search over `logs,eu:logs` when `eu` cannot be reached and skip_unavailable is true. */
const SKIPPED = {
  total: 2,
  successful: 1,
  skipped: 1,
  running: 0,
  partial: 0,
  failed: 0,
  details: {
    '(local)': { status: 'successful', indices: 'logs', took: 3, timed_out: false },
    eu: {
      status: 'skipped',
      indices: 'logs',
      timed_out: false,
      failures: [
        {
          shard: -1,
          index: null,
          reason: { type: 'connect_transport_exception', reason: '[][10.0.0.9:9300] connect_exception' },
        },
      ],
    },
  },
};

function client(clusters: unknown, asked: unknown[]): Client {
  const mock = new Mock();
  mock.add({ method: ['GET', 'POST'], path: '/:index/_search' }, (params) => {
    asked.push({ path: params.path, body: params.body });
    return clusters === undefined ? {} : { _clusters: clusters };
  });
  return new Client({ node: 'http://localhost:9200', Connection: mock.getConnection(), maxRetries: 0 });
}

test('the clusters skipped or answering in part are named with the reason', () => {
  expect(incompleteClusters(SKIPPED)).toEqual([
    { alias: 'eu', status: 'skipped', reason: 'connect_transport_exception: [][10.0.0.9:9300] connect_exception' },
  ]);
  expect(incompleteClusters(undefined)).toEqual([]);
  expect(incompleteClusters({ details: { us: { status: 'partial' } } })).toEqual([{ alias: 'us', status: 'partial' }]);
});

test('a skipped cluster stops the read with an IncompleteReadError naming it', async () => {
  const asked: unknown[] = [];
  const error = await throwIfClusterUnavailable(client(SKIPPED, asked) as never, ['logs', 'eu:logs']).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IncompleteReadError);
  expect((error as Error).message).toMatch(
    /^remote cluster "eu" was skipped \(connect_transport_exception: .*\): Elasticsearch would read without its events/,
  );
  expect(asked).toEqual([
    { path: '/logs,eu:logs/_search', body: expect.objectContaining({ size: 0, query: { match_none: {} } }) },
  ]);
});

test('every cluster answering, or no remote name at all (nothing asked), lets the read go on', async () => {
  const asked: unknown[] = [];
  const whole = { ...SKIPPED, skipped: 0, successful: 2, details: { eu: { status: 'successful' } } };
  await expect(throwIfClusterUnavailable(client(whole, asked) as never, ['eu:logs'])).resolves.toBeUndefined();
  expect(asked).toHaveLength(1);
  await expect(
    throwIfClusterUnavailable(client(SKIPPED, asked) as never, ['logs-*', '-logs-old']),
  ).resolves.toBeUndefined();
  expect(asked).toHaveLength(1);
});
