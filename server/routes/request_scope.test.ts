import type { KibanaRequest, RequestHandlerContext } from '@kbn/core/server';
import { pluginIndices } from '../storage/index_names';
import { RouteError } from './errors';
import { requestScope } from './request_scope';
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
