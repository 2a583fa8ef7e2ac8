import React from 'react';
import ReactDOM from 'react-dom';
import type { AppMountParameters, CoreStart } from '@kbn/core/public';
import { PLUGIN_NAME } from '../common/constants';
import { App } from './components/app';
import { wrapWithKibanaContext } from './render_context';

/**
 * Mounts the app into the element Kibana gives us. `ReactDOM.render` (not `react-dom/client`) because 8.19 and 9.0
 * ship React 17 and later versions run React 18 in legacy-root mode.
 */
export function renderApp(core: CoreStart, { element }: AppMountParameters): () => void {
  core.chrome.docTitle.change(PLUGIN_NAME);
  core.chrome.setBreadcrumbs([{ text: PLUGIN_NAME }]);

  ReactDOM.render(wrapWithKibanaContext(core, <App http={core.http} />), element);
  return () => {
    ReactDOM.unmountComponentAtNode(element);
  };
}
