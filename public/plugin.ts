import type { AppMountParameters, CoreSetup, CoreStart, Plugin, PluginInitializerContext } from '@kbn/core/public';
import { SECURITY_APP_CATEGORY } from '../common/app_category';
import { PLUGIN_ID, PLUGIN_NAME } from '../common/constants';

export class BuffalogsPublicPlugin implements Plugin {
  constructor(_initializerContext: PluginInitializerContext) {}

  setup(core: CoreSetup): void {
    core.application.register({
      id: PLUGIN_ID,
      title: PLUGIN_NAME,
      category: SECURITY_APP_CATEGORY,
      euiIconType: 'logoSecurity',
      async mount(params: AppMountParameters) {
        // Loaded on first mount so Kibana's page load does not pay for the app's code.
        const [[coreStart], { renderApp }] = await Promise.all([core.getStartServices(), import('./application')]);
        return renderApp(coreStart, params);
      },
    });
  }

  start(_core: CoreStart): void {}
}
