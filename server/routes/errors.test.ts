import { createServer } from 'node:net';
import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import type { KibanaResponseFactory, Logger } from '@kbn/core/server';
import { IncompleteReadError } from '../storage/complete_read';
import { errorResponse, RouteError } from './errors';

const response = new Proxy({} as KibanaResponseFactory, {
  get: (_, name: string) => (o: { statusCode?: number; body?: unknown }) => ({
    status: o.statusCode ?? { notFound: 404, conflict: 409 }[name],
    payload: o.body,
  }),
});
const logger = { warn: () => {} } as unknown as Logger;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function errorFrom(status: number, body: object): Promise<unknown> {
  const mock = new Mock();
  mock.add(
    { method: ['GET', 'POST'], path: '/a/_search' },
    () => new errors.ResponseError({ body, statusCode: status, headers: {}, warnings: null, meta: {} as never }),
  );
  const client = new Client({ node: 'http://127.0.0.1:9200', Connection: mock.getConnection(), maxRetries: 0 });
  return client.search({ index: 'a' }).catch((e: unknown) => e);
}

describe('Elasticsearch failures become clear HTTP answers', () => {
  it('an unreachable cluster is a 503 with the cause', async () => {
    const client = new Client({ node: `http://127.0.0.1:${await closedPort()}`, maxRetries: 0 });
    const error = await client.search({ index: 'a' }).catch((e: unknown) => e);
    const res = errorResponse(error, response, logger) as { status: number; payload: { message: string } };
    expect(res.status).toBe(503);
    expect(res.payload.message).toMatch(/^Elasticsearch is unavailable: .*ECONNREFUSED/);
    await client.close();
  });

  it.each([
    [429, 'es_rejected_execution_exception', 503],
    [503, 'cluster_block_exception', 503],
    [400, 'search_phase_execution_exception', 502],
    [500, 'null_pointer_exception', 502],
    [403, 'security_exception', 403],
  ])('ES %i (%s) → %i, naming the cause', async (status, type, expected) => {
    const error = await errorFrom(status, {
      error: { type, reason: 'because', root_cause: [{ type, reason: 'because' }] },
      status,
    });
    const res = errorResponse(error, response, logger) as { status: number; payload: { message: string } };
    expect(res.status).toBe(expected);
    expect(res.payload.message).toContain(`${type}: because`);
  });

  it('a read Elasticsearch answered without part of the data (a remote cluster skipped) is a 502 saying so', () => {
    const error = new IncompleteReadError('remote cluster "eu" was skipped (connect_transport_exception: refused)');
    const res = errorResponse(error, response, logger) as { status: number; payload: { message: string } };
    expect(res.status).toBe(502);
    expect(res.payload.message).toBe(
      'Incomplete answer from Elasticsearch: remote cluster "eu" was skipped (connect_transport_exception: refused)',
    );
  });

  it('keeps our own errors as they are, and leaves unknown ones to Kibana (a logged 500)', () => {
    expect(errorResponse(new RouteError(422, 'nothing to teach'), response, logger)).toMatchObject({ status: 422 });
    expect(errorResponse(new TypeError('bug'), response, logger)).toBeUndefined();
  });
});
