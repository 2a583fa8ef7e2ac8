/**
 * Bulk rejections a real single node cannot produce on demand (429 es_rejected_execution_exception, a node going
 * away), through @elastic/elasticsearch-mock: retried with backoff until durable, or failing loudly when they persist.
 */
import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { bulkWrite, BulkWriteError } from './bulk_writer';
import type { RetryPolicy } from './retry';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, sleep: async () => {} };
const docs = ['a', 'b', 'c'].map((id) => ({ action: 'create' as const, index: 'alerts', id, doc: { id } }));

function mockedClient(respond: (ids: string[], call: number) => unknown): { client: Client; calls: string[][] } {
  const mock = new Mock();
  const calls: string[][] = [];
  mock.add({ method: 'POST', path: '/_bulk' }, (params) => {
    const ops = params.body as unknown as Array<Record<string, { _id: string }>>;
    const ids = ops.filter((_, i) => i % 2 === 0).map((op) => Object.values(op)[0]._id);
    calls.push(ids);
    return respond(ids, calls.length) as never;
  });
  return { client: new Client({ node: 'http://localhost:9200', Connection: mock.getConnection() }), calls };
}

const item = (id: string, status: number, type?: string) => ({
  create: { _index: 'alerts', _id: id, status, ...(type ? { error: { type, reason: `${type} for ${id}` } } : {}) },
});

test('items rejected with 429 are sent again, alone, until written; 409 counts as already stored', async () => {
  const { client, calls } = mockedClient((ids, call) => ({
    errors: call === 1,
    took: 1,
    items: ids.map((id) =>
      call === 1 && id === 'b'
        ? item(id, 429, 'es_rejected_execution_exception')
        : id === 'c' && call === 1
          ? item(id, 409, 'version_conflict_engine_exception')
          : item(id, 201),
    ),
  }));
  const result = await bulkWrite(client as never, docs, policy);
  expect(calls).toEqual([['a', 'b', 'c'], ['b']]);
  expect(result).toEqual({ written: 2, existing: 1, updated: 0, retries: 1, conflicts: [], missing: 0, refused: [] });
});

test('a request-level 503 (node going away) is retried as a whole', async () => {
  let attempts = 0;
  const mock = new Mock();
  mock.add({ method: 'POST', path: '/_bulk' }, () => {
    attempts++;
    if (attempts < 3)
      return new errors.ResponseError({
        body: { error: 'unavailable' },
        statusCode: 503,
        headers: {},
        warnings: [],
        meta: {} as never,
      });
    return { errors: false, took: 1, items: docs.map((d) => item(d.id, 201)) };
  });
  const client = new Client({ node: 'http://localhost:9200', Connection: mock.getConnection(), maxRetries: 0 });
  expect(await bulkWrite(client as never, docs, policy)).toEqual({
    written: 3,
    existing: 0,
    updated: 0,
    retries: 0,
    conflicts: [],
    missing: 0,
    refused: [],
  });
  expect(attempts).toBe(3);
});

test('persistent rejections and refused documents fail with what was refused', async () => {
  const rejecting = mockedClient((ids) => ({
    errors: true,
    took: 1,
    items: ids.map((id) => item(id, 429, 'es_rejected_execution_exception')),
  }));
  await expect(bulkWrite(rejecting.client as never, docs, policy)).rejects.toThrow(/still rejected after 3 retries/);
  expect(rejecting.calls).toHaveLength(4);

  const refusing = mockedClient((ids) => ({
    errors: true,
    took: 1,
    items: ids.map((id) => (id === 'b' ? item(id, 400, 'mapper_parsing_exception') : item(id, 201))),
  }));
  const error = await bulkWrite(refusing.client as never, docs, policy).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BulkWriteError);
  expect((error as BulkWriteError).failures).toEqual([
    { id: 'b', status: 400, type: 'mapper_parsing_exception', reason: 'mapper_parsing_exception for b' },
  ]);
});

test('with keepRefused, a document refused for its content is handed back and the others written; an index-level refusal still fails', async () => {
  const refusing = mockedClient((ids) => ({
    errors: true,
    took: 1,
    items: ids.map((id) => (id === 'b' ? item(id, 400, 'document_parsing_exception') : item(id, 201))),
  }));
  const result = await bulkWrite(refusing.client as never, docs, policy, undefined, { keepRefused: true });
  expect(result.written).toBe(2);
  expect(result.refused).toEqual([
    { doc: docs[1], status: 400, type: 'document_parsing_exception', reason: 'document_parsing_exception for b' },
  ]);

  const closed = mockedClient((ids) => ({
    errors: true,
    took: 1,
    items: ids.map((id) => item(id, 400, 'index_closed_exception')),
  }));
  await expect(
    bulkWrite(closed.client as never, docs, policy, undefined, { keepRefused: true }),
  ).rejects.toBeInstanceOf(BulkWriteError);
  const rejecting = mockedClient((ids) => ({
    errors: true,
    took: 1,
    items: ids.map((id) => item(id, 429, 'es_rejected_execution_exception')),
  }));
  await expect(bulkWrite(rejecting.client as never, docs, policy, undefined, { keepRefused: true })).rejects.toThrow(
    /still rejected/,
  );
});
