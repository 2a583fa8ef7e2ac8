/**
 * The browser side of the dev host: a stand-in for Kibana's core bundle. It reads `<kbn-injected-metadata>` as
 * Kibana's core does, loads each UI plugin from `__kbnBundles__` (plugin_reader.ts), runs `plugin(context)`,
 * `setup` and `start` with core doubles typed by kibana-types/kbn_core_public.d.ts, and mounts the app named in
 * `/app/<id>` with a history scoped to it. React, EUI, rxjs and history come from `__kbnSharedDeps__`, like
 * everything Kibana's core renders. State for tests is exposed on `window.__kbnHost__`.
 */
import type * as ReactNs from 'react';
import type * as ReactDomNs from 'react-dom';
import type * as EuiNs from '@elastic/eui';
import type * as RxjsNs from 'rxjs';
import type * as HistoryNs from 'history';
import type {
  App,
  AppMountParameters,
  Capabilities,
  ChromeBreadcrumb,
  CoreSetup,
  CoreStart,
  CoreTheme,
  HttpFetchOptions,
  HttpFetchOptionsWithPath,
  HttpHandler,
  HttpSetup,
  IToasts,
  PluginInitializerContext,
  ScopedHistory,
  ToastInput,
} from '@kbn/core/public';

interface SharedDeps {
  React: typeof ReactNs;
  ReactDom: typeof ReactDomNs;
  ElasticEui: typeof EuiNs;
  ElasticEuiThemeBorealis?: { EuiThemeBorealis?: unknown };
  Rxjs: typeof RxjsNs;
  History: typeof HistoryNs;
}
interface InjectedMetadata {
  version: string;
  buildNumber: number;
  basePath: string;
  darkMode: boolean;
  capabilities: Capabilities;
  env: {
    mode: { name: 'development' | 'production'; dev: boolean; prod: boolean };
    packageInfo: { version: string; branch: string; buildNum: number; buildSha: string; dist: boolean };
  };
  uiPlugins: Array<{ id: string; config: Record<string, unknown> }>;
  hasRenderingAddContext: boolean;
}
interface HostState {
  /** How each Kibana render context the page rendered was reached (see render_context.tsx). */
  renderContexts: string[];
  booted: boolean;
  mountedApp?: string;
  breadcrumbs: string[];
  title: string;
  toasts: Array<{ color: string; title: string; text?: string }>;
  errors: string[];
}

const w = window as unknown as {
  __kbnSharedDeps__: SharedDeps;
  __kbnBundles__: { get(key: string): unknown; has(key: string): boolean };
  __kbnHost__: HostState;
  __kbnHostAddContext__: (
    props: Pick<CoreStart, 'i18n' | 'theme'> & { children?: ReactNs.ReactNode },
  ) => ReactNs.ReactElement;
};
const { React, ReactDom, ElasticEui, Rxjs, History } = w.__kbnSharedDeps__;
const {
  EuiProvider,
  EuiHeader,
  EuiHeaderSection,
  EuiHeaderSectionItem,
  EuiHeaderLogo,
  EuiBreadcrumbs,
  EuiGlobalToastList,
} = ElasticEui;

const state: HostState = (w.__kbnHost__ = {
  booted: false,
  renderContexts: [],
  breadcrumbs: [],
  title: '',
  toasts: [],
  errors: [],
});

function readMetadata(): InjectedMetadata {
  const el = document.querySelector('kbn-injected-metadata');
  if (!el) throw new Error('kbn-injected-metadata is missing from the page');
  return JSON.parse(el.getAttribute('data')!);
}

// --- http (src/core/packages/http/browser-internal/src/fetch.ts) ---------------------------------------------------
class HttpFetchError extends Error {
  public override readonly name = 'HttpFetchError';
  constructor(
    message: string,
    public readonly request: Request,
    public readonly response?: Response,
    public readonly body?: unknown,
  ) {
    super(message);
  }
}

function createHttp(md: InjectedMetadata): HttpSetup {
  const basePath = {
    serverBasePath: md.basePath,
    get: () => md.basePath,
    prepend: (url: string) =>
      url.startsWith('/') && !url.startsWith(`${md.basePath}/`) ? `${md.basePath}${url}` : url,
    remove: (url: string) => (md.basePath && url.startsWith(md.basePath) ? url.slice(md.basePath.length) || '/' : url),
  };
  const fetchFn = async (
    pathOrOptions: string | HttpFetchOptionsWithPath,
    maybeOptions: HttpFetchOptions = {},
    method?: string,
  ) => {
    const options: HttpFetchOptionsWithPath =
      typeof pathOrOptions === 'string' ? { ...maybeOptions, path: pathOrOptions } : pathOrOptions;
    const url = new URL(
      options.prependBasePath === false ? options.path : basePath.prepend(options.path),
      window.location.origin,
    );
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const v of [value].flat()) url.searchParams.append(key, String(v));
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ...(options.headers ?? {}),
      'kbn-version': md.version,
      'kbn-build-number': String(md.buildNumber),
      'x-elastic-internal-origin': 'Kibana',
    };
    if (options.version) headers['elastic-api-version'] = options.version;
    if (options.asSystemRequest) headers['kbn-system-request'] = 'true';
    const request = new Request(url.toString(), {
      method: method ?? options.method ?? 'GET',
      headers,
      body: options.body ?? undefined,
      signal: options.signal ?? undefined,
      credentials: 'same-origin',
    });
    let response: Response;
    try {
      response = await window.fetch(request);
    } catch (e) {
      throw new HttpFetchError((e as Error).message, request);
    }
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    const body = contentType.includes('json') && text ? JSON.parse(text) : text || undefined;
    if (!response.ok) {
      const message = (body as { message?: string } | undefined)?.message ?? response.statusText;
      throw new HttpFetchError(message, request, response, body);
    }
    return options.asResponse ? { fetchOptions: options, request, response, body } : body;
  };
  const handler = (method?: string): HttpHandler =>
    ((p: string | HttpFetchOptionsWithPath, o?: HttpFetchOptions) => fetchFn(p, o, method)) as HttpHandler;
  return {
    basePath,
    fetch: handler(),
    get: handler('GET'),
    post: handler('POST'),
    put: handler('PUT'),
    patch: handler('PATCH'),
    delete: handler('DELETE'),
    head: handler('HEAD'),
    options: handler('OPTIONS'),
  };
}

// --- ScopedHistory (src/core/packages/application/browser-internal/src/scoped_history.ts) -------------------------
class HostScopedHistory implements ScopedHistory {
  constructor(
    private readonly parent: HistoryNs.History,
    private readonly basePath: string,
  ) {}
  private strip(pathname: string) {
    return pathname.startsWith(this.basePath) ? pathname.slice(this.basePath.length) || '/' : pathname;
  }
  private prefix(path: string) {
    return `${this.basePath}${path.startsWith('/') ? '' : '/'}${path}`.replace(/\/$/, '') || '/';
  }
  public get location() {
    const l = this.parent.location;
    return { ...l, pathname: this.strip(l.pathname) };
  }
  public get length() {
    return this.parent.length;
  }
  public get action() {
    return this.parent.action;
  }
  public push = (path: string, s?: unknown) => this.parent.push(this.prefix(path), s);
  public replace = (path: string, s?: unknown) => this.parent.replace(this.prefix(path), s);
  public go = (n: number) => this.parent.go(n);
  public goBack = () => this.parent.goBack();
  public goForward = () => this.parent.goForward();
  public block = () => () => {};
  public listen = (listener: (location: { pathname: string; search: string; hash: string }, action?: string) => void) =>
    this.parent.listen((l, action) => {
      if (l.pathname.startsWith(this.basePath)) listener({ ...l, pathname: this.strip(l.pathname) }, action);
    });
  public createHref = (l: { pathname?: string; search?: string; hash?: string }) =>
    this.parent.createHref({ pathname: this.prefix(l.pathname ?? '/'), search: l.search, hash: l.hash });
  public createSubHistory = (base: string) => new HostScopedHistory(this.parent, this.prefix(base));
}

// --- chrome, toasts, theme ------------------------------------------------------------------------------------------
const chrome$ = new Rxjs.BehaviorSubject<{
  breadcrumbs: ChromeBreadcrumb[];
  toasts: Array<EuiNs.EuiGlobalToastListToast>;
}>({
  breadcrumbs: [],
  toasts: [],
});
let toastId = 0;
function toast(color: 'success' | 'warning' | 'danger', input: ToastInput, text?: string) {
  const t = typeof input === 'string' ? { title: input } : input;
  const entry = {
    id: `toast-${++toastId}`,
    color,
    title: t.title ?? '',
    text: t.text ?? text,
    toastLifeTimeMs: t.toastLifeTimeMs ?? 10_000,
  };
  state.toasts.push({ color, title: entry.title, text: entry.text });
  chrome$.next({ ...chrome$.value, toasts: [...chrome$.value.toasts, entry] });
  return entry;
}
const toasts: IToasts = {
  addSuccess: (t) => toast('success', t),
  addWarning: (t) => toast('warning', t),
  addDanger: (t) => toast('danger', t),
  addError: (error, { title, toastMessage }) => toast('danger', { title }, toastMessage ?? error.message),
};

function Chrome({ darkMode, children }: { darkMode: boolean; children?: ReactNs.ReactNode }) {
  const [chromeState, setChromeState] = React.useState(chrome$.value);
  React.useEffect(() => {
    const sub = chrome$.subscribe(setChromeState);
    return () => sub.unsubscribe();
  }, []);
  const theme = w.__kbnSharedDeps__.ElasticEuiThemeBorealis
    ?.EuiThemeBorealis as EuiNs.EuiProviderProps<unknown>['theme'];
  return (
    <EuiProvider colorMode={darkMode ? 'dark' : 'light'} {...(theme ? { theme } : {})}>
      <EuiHeader position="fixed" data-test-subj="headerGlobalNav">
        <EuiHeaderSection>
          <EuiHeaderSectionItem>
            <EuiHeaderLogo iconType="logoElastic">Elastic (dev host)</EuiHeaderLogo>
          </EuiHeaderSectionItem>
          <EuiHeaderSectionItem>
            <EuiBreadcrumbs
              data-test-subj="breadcrumbs"
              breadcrumbs={chromeState.breadcrumbs.map((b) => ({ ...b, text: b.text as string }))}
              max={6}
            />
          </EuiHeaderSectionItem>
        </EuiHeaderSection>
      </EuiHeader>
      {children}
      <EuiGlobalToastList
        toasts={chromeState.toasts}
        dismissToast={(t) =>
          chrome$.next({ ...chrome$.value, toasts: chrome$.value.toasts.filter((x) => x.id !== t.id) })
        }
        toastLifeTimeMs={10_000}
      />
    </EuiProvider>
  );
}

// --- boot -----------------------------------------------------------------------------------------------------------
async function boot() {
  const md = readMetadata();
  const http = createHttp(md);
  const theme: CoreTheme = { darkMode: md.darkMode, name: 'borealis' };
  const theme$ = new Rxjs.BehaviorSubject(theme);
  const apps = new Map<string, App<unknown>>();
  const parentHistory = History.createBrowserHistory({ basename: md.basePath });
  const appUrl = (appId: string, path = '') =>
    `${md.basePath}/app/${appId}${path && !path.startsWith('/') ? '/' : ''}${path}`;

  let resolveStart!: (value: [CoreStart, object, unknown]) => void;
  const startServices = new Promise<[CoreStart, object, unknown]>((r) => (resolveStart = r));

  const coreSetup: CoreSetup = {
    application: {
      register: (app) => {
        if (apps.has(app.id)) throw new Error(`An application is already registered with the id "${app.id}"`);
        if (!/^[A-Za-z0-9:_-]+$/.test(app.id)) throw new Error(`Invalid application id: ${app.id}`);
        apps.set(app.id, app as App<unknown>);
      },
    },
    http,
    getStartServices: () => startServices as Promise<[CoreStart, object, unknown]>,
  };
  const i18nContext: CoreStart['i18n']['Context'] = ({ children }) => <>{children}</>;
  const coreStart: CoreStart & { uiSettings: { get<T>(key: string): T } } = {
    application: {
      capabilities: md.capabilities,
      navigateToApp: async (appId, options) => {
        parentHistory.push(
          `/app/${appId}${options?.path ? `/${options.path.replace(/^\//, '')}` : ''}`,
          options?.state,
        );
      },
      getUrlForApp: (appId, options) =>
        (options?.absolute ? window.location.origin : '') + appUrl(appId, options?.path),
    },
    http,
    notifications: { toasts },
    chrome: {
      setBreadcrumbs: (crumbs) => {
        state.breadcrumbs = crumbs.map((c) => String(c.text));
        chrome$.next({ ...chrome$.value, breadcrumbs: crumbs });
      },
      docTitle: {
        // Kibana appends " - Elastic" to the joined parts (chrome/browser-internal/src/doc_title).
        change: (title) => {
          document.title = [...[title].flat(), 'Elastic'].join(' - ');
          state.title = document.title;
        },
        reset: () => {
          document.title = 'Elastic';
          state.title = document.title;
        },
      },
    },
    theme: { theme$: theme$.asObservable(), getTheme: () => theme$.value },
    i18n: { Context: i18nContext },
    uiSettings: { get: <T,>(key: string) => (key === 'theme:darkMode' ? md.darkMode : undefined) as T },
    ...(md.hasRenderingAddContext
      ? {
          rendering: {
            // rendering_service.ts: the element inside KibanaRenderContextProvider with core's i18n and theme.
            addContext: (element: ReactNs.ReactNode) => {
              const Provider = w.__kbnHostAddContext__;
              return (
                <Provider i18n={coreStart.i18n} theme={coreStart.theme}>
                  {element}
                </Provider>
              );
            },
          },
        }
      : {}),
  };

  // Core's chrome and the element the app mounts into (Kibana's AppContainer renders one per app).
  const root = document.getElementById('kibana-body')!;
  const appElement = document.createElement('div');
  appElement.className = 'kbnAppWrapper';
  ReactDom.render(
    <Chrome darkMode={md.darkMode}>
      <main style={{ paddingTop: 48 }} ref={(el) => el && !appElement.parentElement && el.appendChild(appElement)} />
    </Chrome>,
    root,
  );

  // Plugins: read, initialise, setup, start (plugins_service.ts / plugin_reader.ts).
  const plugins = md.uiPlugins.map(({ id, config }) => {
    const module = w.__kbnBundles__.get(`plugin/${id}/public`) as { plugin?: unknown };
    if (typeof module?.plugin !== 'function') throw new Error(`Definition of plugin "${id}" should be a function.`);
    const context: PluginInitializerContext = {
      opaqueId: Symbol(id),
      env: md.env,
      config: { get: <T,>() => config as T },
    };
    return {
      id,
      instance: (
        module.plugin as (c: PluginInitializerContext) => {
          setup: (core: CoreSetup, deps: object) => unknown;
          start: (core: CoreStart, deps: object) => unknown;
        }
      )(context),
    };
  });
  for (const p of plugins) p.instance.setup(coreSetup, {});
  const startContracts = plugins.map((p) => p.instance.start(coreStart, {}));
  resolveStart([coreStart, {}, startContracts[0]]);

  // Mount the app named by the URL (application_service: /app/<id>/<rest>).
  const match = /^\/app\/([^/]+)/.exec(parentHistory.location.pathname);
  const app = match && apps.get(match[1]);
  if (!app) {
    appElement.textContent = match ? `Application Not Found: ${match[1]}` : 'No application in the URL';
    state.booted = true;
    return;
  }
  const params: AppMountParameters = {
    element: appElement,
    history: new HostScopedHistory(parentHistory, `/app/${app.id}`),
    appBasePath: appUrl(app.id),
    onAppLeave: () => {},
    setHeaderActionMenu: () => {},
    theme$: theme$.asObservable(),
  };
  appElement.setAttribute('data-test-subj', `appContainer-${app.id}`);
  const unmount = await app.mount(params);
  state.mountedApp = app.id;
  state.booted = true;
  window.addEventListener('beforeunload', () => unmount());
}

function bootstrap() {
  return boot().catch((e: Error) => {
    state.errors.push(e.stack ?? e.message);
    state.booted = true;
    const pre = document.createElement('pre');
    pre.setAttribute('data-test-subj', 'kbnHostFatalError');
    pre.textContent = `Kibana dev host failed to start the plugin:\n${e.stack ?? e.message}`;
    document.body.appendChild(pre);
    throw e;
  });
}

// Like Kibana's core entry: registered as a bundle and started by the page once every bundle has loaded.
(
  window as unknown as { __kbnBundles__: { define(k: string, r: () => unknown, m: string): void } }
).__kbnBundles__.define('entry/core/public', () => ({ __kbnBootstrap__: bootstrap }), 'entry/core/public');
