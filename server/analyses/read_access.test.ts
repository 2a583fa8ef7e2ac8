/**
 * Whether an analyst may name an index pattern in a saved analysis, asked of a local server answering
 * `_has_privileges` as Elasticsearch does (8.x body: `index: {<name>: {<privilege>: bool}}`). The runs read with
 * BuffaLogs' own identity, so an analyst whose role reads only `logs-web-*` must not be able to save an analysis over
 * `.kibana*` or `logs-*` and read the results.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { RouteError } from '../routes/errors';
import { assertReadable, unreadableIndices } from './read_access';

/** What the analyst's role reads (as Elasticsearch would answer for each requested name). */
const READABLE = new Set(['logs-web-*', 'logs-web-nginx']);
let mode: 'security' | 'disabled' = 'security';
const asked: unknown[] = [];
let server: http.Server;
let client: Client;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('x-elastic-product', 'Elasticsearch');
      res.setHeader('content-type', 'application/json');
      if (!req.url?.startsWith('/_security/user/_has_privileges')) return void res.end('{}');
      if (mode === 'disabled') {
        res.statusCode = 500;
        const reason = 'Security must be explicitly enabled when using a [basic] license.';
        return void res.end(
          JSON.stringify({
            error: { root_cause: [{ type: 'exception', reason }], type: 'exception', reason },
            status: 500,
          }),
        );
      }
      const request = JSON.parse(body) as { index: Array<{ names: string[]; privileges: string[] }> };
      asked.push(request);
      const index: Record<string, Record<string, boolean>> = {};
      for (const { names } of request.index) for (const n of names) index[n] = { read: READABLE.has(n) };
      const all = Object.values(index).every((p) => p.read);
      res.end(JSON.stringify({ username: 'analyst', has_all_requested: all, cluster: {}, index, application: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new Client({ node: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
afterAll(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  mode = 'security';
  asked.length = 0;
});

test('names the indices of the pattern the analyst cannot read; exclusions are not asked about', async () => {
  expect(await unreadableIndices(client, 'logs-web-*')).toEqual([]);
  expect(await unreadableIndices(client, 'logs-web-*,.kibana*, logs-*,-logs-web-old')).toEqual(['.kibana*', 'logs-*']);
  // Restricted indices count: a pattern such as `*` must be readable whole, system indices included.
  expect(asked[1]).toEqual({
    index: [{ names: ['logs-web-*', '.kibana*', 'logs-*'], privileges: ['read'], allow_restricted_indices: true }],
  });
});

test('a cluster without security lets everyone read everything: nothing is refused', async () => {
  mode = 'disabled';
  expect(await unreadableIndices(client, '.kibana*')).toEqual([]);
});

test('a name of another cluster is refused with the reason: _has_privileges cannot answer for remote privileges', async () => {
  // The analyst may read `logs-web-*` here, and perhaps on `eu` through remote_indices: Elasticsearch cannot tell.
  const error = await assertReadable(client, 'logs-web-*,eu:logs-web-*').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RouteError);
  expect(error).toMatchObject({ statusCode: 403 });
  expect((error as Error).message).toMatch(/^Elasticsearch cannot confirm that you may read "eu:logs-web-\*": /);
  expect((error as Error).message).not.toMatch(/You cannot read/);
  await expect(assertReadable(client, '.kibana*,eu:logs-*')).rejects.toThrow(
    /^You cannot read "\.kibana\*"\. Elasticsearch cannot confirm that you may read "eu:logs-\*"/,
  );
  // Without security there is nothing to check, remote or not.
  mode = 'disabled';
  await expect(assertReadable(client, 'eu:logs-*')).resolves.toBeUndefined();
});
