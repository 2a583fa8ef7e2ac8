/**
 * Importing access logs into a cluster that is busy or fails partway (faults a real single node cannot produce on
 * demand, through @elastic/elasticsearch-mock; the import itself runs against a real node in
 * test/integration/import_access_log.test.ts): a line Elasticsearch rejects for now (429) is sent again, not lost as
 * "refused"; a failure that persists stops the import saying where and what was indexed before it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import type { RetryPolicy } from '../storage/retry';
import { importAccessLogs, ImportStopped } from './import_access_log';

const dir = mkdtempSync(join(tmpdir(), 'buffalogs-import-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'access.log');
writeFileSync(
  file,
  [1, 2, 3, 4]
    .map((s) => `127.0.0.${s} - - [06/Mar/2019:00:00:0${s} +0000] "GET /${s} HTTP/1.1" 200 10 "-" "curl/8"\n`)
    .join(''),
);
const retry: RetryPolicy = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, sleep: async () => {} };
const options = { index: 'logs-apache.access-test', batchSize: 2, onBadLine: () => {}, retry };

/** A cluster where the index exists and each bulk request is answered by `respond` (ids, call number). */
function cluster(respond: (ids: string[], call: number) => unknown): Client {
  const mock = new Mock();
  mock.add({ method: 'HEAD', path: '/logs-apache.access-test' }, () => '' as never);
  let calls = 0;
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    const ops = params.body as unknown as Array<Record<string, { _id: string }>>;
    const ids = ops.filter((_, i) => i % 2 === 0).map((op) => Object.values(op)[0]._id);
    return respond(ids, ++calls) as never;
  });
  return new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() });
}
const unavailable = () => {
  const body = { error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' } };
  return new errors.ResponseError({
    body,
    statusCode: 503,
    headers: {},
    warnings: [],
    meta: { body, statusCode: 503 } as never,
  });
};
const item = (id: string, status: number, type?: string) => ({
  create: { _index: 'logs-apache.access-test', _id: id, status, ...(type ? { error: { type, reason: type } } : {}) },
});

test('a line rejected with 429 under load is sent again and indexed, not counted as refused', async () => {
  const client = cluster((ids, call) => ({
    errors: call === 1,
    took: 1,
    items: ids.map((id, i) =>
      call === 1 && i === 1 ? item(id, 429, 'es_rejected_execution_exception') : item(id, 201),
    ),
  }));
  const result = await importAccessLogs(client, [file], options);
  expect(result).toEqual({ lines: 4, indexed: 4, alreadyPresent: 0, bad: 0, refused: {} });
});

test('a document refused for its own fields is counted by reason, and the rest go in', async () => {
  const client = cluster((ids, call) => ({
    errors: call === 2,
    took: 1,
    items: ids.map((id, i) => (call === 2 && i === 0 ? item(id, 400, 'document_parsing_exception') : item(id, 201))),
  }));
  const result = await importAccessLogs(client, [file], options);
  expect(result).toEqual({
    lines: 4,
    indexed: 3,
    alreadyPresent: 0,
    bad: 0,
    refused: { document_parsing_exception: 1 },
  });
});

test('a cluster failing past the retries stops the import at a named line, with what was indexed before', async () => {
  const client = cluster((ids, call) =>
    call === 1 ? { errors: false, took: 1, items: ids.map((id) => item(id, 201)) } : unavailable(),
  );
  const stopped = await importAccessLogs(client, [file], options).catch((error: unknown) => error);
  expect(stopped).toBeInstanceOf(ImportStopped);
  const { done, at } = stopped as ImportStopped;
  expect(done).toMatchObject({ lines: 4, indexed: 2 });
  expect(at).toBe(`${file}:4`);
  expect((stopped as Error).message).toContain(`stopped at ${file}:4: `);
  expect((stopped as Error).message).toContain(
    'Elasticsearch answered 503, unavailable_shards_exception: primary shard is not active',
  );
});
