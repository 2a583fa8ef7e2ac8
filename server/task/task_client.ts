/**
 * The Elasticsearch client the task runs with. `kibana_system` (Kibana's internal user) cannot read `logs-*`
 * (facts §0.5), so when credentials are configured the task gets its own client from Kibana
 * (`createClient('buffalogs', …)`, which inherits hosts/TLS from kibana.yml unless overridden) and uses its
 * `asInternalUser`, which here authenticates as the configured key or user. Secrets go to that client only. Which
 * identity Elasticsearch actually saw is logged from its own answer (`_has_privileges` names the user).
 */
import { readFileSync } from 'node:fs';
import type { CoreStart, ElasticsearchClientConfig } from '@kbn/core/server';
import type { BuffalogsConfig } from '../config';
import type { EsClient } from '../storage';

export interface TaskClient {
  client: EsClient;
  /** Which identity the task reads with, for the log (never the secret itself). */
  identity: string;
  close(): Promise<void>;
}

export function createTaskClient(core: Pick<CoreStart, 'elasticsearch'>, config: BuffalogsConfig): TaskClient {
  const es = config.elasticsearch;
  if (!es || (!es.apiKey && !es.username)) {
    return {
      client: core.elasticsearch.client.asInternalUser,
      identity: "Kibana's internal user",
      close: async () => {},
    };
  }
  const clientConfig: Partial<ElasticsearchClientConfig> = {
    ...(es.hosts ? { hosts: es.hosts } : {}),
    ...(es.ssl
      ? {
          ssl: {
            ...(es.ssl.verificationMode
              ? { verificationMode: es.ssl.verificationMode as 'none' | 'certificate' | 'full' }
              : {}),
            // Kibana's client config wants PEM contents; kibana.yml users write paths, as for elasticsearch.ssl.*.
            ...(es.ssl.certificateAuthorities
              ? { certificateAuthorities: es.ssl.certificateAuthorities.map((file) => readFileSync(file, 'utf8')) }
              : {}),
          },
        }
      : {}),
    // Kibana merges this config into its own (merge_config.ts): a username AND password replace Kibana's credentials.
    // An API key has no config field, and Kibana's own username/password or service token stay in the client's
    // `auth`; the ES client turns `auth` into an `authorization` header unless the headers already hold one spelled
    // exactly `authorization` (@elastic/transport `prepareHeaders`). With `Authorization` it added its own beside it
    // and Kibana's won: the key must be lower-case here (dev/host/elasticsearch.test.ts proves which one arrives).
    ...(es.apiKey
      ? { customHeaders: { authorization: `ApiKey ${es.apiKey}` } }
      : { username: es.username, password: es.password }),
  };
  const custom = core.elasticsearch.createClient('buffalogs', clientConfig);
  return {
    client: custom.asInternalUser,
    identity: es.apiKey ? 'the configured API key' : `the configured user "${es.username}"`,
    close: () => custom.close(),
  };
}
