/**
 * The router double's order of checks against Kibana's: authorisation (the security plugin's onPostAuth hook, with
 * the versioned route's `getSecurity`) comes before version resolution (the versioned route's handler), see
 * router-server-internal/src/versioned_router/core_versioned_route.ts @0198047a; and a versioned route without
 * `security` is refused at registration.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema } from '@kbn/config-schema';
import type { RequestHandlerContextBase } from '@kbn/core/server';
import { createLoggerFactory } from './logger';
import { HttpRouterHost } from './router';

const PUBLIC_VERSION = '2023-10-31';
let server: http.Server;
let base: string;
let granted: Set<string> = new Set();
let router: HttpRouterHost;
const events = new Map<string, { aborted: boolean; completed: boolean }>();

beforeAll(async () => {
  router = new HttpRouterHost({
    kibanaVersion: '9.5.3',
    restrictInternalApis: true,
    devMode: false,
    userPrivileges: () => granted,
    createContext: () => ({}) as RequestHandlerContextBase,
    logger: createLoggerFactory('off').get('http'),
  });
  const r = router.createRouter();
  r.versioned
    .get({ path: '/api/probe', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion({ version: PUBLIC_VERSION, validate: false }, async (_ctx, _req, res) => res.ok({ body: { ok: 1 } }));
  r.versioned
    .get({ path: '/api/per_version', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion(
      { version: PUBLIC_VERSION, validate: false, security: { authz: { requiredPrivileges: ['probe-all'] } } },
      async (_ctx, _req, res) => res.ok({ body: { ok: 1 } }),
    );
  r.versioned
    .get({ path: '/api/named/{name}', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion(
      { version: PUBLIC_VERSION, validate: { request: { params: schema.object({ name: schema.string() }) } } },
      async (_ctx, req, res) => res.ok({ body: { name: req.params.name } }),
    );
  // Records what a handler sees of its request's events (Kibana's KibanaRequest.events).
  r.versioned
    .get({ path: '/api/events/{name}', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion(
      { version: PUBLIC_VERSION, validate: { request: { params: schema.object({ name: schema.string() }) } } },
      async (_ctx, req, res) => {
        const seen = { aborted: false, completed: false };
        events.set(req.params.name, seen);
        req.events.aborted$.subscribe(() => (seen.aborted = true));
        req.events.completed$.subscribe(() => (seen.completed = true));
        if (req.params.name === 'slow') await new Promise((resolve) => setTimeout(resolve, 300));
        return res.ok({ body: { ok: 1 } });
      },
    );
  r.versioned
    .get({ path: '/api/query', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion(
      {
        version: PUBLIC_VERSION,
        validate: { request: { query: schema.object({ from: schema.maybe(schema.string()) }) } },
      },
      async (_ctx, req, res) => res.ok({ body: req.query }),
    );
  r.versioned
    .post({ path: '/api/body', access: 'public', security: { authz: { requiredPrivileges: ['probe-read'] } } })
    .addVersion(
      { version: PUBLIC_VERSION, validate: { request: { body: schema.object({}, { unknowns: 'allow' }) } } },
      async (_ctx, req, res) => res.ok({ body: req.body }),
    );
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void router.handle(req, res, url.pathname, url).then((handled) => handled || res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string, version?: string) => {
  const response = await fetch(`${base}${path}`, { headers: version ? { 'elastic-api-version': version } : {} });
  return { status: response.status, body: (await response.json()) as { message?: string } };
};

describe('authorisation before version resolution', () => {
  it('an unauthorised caller gets 403 whatever version it asks for, even one that does not exist', async () => {
    granted = new Set();
    for (const version of [PUBLIC_VERSION, '2099-01-01', 'not-a-date', undefined]) {
      const { status, body } = await get('/api/probe', version);
      expect({ version, status }).toEqual({ version, status: 403 });
      expect(body.message).toContain('[probe-read]');
    }
  });

  it('an authorised caller gets the version errors', async () => {
    granted = new Set(['probe-read']);
    expect((await get('/api/probe', '2099-01-01')).status).toBe(400);
    expect((await get('/api/probe', PUBLIC_VERSION)).status).toBe(200);
  });

  it("a version's own authz applies to that version; an unknown version falls back to the route's", async () => {
    granted = new Set(['probe-read']);
    expect((await get('/api/per_version', PUBLIC_VERSION)).status).toBe(403);
    expect((await get('/api/per_version')).status).toBe(403); // the default (oldest) version's authz
    expect((await get('/api/per_version', '2099-01-01')).status).toBe(400); // route authz passes, then no such version
  });
});

it('a versioned route without security is refused at registration', () => {
  const r = router.createRouter();
  expect(() =>
    // @ts-expect-error security is required for versioned routes (kibana-types), as Kibana enforces at run time
    r.versioned.get({ path: '/api/unsecured', access: 'public' }),
  ).toThrow('[authz.requiredPrivileges]: expected value of type [array] but got [undefined]');
});

// Hapi builds the query as an object without prototype (lib/request.js _parseQuery), so a `__proto__` or
// `constructor` parameter reaches config-schema as an own key, which Joi refuses; and Hapi parses a JSON body with
// Bourne (protoAction 'error', @hapi/subtext), refusing any `__proto__` key at any depth before a route sees it.
describe('keys named like the prototype', () => {
  it('a query parameter named __proto__ or constructor is an unknown key (400), as in Kibana', async () => {
    granted = new Set(['probe-read']);
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const { status, body } = await get(`/api/query?${key}=x`, PUBLIC_VERSION);
      expect({ key, status, message: body.message }).toEqual({
        key,
        status: 400,
        message: `[request query.${key}]: definition for this key is missing`,
      });
    }
    expect(await get('/api/query?from=a', PUBLIC_VERSION)).toEqual({ status: 200, body: { from: 'a' } });
  });

  it('a JSON body with a __proto__ key at any depth is refused before validation, as Hapi does', async () => {
    granted = new Set(['probe-read']);
    const post = async (text: string) => {
      const response = await fetch(`${base}/api/body`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elastic-api-version': PUBLIC_VERSION, 'kbn-xsrf': 'x' },
        body: text,
      });
      return { status: response.status, body: (await response.json()) as { message?: string } };
    };
    for (const text of ['{"__proto__":{"a":1}}', '{"a":{"b":[{"__proto__":1}]}}']) {
      const { status, body } = await post(text);
      expect({ text, status, message: body.message }).toEqual({
        text,
        status: 400,
        message: 'Invalid request payload JSON format',
      });
    }
    expect(await post('{"a":{"b":"__proto__"}}')).toEqual({ status: 200, body: { a: { b: '__proto__' } } });
  });

  // Hapi's lifecycle parses the payload before onPostAuth, where Kibana checks kbn-xsrf and the security plugin the
  // privileges: a body that is not JSON is the answer whatever else the request lacks.
  it('a body that is not JSON is refused before the xsrf header and the privileges are looked at', async () => {
    const post = async (headers: Record<string, string>) => {
      const response = await fetch(`${base}/api/body`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'elastic-api-version': PUBLIC_VERSION, ...headers },
        body: '{"a":',
      });
      return { status: response.status, message: ((await response.json()) as { message?: string }).message };
    };
    const refused = { status: 400, message: 'Invalid request payload JSON format' };
    granted = new Set(['probe-read']);
    expect(await post({})).toEqual(refused);
    granted = new Set();
    expect(await post({ 'kbn-xsrf': 'x' })).toEqual(refused);
  });
});

describe('path parameters', () => {
  it('decodes percent-encoded ones', async () => {
    granted = new Set(['probe-read']);
    expect(await get('/api/named/a%2Fb%20c', PUBLIC_VERSION)).toEqual({ status: 200, body: { name: 'a/b c' } });
  });

  it('answers 400 to a malformed percent-encoding, as Hapi does (before: decodeURIComponent threw, a 500)', async () => {
    granted = new Set(['probe-read']);
    const { status, body } = await get('/api/named/%E0%A4%A', PUBLIC_VERSION);
    expect({ status, message: body.message }).toEqual({ status: 400, message: 'Bad Request' });
  });

  it('refuses a malformed percent-encoding at route lookup, before privileges and versions are checked', async () => {
    granted = new Set();
    expect((await get('/api/named/%E0%A4%A')).status).toBe(400);
    expect((await get('/api/named/ok', PUBLIC_VERSION)).status).toBe(403);
  });
});

describe('request events, as CoreKibanaRequest.getEvents in Kibana', () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  it('a request answered in full completes and is not aborted', async () => {
    granted = new Set(['probe-read']);
    expect((await get('/api/events/fast', PUBLIC_VERSION)).status).toBe(200);
    await settle();
    expect(events.get('fast')).toEqual({ aborted: false, completed: true });
  });

  it('a caller who goes away before the answer aborts the request (a handler can stop its work)', async () => {
    granted = new Set(['probe-read']);
    const controller = new AbortController();
    const call = fetch(`${base}/api/events/slow`, {
      headers: { 'elastic-api-version': PUBLIC_VERSION },
      signal: controller.signal,
    }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await call;
    await settle();
    expect(events.get('slow')).toEqual({ aborted: true, completed: true });
  });
});
