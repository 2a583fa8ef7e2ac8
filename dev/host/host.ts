/**
 * The dev-only Kibana plugin host: loads the BUILT zip the way Kibana does and serves it over real HTTP, so the demo
 * and the end-to-end tests exercise exactly what users install. It never ships in the zip.
 *
 * Server side (core's plugins_service / PluginWrapper): extract the zip, parse kibana.json, `require(server)`,
 * validate the plugin's config section with its `config.schema`, await `plugin(initializerContext)`, then call
 * `setup(coreSetup, { taskManager, features })` and `start(coreStart, { taskManager, features })` synchronously.
 * Browser side: a page at `<basePath>/app/<id>` that defines `__kbnSharedDeps__`, loads the plugin bundle from
 * `<basePath>/<buildNum>/bundles/plugin/<id>/<version>/<id>.plugin.js`, runs its setup/start and mounts the app.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type {
  CoreSetup,
  CoreStart,
  IBasePath,
  KibanaRequest,
  LogLevelId,
  Plugin,
  PluginConfigDescriptor,
  PluginInitializerContext,
  RequestHandlerContext,
} from '@kbn/core/server';
import { BehaviorSubject } from 'rxjs';
import { AlertingHost } from './alerting';
import { buildBrowserAssets, renderPage } from './browser_assets';
import { loadSettings, pickExposedToBrowser, readPath, validatePluginConfig } from './config';
import { ElasticsearchHost, elasticsearchHostConfig } from './elasticsearch';
import { FeaturesHost, type FeaturePrivilegeLevel } from './features';
import { createLoggerFactory } from './logger';
import { compareVersions, extractPluginZip, findBuiltZip, parseManifest, type PluginManifest } from './plugin_package';
import { HttpRouterHost, send } from './router';
import { getRequestBasePath, securityPluginStart, spacesPluginStart, splitSpacePath } from './spaces_security';
import { TaskManagerHost } from './task_manager';
import { waitForElasticsearch } from './wait_for_elasticsearch';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const BUILD_NUMBER = 90001;
/** The plugins this host always provides, by Kibana plugin id; `spaces` and `security` unless turned off. */
const CORE_PLUGINS = ['taskManager', 'features'];

export interface PluginHostOptions {
  esUrl: string;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  /** Kibana's `server.basePath`, e.g. '/kbn' (no trailing slash). */
  basePath?: string;
  /** Which zip (by Kibana version) to load; default the newest in build/. */
  kibanaVersion?: string;
  buildDir?: string;
  /** kibana.yml-like settings; default from KIBANA_HOST_CONFIG / KIBANA_HOST_CONFIG_JSON. */
  settings?: Record<string, unknown>;
  /**
   * The `spaces` and `security` plugins, both on as in a default Kibana: `/s/<space>/…` URLs and a current user.
   * Turn one off to see the plugin without it (as with `xpack.spaces.enabled: false`).
   */
  plugins?: { spaces?: boolean; security?: boolean; alerting?: boolean };
  /** The current user's name (security's `authc.getCurrentUser`); default `analyst`. */
  username?: string;
  /** The host user's role on every registered feature; 'superuser' bypasses authz checks. */
  privilege?: FeaturePrivilegeLevel | 'superuser';
  darkMode?: boolean;
  logLevel?: LogLevelId;
  taskPollIntervalMs?: number;
  devMode?: boolean;
  /**
   * Serve the page as a Kibana before 8.18 does: neither `rendering.addContext` (9.1+) nor the render-context shared
   * deps (8.18+/9.0+), so the plugin takes its own fallback provider.
   */
  withoutRenderContext?: boolean;
  log?: (line: string) => void;
}

export interface PluginHost {
  /** http://127.0.0.1:<port><basePath> */
  baseUrl: string;
  appUrl: string;
  manifest: PluginManifest;
  kibanaVersion: string;
  zipPath: string;
  taskManager: TaskManagerHost;
  /** The alerting plugin (rule types, rules, their executions and actions); undefined when turned off. */
  alerting?: AlertingHost;
  router: HttpRouterHost;
  stop(): Promise<void>;
}

export async function startPluginHost(options: PluginHostOptions): Promise<PluginHost> {
  const write = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const loggerFactory = createLoggerFactory(options.logLevel ?? 'info', write);
  const hostLog = loggerFactory.get('dev-host');
  const basePath = (options.basePath ?? '').replace(/\/$/, '');
  const settings = options.settings ?? loadSettings();

  const { zipPath, kibanaVersion: zipVersion } = findBuiltZip(
    options.buildDir ?? path.join(REPO_ROOT, 'build'),
    options.kibanaVersion,
  );
  const kibanaVersion = options.kibanaVersion ?? zipVersion;
  const { pluginDir, root: extractRoot } = await extractPluginZip(zipPath);
  hostLog.info(`Loading ${path.relative(REPO_ROOT, zipPath)} as Kibana ${kibanaVersion} (extracted to ${pluginDir})`);

  const manifestPath = path.join(pluginDir, 'kibana.json');
  const manifest = parseManifest(fs.readFileSync(manifestPath, 'utf8'), manifestPath, kibanaVersion);
  const spacesEnabled = options.plugins?.spaces ?? true;
  const securityEnabled = options.plugins?.security ?? true;
  const alertingEnabled = options.plugins?.alerting ?? true;
  const PROVIDED_PLUGINS = [
    ...CORE_PLUGINS,
    ...(alertingEnabled ? ['alerting'] : []),
    ...(spacesEnabled ? ['spaces'] : []),
    ...(securityEnabled ? ['security'] : []),
  ];
  const missing = manifest.requiredPlugins.filter((p) => !PROVIDED_PLUGINS.includes(p));
  if (missing.length) {
    throw new Error(
      `Plugin "${manifest.id}" has unmet required dependencies: [${missing.join(', ')}] (the host provides ${PROVIDED_PLUGINS.join(', ')})`,
    );
  }
  const configPath = [manifest.configPath].flat()[0];
  const atLeast = (v: string) => compareVersions(kibanaVersion, v) >= 0;
  const devMode = options.devMode ?? false;
  // Kibana's env as both the server initializer context and the browser's injected metadata report it.
  const mode = { name: devMode ? ('development' as const) : ('production' as const), dev: devMode, prod: !devMode };
  const packageInfo = {
    version: kibanaVersion,
    branch: kibanaVersion.split('.').slice(0, 2).join('.'),
    buildNum: BUILD_NUMBER,
    buildSha: 'dev-host',
    dist: !devMode,
    buildFlavor: 'traditional' as const,
  };

  // --- server plugin --------------------------------------------------------------------------------------------
  const serverModule = manifest.server
    ? (require(path.join(pluginDir, 'server')) as { plugin?: unknown; config?: PluginConfigDescriptor })
    : undefined;
  if (serverModule && typeof serverModule.plugin !== 'function') {
    throw new Error(`Plugin "${manifest.id}" does not export "plugin" definition (${pluginDir}).`);
  }
  if (readPath(settings, `${configPath}.enabled`) === false)
    throw new Error(`Plugin "${manifest.id}" is disabled by ${configPath}.enabled: false`);
  const pluginConfig = validatePluginConfig(serverModule?.config, configPath, settings, {
    dist: !devMode,
    dev: devMode,
    prod: !devMode,
    version: kibanaVersion,
  });
  const browserConfig = pickExposedToBrowser(
    pluginConfig,
    serverModule?.config?.exposeToBrowser as Record<string, unknown> | undefined,
  );

  // kibana.yml `elasticsearch.*` (credentials Kibana itself uses: username/password or serviceAccountToken).
  const esConfig = elasticsearchHostConfig(
    options.esUrl,
    readPath(settings, 'elasticsearch') as Record<string, unknown> | undefined,
  );
  const es = new ElasticsearchHost(esConfig);
  const features = new FeaturesHost();
  const taskManager = new TaskManagerHost({
    logger: loggerFactory.get('plugins', 'taskManager'),
    pollIntervalMs: options.taskPollIntervalMs ?? 3000,
    runContextAbort: atLeast('9.2.0'),
  });
  const alertingWanted =
    alertingEnabled && (manifest.requiredPlugins.includes('alerting') || manifest.optionalPlugins.includes('alerting'));
  const alerting = alertingWanted
    ? new AlertingHost({
        logger: loggerFactory.get('plugins', 'alerting'),
        esClient: () => es.client.asScoped({ headers: {}, path: '/' }).asCurrentUser,
        maxAlerts: readPath(settings, 'xpack.alerting.rules.run.alerts.max') as number | undefined,
        minimumScheduleInterval: readPath(settings, 'xpack.alerting.rules.minimumScheduleInterval') as
          { value: string; enforce: boolean } | undefined,
      })
    : undefined;
  const privilege = options.privilege ?? 'all';
  const router = new HttpRouterHost({
    kibanaVersion,
    restrictInternalApis:
      (readPath(settings, 'server.restrictInternalApis') as boolean | undefined) ?? atLeast('9.0.0'),
    devMode,
    userPrivileges: () => (privilege === 'superuser' ? null : features.apiPrivileges(privilege)),
    createContext: (request: KibanaRequest) => {
      const core = Promise.resolve({
        elasticsearch: { client: es.client.asScoped(request) },
        uiSettings: {
          client: {
            get: async <T>(key: string) => (key === 'theme:darkMode' ? Boolean(options.darkMode) : undefined) as T,
          },
        },
      });
      const context: RequestHandlerContext = {
        core,
        resolve: (async (parts: string[]) =>
          parts.includes('core') ? { core: await core } : {}) as RequestHandlerContext['resolve'],
      };
      return context;
    },
    logger: loggerFactory.get('http', 'server'),
  });

  let serverInfo = {
    name: 'kibana-dev-host',
    hostname: options.hostname ?? '127.0.0.1',
    port: options.port,
    protocol: 'http' as const,
  };
  const serverBasePath: IBasePath = {
    serverBasePath: basePath,
    get: (request) => getRequestBasePath(request, basePath),
    prepend: (p) => (p.startsWith('/') ? `${basePath}${p}` : p),
    remove: (p) => (basePath && p.startsWith(basePath) ? p.slice(basePath.length) || '/' : p),
  };

  let instance: Plugin<unknown, unknown, object, object> | undefined;
  if (serverModule) {
    const initializerContext: PluginInitializerContext = {
      opaqueId: Symbol(manifest.id),
      env: {
        mode,
        packageInfo,
        instanceUuid: randomUUID(),
        configs: [],
        airgapped: false,
      },
      node: { roles: { backgroundTasks: true, ui: true, migrator: false } },
      logger: { get: (...parts: string[]) => loggerFactory.get('plugins', manifest.id, ...parts) },
      config: {
        create: <T>() => new BehaviorSubject(pluginConfig as T).asObservable(),
        get: <T>() => pluginConfig as T,
      },
    };
    instance = (await (serverModule.plugin as (ctx: PluginInitializerContext) => unknown)(
      initializerContext,
    )) as typeof instance;
    if (!instance || typeof instance.setup !== 'function' || typeof instance.start !== 'function') {
      throw new Error(`Instance of plugin "${manifest.id}" does not define "setup" or "start" function.`);
    }
  }

  let resolveStart!: (v: [CoreStart, object, unknown]) => void;
  const startServices = new Promise<[CoreStart, object, unknown]>((r) => (resolveStart = r));
  const coreSetup: CoreSetup = {
    http: { createRouter: () => router.createRouter(), basePath: serverBasePath, getServerInfo: () => serverInfo },
    elasticsearch: { setUnauthorizedErrorHandler: () => {} },
    getStartServices: () => startServices,
  };
  const coreStart: CoreStart = {
    elasticsearch: {
      client: es.client,
      createClient: (type, cfg) => es.createClient(type, cfg),
      getCapabilities: () => ({ serverless: false }),
    },
    http: { basePath: serverBasePath, getServerInfo: () => serverInfo },
  };
  const assertSync = (phase: string, result: unknown) => {
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      throw new Error(
        `Plugin ${manifest.id} is using asynchronous ${phase} lifecycle. Asynchronous plugins support was removed in 8.0.0.`,
      );
    }
    return result;
  };
  const optional = Object.fromEntries(manifest.optionalPlugins.map((p) => [p, undefined]));
  const setupContract = instance
    ? assertSync(
        'setup',
        instance.setup(coreSetup, {
          ...optional,
          taskManager: taskManager.setupContract(),
          features: features.setupContract(),
          ...(alerting ? { alerting: alerting.setupContract(taskManager.setupContract()) } : {}),
        }),
      )
    : undefined;
  features.lock();
  // Kibana resolves getStartServices() with the same plugin start contracts start() receives.
  const wanted = (id: string) => manifest.requiredPlugins.includes(id) || manifest.optionalPlugins.includes(id);
  const pluginsStart = {
    ...optional,
    ...(spacesEnabled && wanted('spaces') ? { spaces: spacesPluginStart(basePath) } : {}),
    ...(securityEnabled && wanted('security') ? { security: securityPluginStart(options.username ?? 'analyst') } : {}),
    taskManager: taskManager.startContract(),
    features: { getKibanaFeatures: () => features.list() },
    ...(alerting ? { alerting: { listTypes: () => alerting.listTypes() } } : {}),
  };
  alerting?.start(pluginsStart.taskManager);
  // Core's elasticsearch.start() waits for the nodes (not the cluster health) before any plugin starts.
  await waitForElasticsearch(esConfig.hosts[0], kibanaVersion, { log: (line) => hostLog.info(line) });
  const startContract = instance ? assertSync('start', instance.start(coreStart, pluginsStart)) : undefined;
  resolveStart([coreStart, pluginsStart, startContract]);
  void setupContract;
  taskManager.start();

  // --- browser side ---------------------------------------------------------------------------------------------
  const assets = await buildBrowserAssets();
  const bundlesBase = `${basePath}/${BUILD_NUMBER}/bundles`;
  const pluginBundleDir = `${bundlesBase}/plugin/${manifest.id}/${manifest.version}/`;
  const pluginBundleFile = path.join(pluginDir, 'target', 'public', `${manifest.id}.plugin.js`);
  if (manifest.ui && !fs.existsSync(pluginBundleFile))
    throw new Error(`The zip has no target/public/${manifest.id}.plugin.js`);
  const staticFiles = new Map<string, string>([
    [`${bundlesBase}/kbn-ui-shared-deps-npm/kbn-ui-shared-deps-npm.dll.js`, assets.sharedDepsJs],
    [`${bundlesBase}/core/core.entry.js`, assets.coreJs],
    [`${pluginBundleDir}${manifest.id}.plugin.js`, pluginBundleFile],
  ]);
  const capabilities = privilege === 'superuser' ? features.capabilities('all') : features.capabilities(privilege);
  // Kibana's `server.prototypeHardening`: default true from 9.3 (elastic/kibana PR #239156), false before.
  const hardening = readPath(settings, 'server.prototypeHardening');
  // Kibana renders the app page per request: its base path carries the space (`/s/<space>`), as the browser's
  // `http.basePath` does; bundles stay under the server base path.
  const pages = new Map<string, string>();
  const pageFor = (requestBasePath: string) => {
    if (!pages.has(requestBasePath)) pages.set(requestBasePath, renderAppPage(requestBasePath));
    return pages.get(requestBasePath)!;
  };
  const renderAppPage = (requestBasePath: string) =>
    renderPage({
      darkMode: Boolean(options.darkMode),
      hardenPrototypes: typeof hardening === 'boolean' ? hardening : atLeast('9.3.0'),
      publicPaths: { [manifest.id]: pluginBundleDir },
      scripts: [...staticFiles.keys()],
      metadata: {
        version: kibanaVersion,
        buildNumber: BUILD_NUMBER,
        basePath: requestBasePath,
        darkMode: Boolean(options.darkMode),
        capabilities,
        env: {
          mode,
          packageInfo,
        },
        uiPlugins: manifest.ui ? [{ id: manifest.id, config: browserConfig }] : [],
        hasRenderingAddContext: atLeast('9.1.0') && !options.withoutRenderContext,
        hasRenderContextSharedDeps: atLeast('8.18.0') && !options.withoutRenderContext,
      },
    });

  // --- HTTP -----------------------------------------------------------------------------------------------------
  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    } catch {
      // A Host header (or target) that makes no URL: Hapi answers 400. Thrown here, outside any handler, it ended the
      // host process: one request stopped every route.
      return send(res, 400, { statusCode: 400, error: 'Bad Request', message: 'Invalid request url' });
    }
    const notFound = () => send(res, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
    void (async () => {
      if (basePath && !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
        if (url.pathname === '/') return send(res, 302, undefined, { location: `${basePath}/app/${manifest.id}` });
        return notFound();
      }
      const file = staticFiles.get(url.pathname);
      if (file && req.method === 'GET') {
        return send(res, 200, fs.readFileSync(file), {
          'content-type': 'application/javascript; charset=utf-8',
          'cache-control': 'no-cache',
        });
      }
      // The spaces plugin's onPreRouting rewrite: `/s/<space>/rest` is served as `/rest` in that space.
      const { spacePrefix, pathname } = spacesEnabled
        ? splitSpacePath(url.pathname.slice(basePath.length) || '/')
        : { spacePrefix: '', pathname: url.pathname.slice(basePath.length) || '/' };
      const requestBasePath = `${basePath}${spacePrefix}`;
      if (pathname === '/' || pathname === '/app' || pathname === '/app/') {
        return send(res, 302, undefined, { location: `${requestBasePath}/app/${manifest.id}` });
      }
      if (req.method === 'GET' && /^\/app\/[^/]+/.test(pathname))
        return send(res, 200, pageFor(requestBasePath), { 'content-security-policy': "frame-ancestors 'self'" });
      if (req.method === 'GET' && pathname === '/api/status') {
        return send(res, 200, {
          name: serverInfo.name,
          version: { number: kibanaVersion, build_number: BUILD_NUMBER },
          status: { overall: { level: 'available' } },
        });
      }
      const routed = new URL(url);
      routed.pathname = `${basePath}${pathname}`;
      if (await router.handle(req, res, pathname, spacePrefix ? routed : url, requestBasePath)) return;
      return notFound();
    })().catch((e) => {
      hostLog.error(e as Error);
      if (!res.headersSent)
        send(res, 500, {
          statusCode: 500,
          error: 'Internal Server Error',
          message: 'An internal server error occurred.',
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  serverInfo = { ...serverInfo, port };
  const baseUrl = `http://${serverInfo.hostname}:${port}${basePath}`;
  for (const r of router.listRoutes())
    hostLog.debug(
      `route ${r.method.toUpperCase()} ${r.path} (${r.access}${r.versions ? `, versions ${r.versions.join(',')}` : ''})`,
    );

  let stopped = false;
  return {
    baseUrl,
    appUrl: `${baseUrl}/app/${manifest.id}`,
    manifest,
    kibanaVersion,
    zipPath,
    taskManager,
    alerting,
    router,
    async stop() {
      if (stopped) return;
      stopped = true;
      taskManager.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await instance?.stop?.();
      await es.close();
      fs.rmSync(extractRoot, { recursive: true, force: true });
    },
  };
}
