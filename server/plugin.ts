import type { CoreSetup, CoreStart, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { BuffalogsConfig } from './config';
import { buffalogsFeature } from './features';
import { readPluginVersion } from './plugin_version';
import { registerRoutes } from './routes';
import type { BuffalogsSetupDeps, BuffalogsStartDeps } from './types';

/** Wiring only: each concern lives in its own module. setup/start stay synchronous (Kibana does not await them). */
export class BuffalogsPlugin implements Plugin<void, void, BuffalogsSetupDeps, BuffalogsStartDeps> {
  private readonly logger: Logger;

  constructor(private readonly initializerContext: PluginInitializerContext<BuffalogsConfig>) {
    this.logger = initializerContext.logger.get();
  }

  setup(core: CoreSetup<BuffalogsStartDeps>, { features }: BuffalogsSetupDeps): void {
    features.registerKibanaFeature(buffalogsFeature);
    registerRoutes(core.http.createRouter(), { logger: this.logger, pluginVersion: readPluginVersion() });
    this.logger.debug(`Reading authentication events from ${this.initializerContext.config.get().indices.join(',')}`);
  }

  start(_core: CoreStart, _plugins: BuffalogsStartDeps): void {}
}
