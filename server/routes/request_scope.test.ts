import type { KibanaRequest, RequestHandlerContext } from '@kbn/core/server';
import { pluginIndices } from '../storage/index_names';
import { RouteError } from './errors';
import { IncompleteReadError } from '../storage/complete_read';
import { requestScope, wholeClusters } from './request_scope';
import type { ApiRouteDependencies } from '.';

const context = {
  core: Promise.resolve({ elasticsearch: { client: { asCurrentUser: {} } } }),
} as unknown as RequestHandlerContext;
const depsIn = (spaceId: string): ApiRouteDependencies =>
  ({
    defaultSpace: 'default',
    getStartServices: async () => ({ spaces: { spacesService: { getSpaceId: () => spaceId } } }),
  }) as unknown as ApiRouteDependencies;

describe('requestScope', () => {
  it("serves a space with a 101-character id from that space's indices, not the default space's", async () => {
    const space = 'a'.repeat(101);
    const scope = await requestScope(context, {} as KibanaRequest, depsIn(space));
    expect(scope.space).toBe(space);
    expect(scope.indices).toEqual(pluginIndices(space));
    expect(scope.indices.alerts).not.toBe(pluginIndices('default').alerts);
  });

  it('answers 400 for a space id Kibana could not have produced, rather than falling back to another space', async () => {
    const scope = requestScope(context, {} as KibanaRequest, depsIn('Other Space'));
    await expect(scope).rejects.toThrow(RouteError);
    await expect(scope).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/"Other Space" is not a Kibana space id/),
    });
  });
});

describe('wholeClusters', () => {
  const answering = (answer: unknown) =>
    wholeClusters({ search: async () => answer, indices: { exists: async () => true } } as never);
  const skipped = {
    _clusters: {
      total: 2,
      skipped: 1,
      details: {
        '(local)': { status: 'successful' },
        eu: { status: 'skipped', failures: [{ reason: { type: 'connect_transport_exception', reason: 'refused' } }] },
      },
    },
    hits: { hits: [] },
  };

  it('refuses an answer without a remote cluster it could not reach, naming it', async () => {
    const search = answering(skipped).search({ index: 'logs,eu:logs' });
    await expect(search).rejects.toThrow(IncompleteReadError);
    await expect(search).rejects.toThrow(
      'remote cluster "eu" was skipped (connect_transport_exception: refused): Elasticsearch answered without its data (skip_unavailable)',
    );
    // `{ meta: true }` answers carry the response in `body`.
    await expect(answering({ body: skipped, statusCode: 200 }).search({ index: 'eu:logs' })).rejects.toThrow(
      IncompleteReadError,
    );
  });

  it('passes whole answers, and every other method, through', async () => {
    const whole = {
      _clusters: { total: 1, skipped: 0, details: { eu: { status: 'successful' } } },
      hits: { hits: [] },
    };
    await expect(answering(whole).search({ index: 'eu:logs' })).resolves.toBe(whole);
    await expect(answering({ hits: { hits: [] } }).search({ index: 'logs' })).resolves.toEqual({ hits: { hits: [] } });
    await expect(answering(skipped).indices.exists({ index: 'logs' })).resolves.toBe(true);
  });
});
