/**
 * The dev host starts on a cluster Kibana starts on: a yellow one (a replica that cannot be assigned on one node) is
 * fine, because Kibana waits for the nodes' versions, never for the cluster health (ensure_es_version.ts). A local
 * server plays a yellow cluster.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForElasticsearch } from './wait_for_elasticsearch';

let server: http.Server;
let url: string;
let product = 'Elasticsearch';
let nodes: Record<string, unknown> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('x-elastic-product', product);
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/_cluster/health')) {
      // A wait_for_status=green request times out on a yellow cluster: 408 with the yellow status.
      res.statusCode = req.url.includes('wait_for_status=green') ? 408 : 200;
      res.end(JSON.stringify({ cluster_name: 'yellow', status: 'yellow', timed_out: res.statusCode === 408 }));
    } else if (req.url?.startsWith('/_nodes')) {
      res.end(JSON.stringify({ nodes }));
    } else res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('accepts a yellow cluster once its nodes answer, and says it ignores the version mismatch', async () => {
  product = 'Elasticsearch';
  nodes = { a: { version: '8.14.3', ip: '127.0.0.1', http: { publish_address: '127.0.0.1:9200' } } };
  const lines: string[] = [];
  const result = await waitForElasticsearch(url, '9.5.3', { timeoutMs: 2000, log: (l) => lines.push(l) });
  expect(result.nodes).toHaveLength(1);
  expect(lines).toEqual([
    'Ignoring version incompatibility between Kibana v9.5.3 and the following Elasticsearch nodes: v8.14.3 @ 127.0.0.1:9200 (127.0.0.1)',
  ]);
  expect(await waitForElasticsearch(url, '8.14.0', { timeoutMs: 2000 })).toEqual({
    nodes: result.nodes,
    message: undefined,
  });
});

it('keeps waiting while no node answers, and refuses a server that is not Elasticsearch', async () => {
  nodes = {};
  await expect(waitForElasticsearch(url, '9.5.3', { timeoutMs: 300, intervalMs: 50 })).rejects.toThrow(
    /Unable to retrieve version information from Elasticsearch nodes/,
  );
  product = 'Something';
  await expect(waitForElasticsearch(url, '9.5.3', { timeoutMs: 5000 })).rejects.toThrow(/not Elasticsearch/);
});
