/**
 * The login family's task, `buffalogs:detect`, as it has been since before families: one detection pass per run,
 * through the generic family task (family_task.ts). Its settings come from the plugin's top-level kibana.yml keys.
 */
import type { Logger } from '@kbn/core/server';
import type { CancellableTask, RunContext, TaskManagerSetupContract } from '@kbn/task-manager-plugin/server';
import { DETECTION_TASK_TYPE } from '../../common/constants';
import { normaliseUserName, partitionOf } from '../ingest';
import { runDetectionPass, type PassDeps, type PassLogger, type PassSettings } from '../pass';
import { savedDetectionConfig } from '../pass/detection_runtime';
import { pluginIndices } from '../storage';
import { reconcileUsersRisk } from '../triage/risk_refresh';
import {
  createFamilyTaskRunner,
  registerFamilyTask,
  type FamilyTaskServices,
  type FamilyTaskState,
} from './family_task';

/** What a run needs, built once at start and shared by every run (client, settings, enricher). */
export interface DetectionServices {
  settings: Omit<PassSettings, 'partition'>;
  client: PassDeps['client'];
  enricher: PassDeps['enricher'];
  /** Settings saved through the API, read again by every run (absent: `settings.detection` only). */
  savedSettings?: PassDeps['savedSettings'];
  identity: string;
}

export type DetectionTaskState = FamilyTaskState;

interface DetectionTaskOptions {
  logger: Logger;
  services: () => Promise<DetectionServices>;
  now?: () => number;
}

export function registerDetectionTask(
  taskManager: TaskManagerSetupContract,
  options: DetectionTaskOptions & { timeout: string },
): void {
  registerFamilyTask(
    taskManager,
    {
      taskType: DETECTION_TASK_TYPE,
      title: 'BuffaLogs detection',
      description:
        'Reads new ECS authentication events, detects compromised-account signals, writes alerts and per-user state.',
      timeout: options.timeout,
    },
    loginTaskOptions(options),
  );
}

export function createDetectionRunner(context: RunContext, options: DetectionTaskOptions): CancellableTask {
  return createFamilyTaskRunner(context, loginTaskOptions(options));
}

function loginTaskOptions(options: DetectionTaskOptions) {
  return {
    label: 'detection',
    logger: options.logger,
    ...(options.now ? { now: options.now } : {}),
    services: async (): Promise<FamilyTaskServices> => {
      const services = await options.services();
      return {
        partitions: services.settings.partitions,
        identity: services.identity,
        run: async (partition, deps) => {
          const result = await runDetectionPass(
            { ...services.settings, partition },
            { ...deps, client: services.client, enricher: services.enricher, savedSettings: services.savedSettings },
          );
          await reconcileRisk(services, partition, deps);
          return result;
        },
      };
    },
  };
}

/**
 * After each pass, the stored current risk of the partition's users reconciled with their alerts
 * (server/triage/risk_refresh.ts): the pass's new alerts, other families' compromised accounts, states written before
 * the key existed. Each partition reconciles the users it judges (the login reader's partitionOf), so every key is
 * written by one task. A failure is logged, not the pass's: detection is done, the next run reconciles again.
 */
async function reconcileRisk(
  services: DetectionServices,
  partition: number,
  deps: { logger: PassLogger; now: () => number; signal: AbortSignal },
): Promise<void> {
  const { space, partitions } = services.settings;
  try {
    // The pass has just read the same settings and reported anything wrong with them: not reported twice.
    const config = services.savedSettings
      ? await savedDetectionConfig(services.client, space, services.savedSettings, { warn: () => {} })
      : services.settings.detection;
    if (config.risk.model !== 'alert_scores') return;
    const indices = pluginIndices(space);
    // The pass's alerts, searchable now (the pass does not wait for them); `manage` on its own indices allows this.
    await services.client.indices.refresh({ index: indices.alerts, ignore_unavailable: true }, { signal: deps.signal });
    const r = await reconcileUsersRisk(services.client, indices, config.risk, deps.now(), {
      signal: deps.signal,
      owns: (user) => partitionOf(normaliseUserName(user), partitions) === partition,
    });
    deps.logger.debug(`current risk reconciled for ${r.users} users`);
  } catch (error) {
    if (deps.signal.aborted) throw error;
    deps.logger.warn(`could not reconcile the users' current risk: ${(error as Error).message}`);
  }
}
