import { createMemoryHistory } from 'history';
import { act } from '@testing-library/react';
import { BehaviorSubject } from 'rxjs';
import type { AppMountParameters, CoreStart, ScopedHistory } from '@kbn/core/public';
import { renderApp } from '../application';

type Handler = (options: { query?: Record<string, unknown>; body?: string }) => unknown;
/** Canned answers by `METHOD path`; a handler may throw (or return a rejected promise) to simulate an API error. */
export type Routes = Record<string, Handler>;

/** A Kibana-style fetch error: the app shows `body.message`, as Kibana's http client exposes it. */
export function httpError(statusCode: number, message: string) {
  return Object.assign(new Error(message), {
    body: { statusCode, error: 'Error', message },
    response: { status: statusCode },
  });
}

/**
 * Mounts the real app (renderApp) at an app-relative URL with a CoreStart double: http answers from `routes`,
 * chrome and toasts are recorded; `canSave: false` mounts it for a user with the feature's "Read" privilege only. Returns the mocks so tests can assert what was requested.
 */
export async function mountApp(url: string, routes: Routes, options: { canSave?: boolean } = {}) {
  const calls: Array<{ method: string; path: string; query?: Record<string, unknown>; body?: unknown }> = [];
  const handler = (method: string) =>
    jest.fn(async (path: string, options: { query?: Record<string, unknown>; body?: string } = {}) => {
      calls.push({ method, path, query: options.query, body: options.body ? JSON.parse(options.body) : undefined });
      const route = routes[`${method} ${path}`];
      if (!route) throw httpError(404, `no canned answer for ${method} ${path}`);
      return route(options);
    });
  const theme$ = new BehaviorSubject({ darkMode: false });
  const toasts = { addSuccess: jest.fn(), addWarning: jest.fn(), addDanger: jest.fn(), addError: jest.fn() };
  const core = {
    // What Kibana puts in the page's metadata for the feature's privilege (server/features.ts): `save` with "All".
    application: { capabilities: { buffalogs: { show: true, save: options.canSave ?? true } } },
    http: { get: handler('GET'), post: handler('POST'), put: handler('PUT'), delete: handler('DELETE') },
    chrome: { setBreadcrumbs: jest.fn(), docTitle: { change: jest.fn(), reset: jest.fn() } },
    theme: { theme$, getTheme: () => theme$.getValue() },
    i18n: { Context: ({ children }: { children?: unknown }) => children },
    notifications: { toasts },
  };
  const history = createMemoryHistory({ initialEntries: [url] });
  const element = document.createElement('div');
  document.body.appendChild(element);
  let unmount = () => {};
  await act(async () => {
    unmount = renderApp(
      core as unknown as CoreStart,
      {
        element,
        history: history as unknown as ScopedHistory,
      } as unknown as AppMountParameters,
    );
  });
  return { core, calls, history, toasts, element, unmount };
}

/** React 18 (installed for tests) warns that render/unmountComponentAtNode are legacy; Kibana 8.19/9.0 run React 17. */
export function silenceLegacyRootWarnings() {
  const original = console.error;
  return jest.spyOn(console, 'error').mockImplementation((msg: unknown, ...rest: unknown[]) => {
    if (
      typeof msg === 'string' &&
      /ReactDOM.render is no longer supported|unmountComponentAtNode is deprecated/.test(msg)
    )
      return;
    original(msg, ...rest);
  });
}
