/**
 * The server `http` double: `createRouter()` and `router.versioned` record routes, and `handle()` answers real HTTP
 * requests for them with Kibana's behaviour, step by step in Kibana's order (elastic/kibana
 * src/core/packages/http/server-internal/src/lifecycle_handlers.ts, router-server-internal/src/{route.ts,
 * validator.ts, versioned_router/core_versioned_route.ts}, security's authz check):
 *   0. the payload read and parsed (Hapi's lifecycle does it before onPostAuth): too large → 413, not JSON → 400;
 *   1. kbn-xsrf on destructive methods unless `xsrfRequired: false`;   2. `kbn-version` must match;
 *   3. `access: 'internal'` needs `x-elastic-internal-origin` (restrictInternalApis, on by default from 9.0);
 *   4. `security.authz.requiredPrivileges` against the host user's privileges → 403. Kibana's security plugin checks
 *      it in an onPostAuth hook, before the route handler runs; for a versioned route it asks the route's
 *      `getSecurity(request)`, which takes the authz of the version the request names (or the default version) and
 *      falls back to the route's own when there is no such version (core_versioned_route.ts @0198047a). So an
 *      unauthorised caller gets 403 even with a missing or unknown version;
 *   5. versioned routes pick a handler by `elastic-api-version` (public default: oldest; internal in prod: '1');
 *   6. params/query/body validated with namespaces `request params|query|body` → 400;
 *   7. handler exceptions → 500 `An internal server error occurred.` (the error is logged, not returned).
 * Error bodies are Hapi's `{ statusCode, error, message[, attributes] }`.
 */
// Routes are registered with caller-chosen params/query/body generics, which the registry stores as `any`.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { isConfigSchema, schema, ValidationError } from '@kbn/config-schema';
import type {
  AddVersionOpts,
  CustomHttpResponseOptions,
  ErrorHttpResponseOptions,
  HttpResponseOptions,
  IKibanaResponse,
  IRouter,
  KibanaRequest,
  KibanaResponseFactory,
  Logger,
  RequestHandler,
  RequestHandlerContextBase,
  ResponseError,
  RouteAccess,
  RouteConfig,
  RouteMethod,
  RouteSecurity,
  RouteValidationFunction,
  RouteValidationSpec,
  RouteValidator,
  RouteValidatorFullConfigRequest,
  VersionedRoute,
  VersionedRouteConfig,
  VersionedRouter,
} from '@kbn/core/server';
import { ReplaySubject } from 'rxjs';
import { setRequestBasePath } from './spaces_security';

const BASE_PUBLIC_VERSION = '2023-10-31';
const MAX_BODY_BYTES = 1024 * 1024;

type AnyHandler = RequestHandler<any, any, any, any, any>;
interface VersionHandler {
  version: string;
  validate: AddVersionOpts<any, any, any>['validate'];
  security?: Pick<RouteSecurity, 'authz'>;
  handler: AnyHandler;
}
interface RegisteredRoute {
  method: RouteMethod;
  path: string;
  pattern: RegExp;
  paramNames: string[];
  access: RouteAccess;
  xsrfRequired: boolean;
  security?: RouteSecurity;
  /** Plain routes. */
  validate?: RouteConfig<any, any, any, any>['validate'];
  handler?: AnyHandler;
  /** Versioned routes. */
  versions?: Map<string, VersionHandler>;
}

export interface HttpHostOptions {
  kibanaVersion: string;
  /** Kibana's `server.restrictInternalApis` (default true from 9.0, false on 8.x). */
  restrictInternalApis: boolean;
  /** Dev mode makes versioned routes stricter (explicit versions for internal routes, public version checks). */
  devMode: boolean;
  /** The Kibana API privileges the host's user holds (`null` = superuser: everything is granted). */
  userPrivileges: () => ReadonlySet<string> | null;
  /** Builds `context` for a handler (`await context.core` etc.). */
  createContext: (request: KibanaRequest) => RequestHandlerContextBase;
  logger: Logger;
}

/** A Hapi-style error body as Kibana's response adapter produces it. */
function errorBody(status: number, body: ResponseError | undefined) {
  let message: string;
  let attributes: Record<string, unknown> | undefined;
  if (body === undefined) message = STATUS_CODES[status] ?? 'Error';
  else if (typeof body === 'string') message = body;
  else if (body instanceof Error) message = body.message;
  else {
    message = body.message instanceof Error ? body.message.message : body.message;
    attributes = body.attributes;
  }
  return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message, ...(attributes ? { attributes } : {}) };
}

class KibanaResponse<T> implements IKibanaResponse<T> {
  constructor(
    public readonly status: number,
    public readonly payload?: T,
    public readonly options: HttpResponseOptions<T> = {},
  ) {}
}

export const kibanaResponseFactory: KibanaResponseFactory = {
  ok: (o = {}) => new KibanaResponse(200, o.body, o),
  created: (o = {}) => new KibanaResponse(201, o.body, o),
  accepted: (o = {}) => new KibanaResponse(202, o.body, o),
  noContent: (o = {}) => new KibanaResponse(204, undefined, o),
  redirected: (o) => new KibanaResponse(302, o.body, o),
  badRequest: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(400, o.body, o),
  unauthorized: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(401, o.body, o),
  forbidden: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(403, o.body, o),
  notFound: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(404, o.body, o),
  conflict: (o: ErrorHttpResponseOptions = {}) => new KibanaResponse(409, o.body, o),
  customError: (o) => {
    if (o.statusCode < 400)
      throw new Error(`Unexpected Http status code. Expected from 400 to 599, but given: ${o.statusCode}`);
    return new KibanaResponse(o.statusCode, o.body, o);
  },
  custom: <T>(o: CustomHttpResponseOptions<T>) => new KibanaResponse(o.statusCode, o.body, o),
};

function compilePath(routePath: string): { pattern: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = routePath
    .split('/')
    .map((segment) => {
      const m = /^\{(\w+)(\?|\*)?\}$/.exec(segment);
      if (!m) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      paramNames.push(m[1]);
      if (m[2] === '*') return '(.*)';
      return m[2] === '?' ? '?([^/]*)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}/?$`), paramNames };
}

function validatePart<T>(spec: RouteValidationSpec<T> | undefined, data: unknown, namespace: string): T {
  if (spec === undefined) return {} as T;
  if (isConfigSchema(spec)) return spec.validate(data, {}, namespace) as T;
  if (typeof spec === 'function') {
    let result: ReturnType<RouteValidationFunction<T>>;
    try {
      result = spec(data, {
        ok: (value) => ({ value }),
        badRequest: (error, path) => ({
          error: Object.assign(error instanceof Error ? error : new Error(error), { path }),
        }),
      });
    } catch (e) {
      result = { error: e as Error };
    }
    if (result.error) {
      const path = result.error.path ?? [];
      throw new Error(`[${[namespace, ...path].join('.')}]: ${result.error.message}`);
    }
    return result.value as T;
  }
  throw new Error(`[${namespace}]: The validation rule provided in the handler is not valid`);
}

function requestValidation(
  validate: RouteConfig<any, any, any, any>['validate'] | AddVersionOpts<any, any, any>['validate'] | undefined,
): RouteValidatorFullConfigRequest<unknown, unknown, unknown> | undefined {
  if (!validate) return undefined;
  const v = (typeof validate === 'function' ? validate() : validate) as RouteValidator<unknown, unknown, unknown> & {
    request?: RouteValidatorFullConfigRequest<unknown, unknown, unknown>;
  };
  return 'request' in v && v.request ? v.request : (v as RouteValidatorFullConfigRequest<unknown, unknown, unknown>);
}

/** The user's privileges satisfy `requiredPrivileges` (strings: all of them; sets: anyRequired/allRequired). */
function missingPrivileges(required: unknown[], granted: ReadonlySet<string> | null): string[] {
  if (granted === null) return [];
  const has = (p: string) => granted.has(p);
  const missing: string[] = [];
  for (const entry of required) {
    if (typeof entry === 'string') {
      if (!has(entry)) missing.push(entry);
      continue;
    }
    const set = entry as {
      anyRequired?: Array<string | { allOf: string[] }>;
      allRequired?: Array<string | { anyOf: string[] }>;
    };
    for (const p of set.allRequired ?? []) {
      const ok = typeof p === 'string' ? has(p) : p.anyOf.some(has);
      if (!ok) missing.push(typeof p === 'string' ? p : p.anyOf.join('|'));
    }
    if (set.anyRequired && !set.anyRequired.some((p) => (typeof p === 'string' ? has(p) : p.allOf.every(has)))) {
      missing.push(set.anyRequired.map((p) => (typeof p === 'string' ? p : p.allOf.join('&'))).join('|'));
    }
  }
  return missing;
}

export class HttpRouterHost {
  private readonly routes: RegisteredRoute[] = [];

  constructor(private readonly options: HttpHostOptions) {}

  public listRoutes() {
    return this.routes.map((r) => ({
      method: r.method,
      path: r.path,
      access: r.access,
      versions: r.versions && [...r.versions.keys()],
    }));
  }

  private register(route: RegisteredRoute) {
    if (this.routes.some((r) => r.method === route.method && r.path === route.path)) {
      throw new Error(`Route [${route.method}] ${route.path} is already registered`);
    }
    if (!route.security) {
      this.options.logger.warn(
        `[${route.method.toUpperCase()}] ${route.path} has no security config; Kibana 9.x requires security.authz`,
      );
    }
    this.routes.push(route);
  }

  public createRouter<Ctx extends RequestHandlerContextBase>(): IRouter<Ctx> {
    const plain =
      (method: RouteMethod) =>
      <P, Q, B>(config: RouteConfig<P, Q, B, any>, handler: RequestHandler<P, Q, B, Ctx, any>) => {
        if (config.validate === undefined) {
          throw new Error(
            `The [${method}] at [${config.path}] does not have a 'validate' specified. Use 'false' as the value if you want to bypass validation.`,
          );
        }
        const validation = requestValidation(config.validate);
        for (const [key, spec] of Object.entries(validation ?? {})) {
          if (
            ['params', 'query', 'body'].includes(key) &&
            spec !== undefined &&
            !(isConfigSchema(spec) || typeof spec === 'function')
          ) {
            throw new Error(
              `Expected a valid validation logic declared with '@kbn/config-schema' package or a RouteValidationFunction at key: [${key}].`,
            );
          }
        }
        const options = (config.options ?? {}) as { access?: RouteAccess; xsrfRequired?: boolean };
        this.register({
          method,
          path: config.path,
          ...compilePath(config.path),
          access: options.access ?? 'internal',
          xsrfRequired: options.xsrfRequired !== false,
          security: config.security,
          validate: config.validate,
          handler: handler as AnyHandler,
        });
      };
    const versionedRegistrar =
      (method: RouteMethod) =>
      (config: VersionedRouteConfig<any>): VersionedRoute<any, Ctx> => {
        const versions = new Map<string, VersionHandler>();
        const isPublic = config.access === 'public';
        // CoreVersionedRoute's constructor validates `options.security` with validRouteSecurity, whose schema
        // requires `authz` (security_route_config_validator.ts @1d7f15d1): no security, no route.
        const authz = (config.security as Partial<RouteSecurity> | undefined)?.authz;
        if (!authz || !('requiredPrivileges' in authz || (authz as { enabled?: boolean }).enabled === false)) {
          throw new Error('[authz.requiredPrivileges]: expected value of type [array] but got [undefined]');
        }
        this.register({
          method,
          path: config.path,
          ...compilePath(config.path),
          access: config.access,
          xsrfRequired: (config.options as { xsrfRequired?: boolean } | undefined)?.xsrfRequired !== false,
          security: config.security,
          versions,
        });
        const route: VersionedRoute<any, Ctx> = {
          addVersion: (opts, handler) => {
            const invalid = invalidVersionMessage(isPublic, opts.version);
            if (invalid) throw new Error(invalid);
            if (this.options.devMode && isPublic && opts.version !== BASE_PUBLIC_VERSION) {
              throw new Error(
                `Invalid public version, for now please use "${BASE_PUBLIC_VERSION}" as the version for all public routes. Received "${opts.version}".}"`,
              );
            }
            if (versions.has(opts.version)) {
              throw new Error(
                `Version "${opts.version}" handler has already been registered for the route [${method}] [${config.path}]"`,
              );
            }
            versions.set(opts.version, {
              version: opts.version,
              validate: opts.validate,
              security: opts.security,
              handler: handler as AnyHandler,
            });
            return route;
          },
        };
        return route;
      };
    const versioned: VersionedRouter<Ctx> = {
      get: versionedRegistrar('get'),
      post: versionedRegistrar('post'),
      put: versionedRegistrar('put'),
      patch: versionedRegistrar('patch'),
      delete: versionedRegistrar('delete'),
    };
    return {
      routerPath: '',
      get: plain('get'),
      post: plain('post'),
      put: plain('put'),
      patch: plain('patch'),
      delete: plain('delete'),
      handleLegacyErrors: (handler) => handler,
      versioned,
    };
  }

  /** core_versioned_route.ts `getVersion`: the header, else the default (public: oldest; internal in prod: '1'). */
  private requestedVersion(route: RegisteredRoute, headers: IncomingMessage['headers']): string | undefined {
    const headerVersion = [headers['elastic-api-version']].flat()[0];
    if (headerVersion) return headerVersion;
    if (route.access === 'public') return route.versions?.size ? oldest([...route.versions.keys()], true) : undefined;
    return this.options.devMode ? undefined : '1';
  }

  /** Answers `req` if it matches a registered route; returns false otherwise (the caller serves pages or 404). */
  public async handle(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    url: URL,
    /** `http.basePath.get(request)`: the server base path, plus `/s/<space>` when the spaces plugin rewrote the URL. */
    requestBasePath?: string,
  ): Promise<boolean> {
    const method = (req.method ?? 'GET').toLowerCase() as RouteMethod;
    const candidates = this.routes.filter((r) => r.pattern.test(pathname));
    if (candidates.length === 0) return false;
    const route = candidates.find(
      (r) => r.method === method || (method === ('head' as RouteMethod) && r.method === 'get'),
    );
    if (!route) {
      send(res, 404, errorBody(404, 'Not Found'));
      return true;
    }
    const { logger } = this.options;
    const headers = req.headers;
    const send400 = (body: ResponseError) => send(res, 400, errorBody(400, body));

    const match = route.pattern.exec(pathname)!;
    let rawParams: Record<string, string | undefined>;
    try {
      rawParams = Object.fromEntries(
        route.paramNames.map((name, i) => [
          name,
          match[i + 1] === '' || match[i + 1] === undefined ? undefined : decodeURIComponent(match[i + 1]),
        ]),
      );
    } catch {
      // A malformed percent-encoding (`%E0%A4%A`): Hapi's router answers 400 at route lookup, before the payload and
      // every lifecycle hook (the URIError was a 500 here).
      send400('Bad Request');
      return true;
    }

    // 0: the payload. Hapi reads and parses it before authentication's end and every onPostAuth hook (its request
    // lifecycle: payload, then onCredentials, authorize, onPostAuth), so a body too large or not JSON is refused
    // before the xsrf header, the version or the privileges are looked at.
    let rawBody: unknown;
    try {
      rawBody = await readBody(req);
    } catch (e) {
      const status = (e as { status?: number }).status ?? 400;
      send(res, status, errorBody(status, (e as Error).message));
      return true;
    }

    // 1–3: Kibana's onPostAuth lifecycle handlers.
    const destructive = !['get', 'head', 'options'].includes(method);
    if (destructive && route.xsrfRequired && !headers['kbn-xsrf'] && !headers['kbn-version']) {
      send400('Request must contain a kbn-xsrf header.');
      return true;
    }
    const kbnVersion = headers['kbn-version'];
    if (kbnVersion && kbnVersion !== this.options.kibanaVersion) {
      send400({
        message: `Browser client is out of date, please refresh the page ("kbn-version" header was "${kbnVersion}" but should be "${this.options.kibanaVersion}")`,
        attributes: { type: 'KBN_VERSION_MISMATCH' },
      });
      return true;
    }
    const isInternalApiRequest =
      Boolean(headers['x-elastic-internal-origin']) || url.searchParams.get('elasticInternalOrigin') === 'true';
    if (route.access === 'internal' && !isInternalApiRequest) {
      if (this.options.restrictInternalApis) {
        logger.error(
          `Access to uri [${pathname}] with method [${method}] is not available with the current configuration`,
        );
        send400(`uri [${pathname}] with method [${method}] exists but is not available with the current configuration`);
        return true;
      }
      logger.warn(`Access to uri [${pathname}] with method [${method}] is deprecated`);
    }

    // 4: authorization (security plugin, onPostAuth): requiredPrivileges are Kibana API privileges from registered
    // features; a versioned route's authz is that of the requested (or default) version, else the route's own.
    const requestedVersion = route.versions ? this.requestedVersion(route, headers) : undefined;
    const authz =
      (requestedVersion !== undefined ? route.versions?.get(requestedVersion)?.security?.authz : undefined) ??
      route.security?.authz;
    let authzResult: Record<string, boolean> | undefined;
    if (authz && 'requiredPrivileges' in authz) {
      const granted = this.options.userPrivileges();
      const missing = missingPrivileges(authz.requiredPrivileges as unknown[], granted);
      authzResult = Object.fromEntries(
        (authz.requiredPrivileges as unknown[])
          .filter((p): p is string => typeof p === 'string')
          .map((p) => [p, !missing.includes(p)]),
      );
      if (missing.length > 0) {
        send(
          res,
          403,
          errorBody(
            403,
            `API [${method.toUpperCase()} ${pathname}] is unauthorized for user, this action is granted by the Kibana privileges [${missing.join(',')}]`,
          ),
        );
        return true;
      }
    }

    // 5: version selection (the versioned route's handler, after every onPostAuth hook).
    let versionHandler: VersionHandler | undefined;
    let apiVersion: string | undefined;
    if (route.versions) {
      const isPublic = route.access === 'public';
      const available = route.versions.size ? `[${[...route.versions.keys()].join(', ')}]` : '<none>';
      if (route.versions.size === 0) {
        send(res, 500, errorBody(500, `No handlers registered for [${method}] [${route.path}].`));
        return true;
      }
      apiVersion = requestedVersion;
      if (!apiVersion) {
        send400(`Please specify a version via elastic-api-version header. Available versions: ${available}`);
        return true;
      }
      const invalid = invalidVersionMessage(isPublic, apiVersion);
      if (invalid) {
        send400(invalid);
        return true;
      }
      versionHandler = route.versions.get(apiVersion);
      if (!versionHandler) {
        send400(
          `No version "${apiVersion}" available for [${method}] [${route.path}]. Available versions are: ${available}`,
        );
        return true;
      }
    }

    // 6: validation.
    // Hapi's query object has no prototype (lib/request.js _parseQuery): a `__proto__` parameter is an own key that
    // config-schema then refuses as unknown, as in Kibana; on a `{}` the assignment set nothing and the key vanished.
    const rawQuery: Record<string, string | string[]> = Object.create(null);
    for (const key of new Set(url.searchParams.keys())) {
      if (key === 'elasticInternalOrigin') continue;
      const all = url.searchParams.getAll(key);
      rawQuery[key] = all.length > 1 ? all : all[0];
    }
    const validation = requestValidation(versionHandler ? versionHandler.validate : route.validate);
    let params: unknown;
    let query: unknown;
    let body: unknown;
    try {
      const anyValue = schema.maybe(schema.nullable(schema.any()));
      params = validation ? validatePart(validation.params, anyValue.validate(rawParams), 'request params') : {};
      query = validation ? validatePart(validation.query, anyValue.validate(rawQuery), 'request query') : {};
      body = validation ? validatePart(validation.body, anyValue.validate(rawBody), 'request body') : {};
    } catch (e) {
      logger.error(`400 Bad Request: ${(e as Error).message}`);
      const headersOut =
        route.access === 'public' ? { 'elastic-api-version': apiVersion ?? BASE_PUBLIC_VERSION } : undefined;
      send(
        res,
        400,
        errorBody(400, e instanceof ValidationError || e instanceof Error ? (e as Error).message : String(e)),
        headersOut,
      );
      return true;
    }

    // As Kibana's CoreKibanaRequest.getEvents (src/core/packages/http/router-server-internal/src/request.ts):
    // completed$ is the response's 'close', replayed to late subscribers; aborted$ the same close when the response
    // had not been written to its end (the caller went away). Not the request's 'close': Node emits that one as soon
    // as the body has been read, before any handler subscribed, so aborted$ never reached a handler.
    const aborted$ = new ReplaySubject<void>(1);
    const completed$ = new ReplaySubject<void>(1);
    res.once('close', () => {
      if (!(res.writableFinished && res.writableEnded)) {
        aborted$.next();
        aborted$.complete();
      } else aborted$.complete();
      completed$.next();
      completed$.complete();
    });
    const kibanaRequest: KibanaRequest = {
      id: randomUUID(),
      uuid: randomUUID(),
      url,
      route: {
        path: route.path,
        method,
        options: { access: route.access, xsrfRequired: route.xsrfRequired, authRequired: true },
      },
      headers: { ...headers },
      isSystemRequest: headers['kbn-system-request'] === 'true',
      isFakeRequest: false,
      isInternalApiRequest,
      socket: { remoteAddress: req.socket.remoteAddress },
      events: { aborted$: aborted$.asObservable(), completed$: completed$.asObservable() },
      auth: { isAuthenticated: true },
      apiVersion,
      authzResult,
      params,
      query,
      body,
    };

    if (requestBasePath !== undefined) setRequestBasePath(kibanaRequest, requestBasePath);

    // 7: the handler.
    let response: IKibanaResponse;
    try {
      const handler = versionHandler?.handler ?? route.handler!;
      response = await handler(this.options.createContext(kibanaRequest), kibanaRequest, kibanaResponseFactory);
      if (!(response instanceof KibanaResponse)) {
        throw new Error(
          `Unexpected result from Route Handler. Expected KibanaResponse, but given: ${typeof response}.`,
        );
      }
    } catch (e) {
      logger.error(e as Error);
      const status =
        (e as { statusCode?: number; meta?: { statusCode?: number } }).meta?.statusCode === 401 ? 401 : 500;
      send(
        res,
        status,
        status === 401 ? errorBody(401, (e as Error).message) : errorBody(500, 'An internal server error occurred.'),
      );
      return true;
    }
    const extraHeaders: Record<string, string | string[]> = { ...(response.options.headers ?? {}) };
    if (apiVersion) extraHeaders['elastic-api-version'] = apiVersion;
    else if (route.access === 'public') extraHeaders['elastic-api-version'] = BASE_PUBLIC_VERSION;
    if (response.status >= 400 && !response.options.bypassErrorFormat) {
      send(res, response.status, errorBody(response.status, response.payload as ResponseError), extraHeaders);
    } else {
      send(res, response.status, response.payload, extraHeaders);
    }
    return true;
  }
}

function invalidVersionMessage(isPublic: boolean, version: string): string | undefined {
  if (isPublic) {
    return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(version) && !Number.isNaN(Date.parse(version))
      ? undefined
      : `Invalid version. Received "${version}", expected a valid date string formatted as YYYY-MM-DD.`;
  }
  return /^[1-9][0-9]*$/.test(version)
    ? undefined
    : `Invalid version number. Received "${version}", expected a string containing _only_ a finite, whole number greater than 0.`;
}

/** Traditional Kibana resolves a missing public version to the oldest one (serverless: newest). */
function oldest(versions: string[], isPublic: boolean): string {
  return isPublic ? [...versions].sort()[0] : [...versions].sort((a, b) => Number(a) - Number(b))[0];
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw Object.assign(new Error('Payload content length greater than maximum allowed: 1048576'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (type.includes('application/json') || type === '') {
    if (text.trim() === '') return undefined;
    // Hapi parses with Bourne, protoAction 'error' (@hapi/subtext): a `__proto__` key at any depth fails the parse.
    try {
      return JSON.parse(text, refuseProtoKey);
    } catch {
      throw new Error('Invalid request payload JSON format');
    }
  }
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

function refuseProtoKey(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new SyntaxError('Object contains forbidden prototype property');
  return value;
}

export function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string | string[]> = {},
) {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (payload === undefined || status === 204) {
    res.writeHead(status).end();
    return;
  }
  if (Buffer.isBuffer(payload)) {
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/octet-stream');
    res.writeHead(status).end(payload);
  } else if (typeof payload === 'string') {
    if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
    res.writeHead(status).end(payload);
  } else {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.writeHead(status).end(JSON.stringify(payload));
  }
}
