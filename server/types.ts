import type { AlertingServerSetup } from '@kbn/alerting-plugin/server';
import type { IRouter, RequestHandlerContext } from '@kbn/core/server';
import type { FeaturesPluginSetup } from '@kbn/features-plugin/server';
import type { SecurityPluginStart } from '@kbn/security-plugin/server';
import type { SpacesPluginStart } from '@kbn/spaces-plugin/server';
import type { TaskManagerSetupContract, TaskManagerStartContract } from '@kbn/task-manager-plugin/server';

/** Contracts of the plugins listed in kibana.jsonc; optional plugins may be absent (disabled or not installed). */
export interface BuffalogsSetupDeps {
  taskManager: TaskManagerSetupContract;
  features: FeaturesPluginSetup;
  /** Absent when the alerting plugin is disabled: the rule type is then simply not offered. */
  alerting?: AlertingServerSetup;
}

export interface BuffalogsStartDeps {
  taskManager: TaskManagerStartContract;
  security?: SecurityPluginStart;
  spaces?: SpacesPluginStart;
}

/** The router `core.http.createRouter()` returns: handlers read `(await context.core).elasticsearch`. */
export type BuffalogsRouter = IRouter<RequestHandlerContext>;
