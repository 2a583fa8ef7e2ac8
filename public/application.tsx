import React from 'react';
import ReactDOM from 'react-dom';
import type { AppMountParameters, CoreStart } from '@kbn/core/public';
import { AppContext } from './app_context';
import { App } from './components/app';
import { wrapWithKibanaContext } from './render_context';
import { BuffalogsApi } from './services/buffalogs_api';

/**
 * Mounts the app into the element Kibana gives us. `ReactDOM.render` (not `react-dom/client`) because 8.19 and 9.0
 * ship React 17 and later versions run React 18 in legacy-root mode.
 */
export function renderApp(core: CoreStart, { element, history }: AppMountParameters): () => void {
  const services = { core, api: new BuffalogsApi(core.http), history };
  ReactDOM.render(
    wrapWithKibanaContext(
      core,
      <AppContext.Provider value={services}>
        <App />
      </AppContext.Provider>,
    ),
    element,
  );
  return () => {
    ReactDOM.unmountComponentAtNode(element);
  };
}
