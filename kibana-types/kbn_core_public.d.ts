/**
 * The part of Kibana's browser core API (`@kbn/core/public`) this plugin uses. Types only: core is not a shared
 * dependency, Kibana hands the real services to the plugin's setup/start.
 *
 * Mirrors elastic/kibana (9.x layout; 8.19 has the same shapes under `packages/core/...`); each block names its
 * source. Members that only exist on some target versions are optional (e.g. `rendering`), so code must check them.
 */
declare module '@kbn/core/public' {
  import type { ReactElement, ReactNode, FC, PropsWithChildren } from 'react';
  import type { Observable } from 'rxjs';

  // ---------------------------------------------------------------------------------------------------------------
  // Plugin — src/core/packages/plugins/browser/src/{plugin.ts, plugin_initializer.ts}
  // ---------------------------------------------------------------------------------------------------------------

  export interface Plugin<
    TSetup = void,
    TStart = void,
    TPluginsSetup extends object = object,
    TPluginsStart extends object = object,
  > {
    setup(core: CoreSetup<TPluginsStart, TStart>, plugins: TPluginsSetup): TSetup;
    start(core: CoreStart, plugins: TPluginsStart): TStart;
    stop?(): void;
  }
  /** Synchronous in the browser (unlike the server). */
  export type PluginInitializer<
    TSetup = void,
    TStart = void,
    TPluginsSetup extends object = object,
    TPluginsStart extends object = object,
  > = (core: PluginInitializerContext) => Plugin<TSetup, TStart, TPluginsSetup, TPluginsStart>;
  export interface PluginInitializerContext<ConfigSchema extends object = object> {
    readonly opaqueId: symbol;
    readonly env: {
      mode: Readonly<{ name: 'development' | 'production'; dev: boolean; prod: boolean }>;
      packageInfo: Readonly<{ version: string; branch: string; buildNum: number; buildSha: string; dist: boolean }>;
    };
    /** Values the server's config descriptor lists in `exposeToBrowser`. */
    readonly config: { get<T extends object = ConfigSchema>(): T };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Applications — src/core/packages/application/browser/src/{application.ts, app_mount.ts, contracts.ts,
  // capabilities.ts}; src/core/packages/application/common/src/app_category.ts
  // ---------------------------------------------------------------------------------------------------------------

  export interface AppCategory {
    id: string;
    label: string;
    ariaLabel?: string;
    order?: number;
    euiIconType?: string;
  }
  /** history's ScopedHistory (a `History` confined to the app's base path); only what the app needs. */
  export interface ScopedHistory<HistoryLocationState = unknown> {
    readonly location: { pathname: string; search: string; hash: string; state?: HistoryLocationState };
    push(path: string, state?: HistoryLocationState): void;
    replace(path: string, state?: HistoryLocationState): void;
    listen(listener: (location: { pathname: string; search: string; hash: string }) => void): () => void;
    createHref(location: { pathname?: string; search?: string; hash?: string }): string;
  }
  export interface CoreTheme {
    darkMode: boolean;
    name?: string;
  }
  export interface AppMountParameters<HistoryLocationState = unknown> {
    element: HTMLElement;
    history: ScopedHistory<HistoryLocationState>;
    /** @deprecated in Kibana; use `history`. */
    appBasePath: string;
    onAppLeave(handler: (actions: { default(): unknown }, nextAppId?: string) => unknown): void;
    setHeaderActionMenu(menuMount: ((element: HTMLElement) => () => void) | undefined): void;
    theme$: Observable<CoreTheme>;
  }
  /** Must be synchronous. */
  export type AppUnmount = () => void;
  export type AppMount<HistoryLocationState = unknown> = (
    params: AppMountParameters<HistoryLocationState>,
  ) => AppUnmount | Promise<AppUnmount>;
  export interface App<HistoryLocationState = unknown> {
    /** [A-Za-z0-9-:_]; the route is /app/<id>. */
    id: string;
    title: string;
    category?: AppCategory;
    order?: number;
    euiIconType?: string;
    tooltip?: string;
    defaultPath?: string;
    keywords?: string[];
    mount: AppMount<HistoryLocationState>;
  }
  export interface Capabilities {
    navLinks: Record<string, boolean>;
    management: Record<string, Record<string, boolean>>;
    catalogue: Record<string, boolean>;
    [featureId: string]: Record<string, boolean | Record<string, boolean>>;
  }
  export interface ApplicationSetup {
    register<HistoryLocationState = unknown>(app: App<HistoryLocationState>): void;
  }
  export interface ApplicationStart {
    capabilities: Readonly<Capabilities>;
    navigateToApp(appId: string, options?: { path?: string; state?: unknown; replace?: boolean }): Promise<void>;
    getUrlForApp(appId: string, options?: { path?: string; absolute?: boolean }): string;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // HTTP — src/core/packages/http/browser/src/types.ts
  // ---------------------------------------------------------------------------------------------------------------

  export interface HttpFetchQuery {
    [key: string]:
      string | number | boolean | string[] | number[] | boolean[] | undefined | null | Array<string | number | boolean>;
  }
  export interface HttpFetchOptions {
    query?: HttpFetchQuery;
    /** JSON.stringify it yourself. */
    body?: BodyInit | null;
    headers?: Record<string, string>;
    method?: string;
    signal?: AbortSignal | null;
    prependBasePath?: boolean;
    asSystemRequest?: boolean;
    asResponse?: boolean;
    /** Sent as the `elastic-api-version` header for versioned routes. */
    version?: string;
  }
  export interface HttpFetchOptionsWithPath extends HttpFetchOptions {
    path: string;
  }
  export interface HttpHandler {
    <TResponseBody = unknown>(path: string, options?: HttpFetchOptions): Promise<TResponseBody>;
    <TResponseBody = unknown>(options: HttpFetchOptionsWithPath): Promise<TResponseBody>;
  }
  /** Rejections of `HttpHandler` calls: `body` carries the server's `{ statusCode, error, message, attributes }`. */
  export interface IHttpFetchError<TResponseBody = unknown> extends Error {
    readonly name: string;
    readonly request: Request;
    readonly response?: Response;
    readonly body?: TResponseBody;
  }
  export interface IBasePath {
    get(): string;
    prepend(url: string): string;
    remove(url: string): string;
    readonly serverBasePath: string;
  }
  export interface HttpSetup {
    basePath: IBasePath;
    fetch: HttpHandler;
    get: HttpHandler;
    post: HttpHandler;
    put: HttpHandler;
    patch: HttpHandler;
    delete: HttpHandler;
    head: HttpHandler;
    options: HttpHandler;
  }
  export type HttpStart = HttpSetup;

  // ---------------------------------------------------------------------------------------------------------------
  // Notifications — src/core/packages/notifications/browser/src/{contracts.ts, types.ts} (toasts subset)
  // ---------------------------------------------------------------------------------------------------------------

  export type ToastInput = string | { title?: string; text?: string; toastLifeTimeMs?: number };
  export interface IToasts {
    addSuccess(toast: ToastInput): unknown;
    addWarning(toast: ToastInput): unknown;
    addDanger(toast: ToastInput): unknown;
    addError(error: Error, options: { title: string; toastMessage?: string }): unknown;
  }
  export interface NotificationsStart {
    toasts: IToasts;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Chrome — src/core/packages/chrome/browser/src/{contracts.ts, breadcrumb.ts, doc_title.ts} (subset)
  // ---------------------------------------------------------------------------------------------------------------

  /** EuiBreadcrumb subset. */
  export interface ChromeBreadcrumb {
    text: ReactNode;
    href?: string;
    onClick?: (event: unknown) => void;
  }
  export interface ChromeStart {
    setBreadcrumbs(newBreadcrumbs: ChromeBreadcrumb[]): void;
    docTitle: { change(newTitle: string | string[]): void; reset(): void };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Theme, i18n, rendering — src/core/packages/theme/browser/src/types.ts, src/core/packages/i18n/browser/src/types.ts,
  // src/core/packages/rendering/browser/src/rendering_service.ts (9.1+, PR #212163)
  // ---------------------------------------------------------------------------------------------------------------

  export interface ThemeServiceStart {
    theme$: Observable<CoreTheme>;
    getTheme(): CoreTheme;
  }
  export interface I18nStart {
    Context: FC<PropsWithChildren<unknown>>;
  }
  export interface RenderingService {
    /** Wraps an element in Kibana's root providers (EUI theme, i18n, error boundary). */
    addContext(element: ReactNode): ReactElement;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Core lifecycle contracts (subset) — src/core/packages/lifecycle/browser/src/{core_setup.ts, core_start.ts}
  // ---------------------------------------------------------------------------------------------------------------

  export interface CoreSetup<TPluginsStart extends object = object, TStart = unknown> {
    application: ApplicationSetup;
    http: HttpSetup;
    getStartServices(): Promise<[CoreStart, TPluginsStart, TStart]>;
  }
  export interface CoreStart {
    application: ApplicationStart;
    http: HttpStart;
    notifications: NotificationsStart;
    chrome: ChromeStart;
    theme: ThemeServiceStart;
    i18n: I18nStart;
    /** Absent before 9.1: fall back to EuiProvider (facts §3.5). */
    rendering?: RenderingService;
  }
}
