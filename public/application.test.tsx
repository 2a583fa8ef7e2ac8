import { screen, waitFor } from '@testing-library/react';
import { BehaviorSubject } from 'rxjs';
import type { AppMountParameters, CoreStart, HttpStart } from '@kbn/core/public';
import { API_VERSION, HEALTH_ROUTE_PATH } from '../common/constants';
import type { HealthResponse } from '../common/health';
import { renderApp } from './application';

const health: HealthResponse = {
  status: 'ok',
  version: '0.1.0',
  apiVersion: API_VERSION,
  elasticsearch: { reachable: true, clusterName: 'soc-cluster', version: '8.19.2' },
};

/** A CoreStart double with what the app touches (Kibana's `coreMock.createStart()` has the same members). */
function coreStart(get: jest.Mock) {
  const theme$ = new BehaviorSubject({ darkMode: false });
  const core = {
    http: { get } as unknown as HttpStart,
    chrome: { setBreadcrumbs: jest.fn(), docTitle: { change: jest.fn(), reset: jest.fn() } },
    theme: { theme$, getTheme: () => theme$.getValue() },
    i18n: { Context: ({ children }: { children?: unknown }) => children },
  };
  return core as unknown as CoreStart & { chrome: { setBreadcrumbs: jest.Mock; docTitle: { change: jest.Mock } } };
}

function mount(core: CoreStart) {
  const element = document.createElement('div');
  document.body.appendChild(element);
  const unmount = renderApp(core, { element } as unknown as AppMountParameters);
  return { element, unmount };
}

describe('BuffaLogs app', () => {
  // React 18 (installed for tests) warns that render/unmountComponentAtNode are legacy; Kibana 8.19/9.0 run React 17.
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    const original = console.error;
    consoleError = jest.spyOn(console, 'error').mockImplementation((msg: unknown, ...rest: unknown[]) => {
      if (
        typeof msg === 'string' &&
        /ReactDOM.render is no longer supported|unmountComponentAtNode is deprecated/.test(msg)
      ) {
        return;
      }
      original(msg, ...rest);
    });
  });
  afterEach(() => {
    consoleError.mockRestore();
    document.body.innerHTML = '';
  });

  it('asks the versioned health route and shows that Elasticsearch is reachable', async () => {
    const get = jest.fn().mockResolvedValue(health);
    const core = coreStart(get);
    const { unmount } = mount(core);

    expect(screen.getByRole('heading', { name: 'BuffaLogs' })).toBeTruthy();
    expect(await screen.findByText('Elasticsearch reachable')).toBeTruthy();
    expect(screen.getByText('soc-cluster')).toBeTruthy();
    expect(screen.getByText('8.19.2')).toBeTruthy();
    expect(get).toHaveBeenCalledWith(HEALTH_ROUTE_PATH, expect.objectContaining({ version: API_VERSION }));
    expect(core.chrome.setBreadcrumbs).toHaveBeenCalledWith([{ text: 'BuffaLogs' }]);
    expect(core.chrome.docTitle.change).toHaveBeenCalledWith('BuffaLogs');

    unmount();
    expect(screen.queryByText('Elasticsearch reachable')).toBeNull();
  });

  it('shows a loading state, then the server’s error message when the check fails', async () => {
    let reject: (e: unknown) => void = () => {};
    const get = jest.fn().mockReturnValue(new Promise((_, r) => (reject = r)));
    mount(coreStart(get));

    expect(screen.getByLabelText('Checking BuffaLogs health')).toBeTruthy();
    const error = Object.assign(new Error('Service Unavailable'), {
      body: { statusCode: 503, error: 'Service Unavailable', message: 'Elasticsearch is unreachable: ECONNREFUSED' },
    });
    reject(error);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('BuffaLogs is not healthy');
    expect(alert.textContent).toContain('Elasticsearch is unreachable: ECONNREFUSED');
  });

  it('uses Kibana’s rendering context when the Kibana version offers one', async () => {
    const core = coreStart(jest.fn().mockResolvedValue(health));
    const addContext = jest.fn((el) => el);
    Object.assign(core, { rendering: { addContext } });
    mount(core);

    await waitFor(() => expect(screen.getByText('Elasticsearch reachable')).toBeTruthy());
    expect(addContext).toHaveBeenCalledTimes(1);
  });
});
