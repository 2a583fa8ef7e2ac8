/**
 * The privilege check before a pass: a secured cluster answering "no" stops the pass with the missing privileges
 * named; a cluster without security lets it through. A real node here has no security module, hence the mock.
 */
import { Client, errors } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import { checkPrivileges, MissingPrivilegesError } from './privileges';

function client(respond: (body: unknown) => unknown): Client {
  const mock = new Mock();
  mock.add(
    { method: ['GET', 'POST'], path: '/_security/user/_has_privileges' },
    (params) => respond(params.body) as never,
  );
  return new Client({ node: 'http://localhost:9200', Connection: mock.getConnection(), maxRetries: 0 });
}

test('names every missing privilege: read on the sources, manage on our indices, templates on the cluster', async () => {
  const es = client(() => ({
    username: 'kibana_system',
    has_all_requested: false,
    cluster: { manage_index_templates: false },
    index: {
      'logs-*': { read: false, view_index_metadata: true },
      'buffalogs-alerts-default': { read: true, write: true, create_index: true, manage: false },
    },
    application: {},
  }));
  const error = await checkPrivileges(es as never, { indices: ['logs-*'], space: 'default' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MissingPrivilegesError);
  expect((error as Error).message).toContain('cluster privilege "manage_index_templates"');
  expect((error as Error).message).toContain('read on "logs-*"');
  expect((error as Error).message).toContain('manage on "buffalogs-alerts-default"');
  expect((error as Error).message).not.toContain('view_index_metadata');
});

test("asks for read on the configured patterns and for our space's indices", async () => {
  let asked: unknown;
  const es = client((body) => {
    asked = body;
    return { username: 'u', has_all_requested: true, cluster: {}, index: {}, application: {} };
  });
  await expect(checkPrivileges(es as never, { indices: ['auth-*'], space: 'soc' })).resolves.toBe('checked');
  expect(asked).toMatchObject({
    cluster: ['manage_index_templates'],
    index: [
      { names: ['auth-*'], privileges: ['read', 'view_index_metadata'] },
      {
        names: ['buffalogs-alerts-soc', 'buffalogs-state-soc', 'buffalogs-checkpoints-soc', 'buffalogs-deadletter-soc'],
      },
    ],
  });
});

test('a cluster without security (no such endpoint) needs no check', async () => {
  const es = client(
    () =>
      new errors.ResponseError({
        body: { error: 'no handler found for uri [/_security/user/_has_privileges] and method [POST]' },
        statusCode: 400,
        headers: {},
        warnings: [],
        meta: {} as never,
      }),
  );
  await expect(checkPrivileges(es as never, { indices: ['logs-*'], space: 'default' })).resolves.toBe('no_security');
});

test("patterns of another cluster are not asked about: _has_privileges answers for this cluster's roles only", async () => {
  let asked: unknown;
  const es = client((body) => {
    asked = body;
    return { username: 'u', has_all_requested: true, cluster: {}, index: {}, application: {} };
  });
  const indices = ['logs-*', 'eu:logs-*', '*:auth-*', '-eu:logs-old', 'logs::failures'];
  await expect(checkPrivileges(es as never, { indices, space: 'soc' })).resolves.toBe('checked');
  expect((asked as { index: unknown[] }).index[0]).toEqual({
    names: ['logs-*', 'logs::failures'],
    privileges: ['read', 'view_index_metadata'],
    allow_restricted_indices: false,
  });
  // Only remote sources: our own indices and the cluster privilege are still checked.
  await expect(checkPrivileges(es as never, { indices: ['eu:logs-*'], space: 'soc' })).resolves.toBe('checked');
  expect(asked).toMatchObject({
    cluster: ['manage_index_templates'],
    index: [{ names: expect.arrayContaining(['buffalogs-alerts-soc']) }],
  });
  expect((asked as { index: unknown[] }).index).toHaveLength(1);
});
