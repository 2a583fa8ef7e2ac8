/**
 * Core's Elasticsearch service double, backed by real `@elastic/elasticsearch` 8.x clients on ES_URL
 * (elastic/kibana src/core/packages/elasticsearch/client-server-internal/src/{cluster_client.ts,
 * scoped_cluster_client.ts}). As in Kibana, `asScoped(request)` forwards the caller's `authorization` header;
 * `createClient(type, config)` builds a separate client whose unset settings come from the host's.
 */
import { Client } from '@elastic/elasticsearch';
import type {
  ElasticsearchClient,
  ElasticsearchClientConfig,
  FakeRawRequest,
  IClusterClient,
  ICustomClusterClient,
  IScopedClusterClient,
  KibanaRequest,
} from '@kbn/core/server';

export interface ElasticsearchHostConfig {
  url: string;
  username?: string;
  password?: string;
}

function clientFor(config: Partial<ElasticsearchClientConfig>, base: ElasticsearchHostConfig, type: string): Client {
  const username = config.username ?? base.username;
  const password = config.password ?? base.password;
  return new Client({
    node: config.hosts?.[0] ?? base.url,
    auth: config.serviceAccountToken
      ? { bearer: config.serviceAccountToken }
      : username && password
        ? { username, password }
        : undefined,
    headers: { 'x-elastic-product-origin': 'kibana', ...(config.customHeaders ?? {}) },
    requestTimeout: config.requestTimeout ?? 30_000,
    name: type,
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
    this.root = clientFor({}, config, 'data');
    this.client = clusterClient(this.root);
  }

  public createClient(type: string, clientConfig: Partial<ElasticsearchClientConfig> = {}): ICustomClusterClient {
    const client = clientFor(clientConfig, this.config, type);
    this.custom.push(client);
    return { ...clusterClient(client), close: () => client.close() };
  }

  public async close() {
    await Promise.all([this.root.close(), ...this.custom.map((c) => c.close())]);
  }
}
