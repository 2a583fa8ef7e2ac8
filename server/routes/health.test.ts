import { createServer } from 'net';
import { Client } from '@elastic/elasticsearch';
import Mock from '@elastic/elasticsearch-mock';
import type {
  AddVersionOpts,
  ElasticsearchClient,
  IKibanaResponse,
  KibanaRequest,
  KibanaResponseFactory,
  Logger,
  RequestHandlerContext,
  VersionedRouteConfig,
} from '@kbn/core/server';
import { API_VERSION, HEALTH_ROUTE_PATH } from '../../common/constants';
import type { BuffalogsRouter } from '../types';
import { registerHealthRoute } from './health';

type Handler = (
  ctx: RequestHandlerContext,
  req: KibanaRequest,
  res: KibanaResponseFactory,
) => Promise<IKibanaResponse> | IKibanaResponse;

/** Captures what the route registers on Kibana's versioned router (as Kibana's `mockRouter` does). */
function captureRoute() {
  const routes: Array<{
    config: VersionedRouteConfig<'get'>;
    version: AddVersionOpts<unknown, unknown, unknown>;
    handler: Handler;
  }> = [];
  const router = {
    versioned: {
      get: (config: VersionedRouteConfig<'get'>) => ({
        addVersion(version: AddVersionOpts<unknown, unknown, unknown>, handler: Handler) {
          routes.push({ config, version, handler });
          return this;
        },
      }),
    },
  } as unknown as BuffalogsRouter;
  const warnings: string[] = [];
  const logger = { warn: (m: unknown) => warnings.push(String(m)) } as unknown as Logger;
  registerHealthRoute(router, { logger, pluginVersion: '1.2.3' });
  return { routes, warnings };
}

/** Builds responses the way Kibana's KibanaResponse does: status + payload. */
const responseFactory = {
  ok: ({ body }: { body: unknown }) => ({ status: 200, payload: body, options: { body } }),
  customError: ({ statusCode, body }: { statusCode: number; body: unknown }) => ({
    status: statusCode,
    payload: body,
    options: { body },
  }),
} as unknown as KibanaResponseFactory;

function contextWith(asInternalUser: ElasticsearchClient): RequestHandlerContext {
  const core = { elasticsearch: { client: { asInternalUser, asCurrentUser: asInternalUser } } };
  return { core: Promise.resolve(core) } as unknown as RequestHandlerContext;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GET /api/buffalogs/health', () => {
  it('is a public, versioned route that requires the read privilege', () => {
    const { routes } = captureRoute();
    expect(routes).toHaveLength(1);
    const [{ config, version }] = routes;
    expect(config.path).toBe(HEALTH_ROUTE_PATH);
    expect(config.access).toBe('public');
    expect(config.security).toEqual({ authz: { requiredPrivileges: ['buffalogs-read'] } });
    expect(version.version).toBe(API_VERSION);
  });

  it('answers ok with the plugin and cluster versions when Elasticsearch answers', async () => {
    const mock = new Mock();
    mock.add({ method: 'GET', path: '/' }, () => ({
      name: 'node-1',
      cluster_name: 'buffalogs-test',
      cluster_uuid: 'x',
      version: { number: '8.14.3' },
      tagline: 'You Know, for Search',
    }));
    const client = new Client({ node: 'http://127.0.0.1:9200', Connection: mock.getConnection() });
    const { routes } = captureRoute();

    const res = await routes[0].handler(contextWith(client), {} as KibanaRequest, responseFactory);

    expect(res.status).toBe(200);
    expect(res.payload).toEqual({
      status: 'ok',
      version: '1.2.3',
      apiVersion: API_VERSION,
      elasticsearch: { reachable: true, clusterName: 'buffalogs-test', version: '8.14.3' },
    });
  });

  it('answers 503 with the cause, not 500, when Elasticsearch cannot be reached', async () => {
    const port = await closedPort();
    const client = new Client({ node: `http://127.0.0.1:${port}`, maxRetries: 0 });
    const { routes, warnings } = captureRoute();

    const res = await routes[0].handler(contextWith(client), {} as KibanaRequest, responseFactory);

    expect(res.status).toBe(503);
    const body = res.payload as { message: string; attributes: Record<string, unknown> };
    expect(body.message).toMatch(/^Elasticsearch is unreachable: .*ECONNREFUSED/);
    expect(body.attributes).toEqual({ status: 'unavailable', version: '1.2.3', apiVersion: API_VERSION });
    expect(warnings).toHaveLength(1);
    await client.close();
  });
});
