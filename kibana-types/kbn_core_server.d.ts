/**
 * The part of Kibana's server core API (`@kbn/core/server`) this plugin uses, declared locally because `@kbn/*`
 * packages are not published to npm. Kibana supplies the real implementation at runtime; code imports these names
 * with `import type` only (enforced by eslint.config.js).
 *
 * Mirrored from elastic/kibana (9.x layout; the 8.19 branch has the same shapes under `packages/core/...`). Each
 * declaration names the file it mirrors. Where a member differs between 8.19 and 9.x it is declared optional or as
 * the intersection both versions accept, so the compiler rejects what would break on one of them.
 */
declare module '@kbn/core/server' {
  import type { Observable } from 'rxjs';
  import type { Client } from '@elastic/elasticsearch';
  import type { Type, ObjectType } from '@kbn/config-schema';

  // ---------------------------------------------------------------------------------------------------------------
  // Logging — src/platform/packages/shared/kbn-logging/src/logger.ts, .../log_meta.ts, .../logger_factory.ts
  // ---------------------------------------------------------------------------------------------------------------

  export type LogLevelId = 'all' | 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'off';
  export type LogMessageSource = string | (() => string);
  /** ECS-shaped structured metadata (kbn-logging/src/log_meta.ts); kept open because ECS is large. */
  export interface LogMeta {
    [key: string]: unknown;
  }
  export interface Logger {
    trace<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
    debug<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
    info<Meta extends LogMeta = LogMeta>(message: LogMessageSource, meta?: Meta): void;
    warn<Meta extends LogMeta = LogMeta>(errorOrMessage: LogMessageSource | Error, meta?: Meta): void;
    error<Meta extends LogMeta = LogMeta>(errorOrMessage: LogMessageSource | Error, meta?: Meta): void;
    fatal<Meta extends LogMeta = LogMeta>(errorOrMessage: LogMessageSource | Error, meta?: Meta): void;
    isLevelEnabled(level: LogLevelId): boolean;
    get(...childContextPaths: string[]): Logger;
  }
  export interface LoggerFactory {
    get(...contextParts: string[]): Logger;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plugin, initializer, config — src/core/packages/plugins/server/src/types.ts
  // ---------------------------------------------------------------------------------------------------------------

  /** setup/start must return synchronously on 8.19/9.x (async lifecycles were removed in 8.0, PR #89562). */
  export interface Plugin<
    TSetup = void,
    TStart = void,
    TPluginsSetup extends object = object,
    TPluginsStart extends object = object,
  > {
    setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
    start(core: CoreStart, plugins: TPluginsStart): TStart;
    stop?(): void | Promise<void>;
  }

  /** Core awaits the initializer since 8.12 (PR #170856), so it may return the plugin or a promise of it. */
  export type PluginInitializer<
    TSetup = void,
    TStart = void,
    TPluginsSetup extends object = object,
    TPluginsStart extends object = object,
  > = (
    core: PluginInitializerContext,
  ) =>
    | Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>
    | Promise<Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>>;

  /** src/core/packages/base/server/src (PackageInfo / EnvironmentMode, re-exported by @kbn/config). */
  export interface EnvironmentMode {
    name: 'development' | 'production';
    dev: boolean;
    prod: boolean;
  }
  export interface PackageInfo {
    version: string;
    branch: string;
    buildNum: number;
    buildSha: string;
    dist: boolean;
    buildDate?: Date;
    buildFlavor?: 'traditional' | 'serverless';
  }

  export interface PluginInitializerContext<ConfigSchema = unknown> {
    opaqueId: symbol;
    env: {
      mode: EnvironmentMode;
      packageInfo: Readonly<PackageInfo>;
      instanceUuid: string;
      configs: readonly string[];
      /** 9.x only. */
      airgapped?: boolean;
    };
    /** src/core/packages/node/server (NodeInfo): Task Manager only claims tasks on `backgroundTasks` nodes. */
    node: { roles: { backgroundTasks: boolean; ui: boolean; migrator?: boolean } };
    logger: LoggerFactory;
    config: {
      create<T = ConfigSchema>(): Observable<T>;
      get<T = ConfigSchema>(): T;
    };
  }

  /** Deprecation helpers handed to `PluginConfigDescriptor.deprecations` (packages/kbn-config/src/deprecation/types.ts). */
  export type ConfigDeprecation = (...args: unknown[]) => unknown;
  export interface ConfigDeprecationFactory {
    deprecate(path: string, removeBy: string, details?: object): ConfigDeprecation;
    rename(oldKey: string, newKey: string, details?: object): ConfigDeprecation;
    renameFromRoot(oldKey: string, newKey: string, details?: object): ConfigDeprecation;
    unused(unusedKey: string, details?: object): ConfigDeprecation;
    unusedFromRoot(unusedKey: string, details?: object): ConfigDeprecation;
  }
  export type ConfigDeprecationProvider = (factory: ConfigDeprecationFactory) => ConfigDeprecation[];

  /** src/core/packages/plugins/server/src/types.ts (`PluginConfigDescriptor`). Core duck-types `schema.__isKbnConfigSchemaType`. */
  export interface PluginConfigDescriptor<T = unknown> {
    schema: Type<T>;
    /** Only keys listed here reach the browser (`initializerContext.config.get()` there). Never secrets. */
    exposeToBrowser?: { [P in keyof T]?: boolean };
    dynamicConfig?: { [P in keyof T]?: boolean };
    deprecations?: ConfigDeprecationProvider;
    exposeToUsage?: { [P in keyof T]?: boolean };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HTTP router — src/core/packages/http/server/src/router/{route.ts, route_validator.ts, request.ts, response.ts,
  // response_factory.ts, request_handler.ts, router.ts}
  // ---------------------------------------------------------------------------------------------------------------

  export type SafeRouteMethod = 'get' | 'options';
  export type DestructiveRouteMethod = 'post' | 'put' | 'delete' | 'patch';
  export type RouteMethod = SafeRouteMethod | DestructiveRouteMethod;
  /** As of 9.0 internal routes answer 400 to callers without `x-elastic-internal-origin: Kibana`. */
  export type RouteAccess = 'public' | 'internal';

  // route.ts: security (8.17+, PR #193994)
  export type Privilege = string;
  export interface PrivilegeSet {
    anyRequired?: Array<Privilege | { allOf: Privilege[] }>;
    allRequired?: Array<Privilege | { anyOf: Privilege[] }>;
  }
  export type Privileges = Array<Privilege | PrivilegeSet>;
  export interface AuthzEnabled {
    requiredPrivileges: Privileges;
  }
  export interface AuthzDisabled {
    enabled: false;
    reason: string;
  }
  export type RouteAuthz = AuthzEnabled | AuthzDisabled;
  export type RouteAuthc =
    { enabled: true } | { enabled: 'optional'; reason: string } | { enabled: false; reason: string };
  export interface RouteSecurity {
    authz: RouteAuthz;
    authc?: RouteAuthc;
  }

  export interface RouteConfigOptionsBody {
    accepts?: string | string[];
    maxBytes?: number;
    output?: 'data' | 'stream';
    parse?: boolean | 'gunzip';
  }
  export interface RouteConfigOptions<Method extends RouteMethod> {
    xsrfRequired?: Method extends 'get' ? never : boolean;
    access?: RouteAccess;
    tags?: readonly string[];
    body?: Method extends 'get' | 'options' ? undefined : RouteConfigOptionsBody;
    timeout?: { payload?: Method extends 'get' | 'options' ? undefined : number; idleSocket?: number };
    summary?: string;
    description?: string;
  }

  // route_validator.ts
  export interface RouteValidationError extends Error {
    path?: string[];
  }
  export interface RouteValidationResultFactory {
    ok<T>(value: T): { value: T };
    badRequest(error: Error | string, path?: string[]): { error: RouteValidationError };
  }
  export type RouteValidationFunction<T> = (
    data: unknown,
    validationResult: RouteValidationResultFactory,
  ) => { value: T; error?: never } | { value?: never; error: RouteValidationError };
  /** The 9.x union also accepts Zod types; 8.19 does not, so they are left out. */
  export type RouteValidationSpec<T> = ObjectType | Type<T> | RouteValidationFunction<T>;
  export interface RouteValidatorConfig<P, Q, B> {
    params?: RouteValidationSpec<P>;
    query?: RouteValidationSpec<Q>;
    body?: RouteValidationSpec<B>;
  }
  export interface RouteValidatorOptions {
    unsafe?: { params?: boolean; query?: boolean; body?: boolean };
  }
  export type RouteValidatorFullConfigRequest<P, Q, B> = RouteValidatorConfig<P, Q, B> & RouteValidatorOptions;
  export type LazyValidator = () => Type<unknown>;
  export interface RouteValidatorFullConfigResponse {
    [statusCode: number]: { description?: string; bodyContentType?: string; body?: LazyValidator };
  }
  export type RouteValidator<P, Q, B> =
    | RouteValidatorFullConfigRequest<P, Q, B>
    | {
        request: RouteValidatorFullConfigRequest<P, Q, B>;
        response?: RouteValidatorFullConfigResponse;
        params?: never;
        query?: never;
        body?: never;
      };

  /** `security` is required on current main and optional (but honoured) on 8.17–9.0: always set it. */
  export interface RouteConfig<P, Q, B, Method extends RouteMethod> {
    path: string;
    validate: RouteValidator<P, Q, B> | (() => RouteValidator<P, Q, B>) | false;
    security: RouteSecurity;
    options?: RouteConfigOptions<Method>;
  }

  // request.ts
  export interface KibanaRequestRoute<Method extends RouteMethod> {
    path: string;
    method: Method;
    options: {
      access?: RouteAccess;
      tags?: readonly string[];
      xsrfRequired?: boolean;
      authRequired?: boolean | 'optional';
    };
  }
  export interface KibanaRequestEvents {
    aborted$: Observable<void>;
    completed$: Observable<void>;
  }
  export interface KibanaRequest<Params = unknown, Query = unknown, Body = unknown, Method extends RouteMethod = any> {
    readonly id: string;
    readonly uuid: string;
    readonly url: URL;
    readonly route: Readonly<KibanaRequestRoute<Method>>;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly isSystemRequest: boolean;
    readonly isFakeRequest: boolean;
    readonly isInternalApiRequest: boolean;
    readonly socket: { remoteAddress?: string };
    readonly events: KibanaRequestEvents;
    readonly auth: { isAuthenticated: boolean };
    readonly apiVersion: string | undefined;
    readonly authzResult?: Record<string, boolean>;
    readonly params: Params;
    readonly query: Query;
    readonly body: Body;
  }
  /** src/core/packages/http/server/src/router/raw_request.ts: a headers-only request (`path` is required before 9.x). */
  export interface FakeRawRequest {
    headers: Record<string, string | string[] | undefined>;
    path: string;
  }

  // response.ts / response_factory.ts
  export type ResponseHeaders = Record<string, string | string[]>;
  /** Kibana types `attributes` as `Record<string, any>` (ResponseErrorAttributes). */
  export type ResponseError = string | Error | { message: string | Error; attributes?: Record<string, any> };
  export interface HttpResponseOptions<T = unknown> {
    body?: T;
    headers?: ResponseHeaders;
    bypassErrorFormat?: boolean;
  }
  export interface CustomHttpResponseOptions<T> extends HttpResponseOptions<T> {
    statusCode: number;
  }
  export interface ErrorHttpResponseOptions {
    body?: ResponseError;
    headers?: ResponseHeaders;
  }
  export interface IKibanaResponse<T = unknown> {
    readonly status: number;
    readonly payload?: T;
    readonly options: HttpResponseOptions<T>;
  }
  export interface KibanaResponseFactory {
    ok<T = unknown>(options?: HttpResponseOptions<T>): IKibanaResponse<T>;
    created<T = unknown>(options?: HttpResponseOptions<T>): IKibanaResponse<T>;
    accepted<T = unknown>(options?: HttpResponseOptions<T>): IKibanaResponse<T>;
    noContent(options?: HttpResponseOptions): IKibanaResponse;
    redirected(options: HttpResponseOptions & { headers: ResponseHeaders & { location: string } }): IKibanaResponse;
    badRequest(options?: ErrorHttpResponseOptions): IKibanaResponse;
    unauthorized(options?: ErrorHttpResponseOptions): IKibanaResponse;
    forbidden(options?: ErrorHttpResponseOptions): IKibanaResponse;
    notFound(options?: ErrorHttpResponseOptions): IKibanaResponse;
    conflict(options?: ErrorHttpResponseOptions): IKibanaResponse;
    customError(options: ErrorHttpResponseOptions & { statusCode: number }): IKibanaResponse;
    custom<T = unknown>(options: CustomHttpResponseOptions<T>): IKibanaResponse<T>;
  }

  // request_handler.ts / request_handler_context.ts (src/core/packages/http/request-handler-context-server)
  export interface RequestHandlerContextBase {
    resolve<T extends keyof Omit<this, 'resolve'>>(parts: T[]): Promise<{ [K in T]: Awaited<this[K]> }>;
  }
  export interface CoreRequestHandlerContext {
    elasticsearch: { client: IScopedClusterClient };
    uiSettings: { client: { get<T = unknown>(key: string): Promise<T> } };
  }
  export interface RequestHandlerContext extends RequestHandlerContextBase {
    core: Promise<CoreRequestHandlerContext>;
  }
  export type CustomRequestHandlerContext<T> = RequestHandlerContext & {
    [Key in keyof T]: T[Key] extends Promise<unknown> ? T[Key] : Promise<T[Key]>;
  };
  export type RequestHandler<
    P = unknown,
    Q = unknown,
    B = unknown,
    Context extends RequestHandlerContextBase = RequestHandlerContextBase,
    Method extends RouteMethod = any,
  > = (
    context: Context,
    request: KibanaRequest<P, Q, B, Method>,
    response: KibanaResponseFactory,
  ) => IKibanaResponse<any> | Promise<IKibanaResponse<any>>;

  // router.ts
  export type RouteRegistrar<Method extends RouteMethod, Context extends RequestHandlerContextBase> = <P, Q, B>(
    route: RouteConfig<P, Q, B, Method>,
    handler: RequestHandler<P, Q, B, Context, Method>,
  ) => void;
  export interface IRouter<Context extends RequestHandlerContextBase = RequestHandlerContextBase> {
    routerPath: string;
    get: RouteRegistrar<'get', Context>;
    post: RouteRegistrar<'post', Context>;
    put: RouteRegistrar<'put', Context>;
    patch: RouteRegistrar<'patch', Context>;
    delete: RouteRegistrar<'delete', Context>;
    handleLegacyErrors: <P, Q, B>(handler: RequestHandler<P, Q, B, Context>) => RequestHandler<P, Q, B, Context>;
    versioned: VersionedRouter<Context>;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Versioned router — src/core/packages/http/server/src/versioning/types.ts (@experimental in Kibana's JSDoc)
  // Clients choose the version with the `elastic-api-version` header (browser: `http.get(path, { version })`).
  // ---------------------------------------------------------------------------------------------------------------

  export type ApiVersion = string;
  export type VersionedRouteConfig<Method extends RouteMethod> = {
    path: string;
    access: RouteAccess;
    /**
     * Required: Kibana declares it `Omit<RouteConfig, 'validate' | 'options'> & { security?: RouteSecurity }`, so it is
     * required wherever `RouteConfig.security` is, and at run time CoreVersionedRoute's constructor
     * (router-server-internal/src/versioned_router/core_versioned_route.ts @0198047a) validates it with
     * `validRouteSecurity`, whose schema needs `authz`: a versioned route without it fails at registration.
     */
    security: RouteSecurity;
    enableQueryVersion?: boolean;
    summary?: string;
    description?: string;
    options?: Pick<RouteConfigOptions<Method>, 'xsrfRequired' | 'tags' | 'body' | 'timeout'>;
  };
  export interface VersionedRouteValidation<P, Q, B> {
    request?: RouteValidatorFullConfigRequest<P, Q, B>;
    response?: RouteValidatorFullConfigResponse;
  }
  export interface AddVersionOpts<P, Q, B> {
    version: ApiVersion;
    validate: false | VersionedRouteValidation<P, Q, B> | (() => VersionedRouteValidation<P, Q, B>);
    security?: Pick<RouteSecurity, 'authz'>;
  }
  export interface VersionedRoute<
    Method extends RouteMethod = RouteMethod,
    Context extends RequestHandlerContextBase = RequestHandlerContextBase,
  > {
    addVersion<P = unknown, Q = unknown, B = unknown>(
      options: AddVersionOpts<P, Q, B>,
      handler: (...params: Parameters<RequestHandler<P, Q, B, Context>>) => IKibanaResponse | Promise<IKibanaResponse>,
    ): VersionedRoute<Method, Context>;
  }
  export type VersionedRouteRegistrar<Method extends RouteMethod, Context extends RequestHandlerContextBase> = (
    config: VersionedRouteConfig<Method>,
  ) => VersionedRoute<Method, Context>;
  export interface VersionedRouter<Context extends RequestHandlerContextBase = RequestHandlerContextBase> {
    get: VersionedRouteRegistrar<'get', Context>;
    put: VersionedRouteRegistrar<'put', Context>;
    post: VersionedRouteRegistrar<'post', Context>;
    patch: VersionedRouteRegistrar<'patch', Context>;
    delete: VersionedRouteRegistrar<'delete', Context>;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Elasticsearch — src/core/packages/elasticsearch/server/src/client/{client.ts, scoped_cluster_client.ts,
  // cluster_client.ts, client_config.ts}; src/core/packages/elasticsearch/server/src/contracts.ts
  // ---------------------------------------------------------------------------------------------------------------

  /** Kibana hands plugins the real client minus lifecycle members. Typed from @elastic/elasticsearch 8.x (8.19). */
  export type ElasticsearchClient = Omit<Client, 'connectionPool' | 'serializer' | 'extend' | 'close' | 'diagnostic'>;
  export interface IScopedClusterClient {
    /** Acts as `kibana_system`: it can NOT read `logs-*` (see facts §0.5). */
    readonly asInternalUser: ElasticsearchClient;
    readonly asCurrentUser: ElasticsearchClient;
    /** Present on later 8.x and 9.x. */
    readonly asSecondaryAuthUser?: ElasticsearchClient;
  }
  export interface IClusterClient {
    readonly asInternalUser: ElasticsearchClient;
    asScoped(request: KibanaRequest | FakeRawRequest): IScopedClusterClient;
  }
  export interface ICustomClusterClient extends IClusterClient {
    close(): Promise<void>;
  }
  /** client_config.ts: any subset may be passed to `createClient`; unset keys come from `elasticsearch.*` in kibana.yml. */
  export interface ElasticsearchClientConfig {
    hosts: string[];
    username?: string;
    password?: string;
    serviceAccountToken?: string;
    customHeaders: Record<string, string>;
    requestHeadersWhitelist: string[];
    requestTimeout?: number;
    pingTimeout?: number;
    ssl?: {
      verificationMode?: 'none' | 'certificate' | 'full';
      certificateAuthorities?: string[];
      certificate?: string;
      key?: string;
      keyPassphrase?: string;
      alwaysPresentCertificate?: boolean;
    };
    apiVersion?: string;
  }
  export interface ElasticsearchServiceSetup {
    setUnauthorizedErrorHandler?(handler: unknown): void;
  }
  export interface ElasticsearchServiceStart {
    readonly client: IClusterClient;
    createClient(type: string, clientConfig?: Partial<ElasticsearchClientConfig>): ICustomClusterClient;
    getCapabilities?(): { serverless: boolean };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Core lifecycle contracts (subset) — src/core/packages/lifecycle/server/src/{core_setup.ts, core_start.ts};
  // http: src/core/packages/http/server/src/http_contract.ts
  // ---------------------------------------------------------------------------------------------------------------

  export interface IBasePath {
    readonly serverBasePath: string;
    readonly publicBaseUrl?: string;
    get(request: KibanaRequest): string;
    prepend(path: string): string;
    remove(path: string): string;
  }
  export interface HttpServiceSetup {
    createRouter<Context extends RequestHandlerContextBase = RequestHandlerContext>(): IRouter<Context>;
    basePath: IBasePath;
    getServerInfo(): { name: string; hostname: string; port: number; protocol: 'http' | 'https' | 'socket' };
  }
  export interface HttpServiceStart {
    basePath: IBasePath;
    getServerInfo(): { name: string; hostname: string; port: number; protocol: 'http' | 'https' | 'socket' };
  }
  export interface CoreSetup<TPluginsStart extends object = object, TStart = unknown> {
    http: HttpServiceSetup;
    elasticsearch: ElasticsearchServiceSetup;
    getStartServices(): Promise<[CoreStart, TPluginsStart, TStart]>;
  }
  export interface CoreStart {
    elasticsearch: ElasticsearchServiceStart;
    http: HttpServiceStart;
  }
}
