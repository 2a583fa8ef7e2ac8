import type { CoreSetup, CoreStart, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import { buffalogsRuleType } from './alerting';
import type { BuffalogsConfig } from './config';
import { buffalogsFeature } from './features';
import { readPluginVersion } from './plugin_version';
import { registerRoutes } from './routes';
import { apiRouteDependencies } from './routes/dependencies';
import { DetectionService } from './task';
import { NotificationService } from './task/notify_task';
import type { BuffalogsSetupDeps, BuffalogsStartDeps } from './types';

/** Wiring only: each concern lives in its own module. setup/start stay synchronous (Kibana does not await them). */
export class BuffalogsPlugin implements Plugin<void, void, BuffalogsSetupDeps, BuffalogsStartDeps> {
  private readonly logger: Logger;
  private readonly detection: DetectionService;
  private readonly notifications: NotificationService;

  constructor(private readonly initializerContext: PluginInitializerContext<BuffalogsConfig>) {
    this.logger = initializerContext.logger.get();
    this.detection = new DetectionService(initializerContext.config.get(), this.logger);
    this.notifications = new NotificationService(initializerContext.config.get(), this.logger);
  }

  setup(core: CoreSetup<BuffalogsStartDeps>, { features, taskManager, alerting }: BuffalogsSetupDeps): void {
    features.registerKibanaFeature(buffalogsFeature);
    alerting?.registerType(buffalogsRuleType({ publicBaseUrl: core.http.basePath.publicBaseUrl }));
    this.detection.setup(taskManager);
    this.notifications.setup(taskManager);
    registerRoutes(
      core.http.createRouter(),
      apiRouteDependencies(core, this.initializerContext.config.get(), this.logger, readPluginVersion()),
    );
    this.logger.debug(`Reading authentication events from ${this.initializerContext.config.get().indices.join(',')}`);
  }

  start(core: CoreStart, plugins: BuffalogsStartDeps): void {
    this.detection.start(core, plugins.taskManager);
    this.notifications.start(core, plugins.taskManager, () => this.detection.esClient());
  }

  stop(): Promise<void> {
    return this.detection.stop();
  }
}
