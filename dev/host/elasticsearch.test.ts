/**
 * Which credentials reach Elasticsearch from the detection task's client, with Kibana's client config merge
 * (dev/host/elasticsearch.ts follows merge_config.ts + parseClientOptions + configureClient): a local HTTP server
 * stands in for Elasticsearch and records the `authorization` header of every request it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { configSchema } from '../../server/config';
import { checkPrivileges, MissingPrivilegesError } from '../../server/pass/privileges';
import { createTaskClient } from '../../server/task/task_client';
import { ElasticsearchHost, elasticsearchHostConfig, mergeConfig } from './elasticsearch';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const KIBANA_TOKEN = 'AAEAAWVsYXN0aWMva2liYW5hL3Rva2VuOnNlY3JldA';
const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';

/** Answers like Elasticsearch: `_has_privileges` names the user each credential belongs to, and grants nothing. */
const USERS: Record<string, string> = {
  [`Bearer ${KIBANA_TOKEN}`]: 'elastic/kibana',
  [basic('kibana_system', 'kibana-pw')]: 'kibana_system',
  [`ApiKey ${API_KEY}`]: 'buffalogs-task',
  [basic('buffalogs', 'task-pw')]: 'buffalogs',
};

let server: http.Server;
let url: string;
const received: Array<string | undefined> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.headers.authorization);
    res.setHeader('x-elastic-product', 'Elasticsearch');
    res.setHeader('content-type', 'application/json');
    const username = USERS[req.headers.authorization ?? ''] ?? '_anonymous';
    if (req.url?.startsWith('/_security/user/_has_privileges')) {
      res.end(
        JSON.stringify({
          username,
          has_all_requested: false,
          cluster: { manage_index_templates: false },
          index: {},
          application: {},
        }),
      );
    } else {
      res.end(JSON.stringify({ name: 'recorder', cluster_name: 'recorder', version: { number: '8.14.3' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const KIBANA_CREDENTIALS = {
  'a service account token': {
    serviceAccountToken: KIBANA_TOKEN,
    expected: `Bearer ${KIBANA_TOKEN}`,
    user: 'elastic/kibana',
  },
  'username/password': {
    username: 'kibana_system',
    password: 'kibana-pw',
    expected: basic('kibana_system', 'kibana-pw'),
    user: 'kibana_system',
  },
};

describe.each(Object.entries(KIBANA_CREDENTIALS))(
  'Kibana configured with %s',
  (_label, { expected: kibanaAuth, user: kibanaUser, ...kibanaYml }) => {
    let host: ElasticsearchHost;
    beforeEach(() => {
      host = new ElasticsearchHost(elasticsearchHostConfig(url, kibanaYml));
    });
    afterEach(() => host.close());

    /** What one request of the task's client carries, and whom `_has_privileges` says it ran as. */
    async function taskRequest(buffalogsElasticsearch: Record<string, string> | undefined) {
      const config = configSchema.validate(buffalogsElasticsearch ? { elasticsearch: buffalogsElasticsearch } : {});
      const task = createTaskClient(
        { elasticsearch: { client: host.client, createClient: (t, c) => host.createClient(t, c) } },
        config,
      );
      received.length = 0;
      await task.client.info();
      const error = await checkPrivileges(task.client, { indices: ['logs-*'], space: 'default' }).catch(
        (e: unknown) => e,
      );
      await task.close();
      return { authorization: received[0], identity: task.identity, error: error as MissingPrivilegesError };
    }

    it('the task authenticates with the configured API key, not Kibana’s credentials', async () => {
      const { authorization, identity, error } = await taskRequest({ apiKey: API_KEY });
      expect(authorization).toBe(`ApiKey ${API_KEY}`);
      expect(identity).toBe('the configured API key');
      expect(error).toBeInstanceOf(MissingPrivilegesError);
      expect(error.message).toContain('(Elasticsearch user "buffalogs-task")');
    });

    it('the task authenticates with the configured user and password', async () => {
      const { authorization, error } = await taskRequest({ username: 'buffalogs', password: 'task-pw' });
      expect(authorization).toBe(basic('buffalogs', 'task-pw'));
      expect(error.message).toContain('(Elasticsearch user "buffalogs")');
    });

    it('without credentials the task runs as Kibana’s internal user, and says so', async () => {
      const { authorization, identity, error } = await taskRequest(undefined);
      expect(authorization).toBe(kibanaAuth);
      expect(identity).toBe("Kibana's internal user");
      expect(error.message).toContain(`(Elasticsearch user "${kibanaUser}")`);
    });

    it('Kibana’s own client keeps Kibana’s credentials and forwards a caller’s for asScoped', async () => {
      received.length = 0;
      await host.client.asInternalUser.info();
      const caller = basic('analyst', 'x');
      await host.client.asScoped({ headers: { authorization: caller }, path: '/' }).asCurrentUser.info();
      expect(received).toEqual([kibanaAuth, caller]);
    });
  },
);

describe("mergeConfig (Kibana's merge_config.ts)", () => {
  const base = { hosts: ['http://es:9200'], username: 'kibana_system', password: 'pw', customHeaders: { 'x-a': '1' } };
  it('a service token in the override drops Kibana’s username/password; customHeaders merge key by key', () => {
    expect(mergeConfig(base, { serviceAccountToken: 't', customHeaders: { 'x-b': '2' } })).toEqual({
      hosts: ['http://es:9200'],
      serviceAccountToken: 't',
      customHeaders: { 'x-a': '1', 'x-b': '2' },
    });
  });
  it('username and password in the override drop Kibana’s service token; a username alone keeps it', () => {
    const tokenBase = { hosts: ['http://es:9200'], serviceAccountToken: 'kbn' };
    expect(mergeConfig(tokenBase, { username: 'u', password: 'p' })).toEqual({
      hosts: ['http://es:9200'],
      username: 'u',
      password: 'p',
    });
    expect(mergeConfig(tokenBase, { username: 'u' })).toEqual({ ...tokenBase, username: 'u' });
  });
  it('refuses kibana.yml credentials Kibana refuses', () => {
    expect(() => elasticsearchHostConfig(url, { username: 'elastic', password: 'x' })).toThrow(
      /"elastic" is forbidden/,
    );
    expect(() => elasticsearchHostConfig(url, { username: 'k', password: 'x', serviceAccountToken: 't' })).toThrow(
      /serviceAccountToken/,
    );
  });
});
