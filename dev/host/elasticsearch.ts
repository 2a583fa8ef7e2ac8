/**
 * Core's Elasticsearch service double, backed by real `@elastic/elasticsearch` 8.x clients, built the way Kibana
 * builds them (elastic/kibana, src/core/packages/elasticsearch/...):
 *   - `createClient(type, clientConfig)` merges the plugin's partial config into Kibana's own `elasticsearch.*` config
 *     (server-internal/src/merge_config.ts @55d6817c): a `serviceAccountToken` in the override drops Kibana's
 *     username/password; a username AND password in the override drop Kibana's service token; then a deep merge, so
 *     `customHeaders` are merged key by key and anything the override leaves unset is Kibana's.
 *   - the client options come from the merged config (client-server-internal/src/client_config.ts
 *     `parseClientOptions` @12071a2d): headers = Kibana's default headers + `customHeaders`; for the internal user
 *     (not scoped) `auth` = username/password when both are set, else `bearer` = serviceAccountToken.
 *   - the client is `new Client({ ...options, Connection: HttpConnection, ConnectionPool: ClusterConnectionPool,
 *     Transport })` (configure_client.ts @0605c64b) whose Transport keeps the headers and sends them with every request
 *     (create_transport.ts @078742dd).
 * So Kibana's credentials are in `auth` of every client `createClient` returns unless the override replaces them, and
 * the ES client puts `auth` into an `authorization` header unless the headers already hold a lower-case
 * `authorization` (@elastic/transport BaseConnection `prepareHeaders`): a plugin's API key has to be that header.
 * `asScoped(request)` forwards the caller's `authorization` header (cluster_client.ts @00dd7e47 `getScopedHeaders`).
 */
import { Client, ClusterConnectionPool, HttpConnection, Transport } from '@elastic/elasticsearch';
import type { IncomingHttpHeaders } from 'node:http';
import type { TransportRequestOptions, TransportRequestParams } from '@elastic/elasticsearch';
import type {
  ElasticsearchClient,
  ElasticsearchClientConfig,
  FakeRawRequest,
  IClusterClient,
  ICustomClusterClient,
  IScopedClusterClient,
  KibanaRequest,
} from '@kbn/core/server';

/** Kibana's `elasticsearch.*` settings the host honours (kibana.yml keys of the same names). */
export interface ElasticsearchHostConfig {
  hosts: string[];
  username?: string;
  password?: string;
  serviceAccountToken?: string;
  customHeaders?: Record<string, string>;
  requestTimeout?: number;
}

/** Kibana's `elasticsearch` config section rules that concern credentials (server-internal/src/elasticsearch_config.ts). */
export function elasticsearchHostConfig(
  url: string,
  settings: Record<string, unknown> | undefined,
): ElasticsearchHostConfig {
  const s = (settings ?? {}) as Partial<ElasticsearchHostConfig> & { hosts?: string | string[] };
  if (s.username === 'elastic') {
    throw new Error(
      '[config validation of [elasticsearch].username]: value of "elastic" is forbidden. This is a superuser account that cannot write to system indices that Kibana needs to function. Use a service account token instead.',
    );
  }
  if (s.username && s.serviceAccountToken) {
    throw new Error(
      '[config validation of [elasticsearch].serviceAccountToken]: serviceAccountToken cannot be used when "username" is also set.',
    );
  }
  return {
    hosts: s.hosts ? [s.hosts].flat() : [url],
    username: s.username,
    password: s.password,
    serviceAccountToken: s.serviceAccountToken,
    customHeaders: s.customHeaders ?? {},
    requestTimeout: s.requestTimeout,
  };
}

type ClientConfig = ElasticsearchHostConfig & Partial<Omit<ElasticsearchClientConfig, keyof ElasticsearchHostConfig>>;

/** merge_config.ts: which of Kibana's credentials survive the override, then a deep merge (@kbn/std `merge`). */
export function mergeConfig(
  base: ElasticsearchHostConfig,
  overrides: Partial<ElasticsearchClientConfig>,
): ClientConfig {
  const kept: ElasticsearchHostConfig = { ...base };
  if (overrides.serviceAccountToken) {
    delete kept.username;
    delete kept.password;
  } else if (overrides.username && overrides.password) {
    delete kept.serviceAccountToken;
  }
  return deepMerge(
    kept as unknown as Record<string, unknown>,
    overrides as Record<string, unknown>,
  ) as unknown as ClientConfig;
}

/** @kbn/std `merge`: plain objects merge key by key, anything else (arrays included) replaces; undefined is skipped. */
function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? deepMerge(current, value) : value;
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** create_transport.ts: Kibana's transport holds the client's headers itself and adds them to each request. */
class KibanaLikeTransport extends Transport {
  private readonly storedHeaders: IncomingHttpHeaders;
  constructor(options: ConstructorParameters<typeof Transport>[0]) {
    const { headers = {}, ...rest } = options;
    super(rest);
    this.storedHeaders = headers as IncomingHttpHeaders;
  }
  // The ES client only ever calls the promise form.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override request(params: TransportRequestParams, options?: TransportRequestOptions): Promise<any> {
    return super.request(params, { ...options, headers: { ...this.storedHeaders, ...options?.headers } });
  }
}

/** parseClientOptions + configureClient for the internal user (`scoped: false`). */
function clientFor(config: ClientConfig, type: string): Client {
  const auth =
    config.username && config.password
      ? { username: config.username, password: config.password }
      : config.serviceAccountToken
        ? { bearer: config.serviceAccountToken }
        : undefined;
  return new Client({
    nodes: config.hosts,
    headers: { 'x-elastic-product-origin': 'kibana', ...(config.customHeaders ?? {}) },
    ...(auth ? { auth } : {}),
    requestTimeout: config.requestTimeout ?? 30_000,
    name: type,
    Connection: HttpConnection,
    ConnectionPool: ClusterConnectionPool,
    Transport: KibanaLikeTransport,
  });
}

function clusterClient(root: Client): IClusterClient {
  return {
    asInternalUser: root as ElasticsearchClient,
    asScoped(request: KibanaRequest | FakeRawRequest): IScopedClusterClient {
      const authorization = [request.headers.authorization].flat()[0];
      const scoped = authorization ? root.child({ headers: { authorization } }) : root.child({});
      return {
        asInternalUser: root as ElasticsearchClient,
        asCurrentUser: scoped as ElasticsearchClient,
        asSecondaryAuthUser: scoped as ElasticsearchClient,
      };
    },
  };
}

export class ElasticsearchHost {
  private readonly root: Client;
  private readonly custom: Client[] = [];
  public readonly client: IClusterClient;

  constructor(private readonly config: ElasticsearchHostConfig) {
    this.root = clientFor(mergeConfig(config, {}), 'data');
    this.client = clusterClient(this.root);
  }

  public createClient(type: string, clientConfig: Partial<ElasticsearchClientConfig> = {}): ICustomClusterClient {
    const client = clientFor(mergeConfig(this.config, clientConfig), type);
    this.custom.push(client);
    return { ...clusterClient(client), close: () => client.close() };
  }

  public async close() {
    await Promise.all([this.root.close(), ...this.custom.map((c) => c.close())]);
  }
}
