/**
 * Background detection's lifecycle, so plugin.ts stays wiring: register the task in setup, install the indices and
 * schedule one task per partition in start (neither awaited: Kibana does not await start), close the client in stop.
 */
import type { CoreStart, Logger } from '@kbn/core/server';
import type { TaskManagerSetupContract, TaskManagerStartContract } from '@kbn/task-manager-plugin/server';
import type { BuffalogsConfig } from '../config';
import { emptyPassResult, loadDetectionRuntime } from '../pass';
import { backfillAlertSortKeys, installIndices, pluginIndices } from '../storage';
import { runFamilyPass } from '../runner/family_pass';
import { registerDetectionTask, type DetectionServices } from './detect_task';
import { registerAnalysisTask } from './analysis_task';
import { registerFamilyTask } from './family_task';
import { familySettings, otherFamilies } from './scheduled_families';
import { detectionRuntimeInput, passSettingsFromConfig } from './pass_settings_from_config';
import { scheduleDetectionTasks } from './schedule_tasks';
import { createTaskClient, type TaskClient } from './task_client';

export class DetectionService {
  private core?: CoreStart;
  private client?: TaskClient;
  private services?: Promise<DetectionServices>;
  /** The start-time installation; runs wait for it, so a pass never reads an index whose shards are still starting. */
  private installation: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: BuffalogsConfig,
    private readonly logger: Logger,
  ) {}

  setup(taskManager: TaskManagerSetupContract): void {
    registerDetectionTask(taskManager, {
      timeout: this.config.schedule.timeout,
      logger: this.logger,
      services: () => this.getServices(),
    });
    // Every other family: its own task type, registered whether or not it is configured (Task Manager must know the
    // type of any task document it finds), scheduled only when it has something to read.
    for (const family of otherFamilies()) {
      registerFamilyTask(
        taskManager,
        {
          taskType: family.taskType,
          title: `BuffaLogs ${family.title}`,
          description: `BuffaLogs detection family "${family.id}".`,
          timeout: this.config.schedule.timeout,
        },
        {
          label: family.id,
          logger: this.logger,
          services: async () => {
            const services = await this.getServices();
            const settings = familySettings(family, this.config);
            return {
              partitions: this.config.partitions,
              identity: services.identity,
              run: (partition, deps) =>
                settings === undefined
                  ? Promise.resolve(emptyPassResult())
                  : runFamilyPass(
                      family,
                      { ...services.settings, partition },
                      settings,
                      family.sourceIndices?.(settings) ?? this.config.indices,
                      { ...deps, client: services.client },
                    ),
            };
          },
        },
      );
    }
    // Analyses run in any space, on demand (routes/analysis_runs.ts), with the task's client.
    registerAnalysisTask(taskManager, { logger: this.logger, client: async () => this.esClient() });
  }

  start(core: CoreStart, taskManager: TaskManagerStartContract): void {
    this.core = core;
    this.client = createTaskClient(core, this.config);
    const client = this.client.client;
    this.installation = installIndices(client, this.config.space).then(
      (r) => {
        const changed = [...r.templatesInstalled, ...r.indicesCreated, ...r.mappingsUpdated];
        if (changed.length) this.logger.info(`installed/updated: ${changed.join(', ')}`);
        // Not awaited by runs: detection never reads the sort key; only list order waits for it. A new alerts index
        // has nothing to backfill (and its shard may not have started yet).
        const alerts = pluginIndices(this.config.space).alerts;
        if (!r.indicesCreated.includes(alerts)) void this.backfillSortKeys(client, alerts);
      },
      (error: Error) =>
        this.logger.warn(`could not install the BuffaLogs indices yet (each run retries): ${error.message}`),
    );
    scheduleDetectionTasks(taskManager, {
      interval: this.config.schedule.interval,
      partitions: this.config.partitions,
      logger: this.logger,
    }).catch((error: Error) => this.logger.error(`could not schedule the detection task: ${error.message}`));
    for (const family of otherFamilies()) {
      if (familySettings(family, this.config) === undefined) continue;
      scheduleDetectionTasks(taskManager, {
        interval: this.config.schedule.interval,
        partitions: this.config.partitions,
        logger: this.logger,
        taskType: family.taskType,
      }).catch((error: Error) => this.logger.error(`could not schedule the ${family.id} task: ${error.message}`));
    }
  }

  private async backfillSortKeys(client: TaskClient['client'], index: string): Promise<void> {
    try {
      const { updated, skipped } = await backfillAlertSortKeys(client, index);
      if (updated) this.logger.info(`gave ${updated} older alert(s) in ${index} their sort key`);
      if (skipped) this.logger.warn(`${skipped} document(s) in ${index} are not BuffaLogs alerts and have no sort key`);
    } catch (error) {
      this.logger.warn(
        `could not add sort keys to older alerts in ${index} (retried at next start): ${(error as Error).message}`,
      );
    }
  }

  /** The task's client (set in start), shared with the notifier task: same credentials for buffalogs-* indices. */
  esClient(): TaskClient['client'] {
    if (!this.client) throw new Error('BuffaLogs used its Elasticsearch client before the plugin started');
    return this.client.client;
  }

  async stop(): Promise<void> {
    await this.client?.close();
  }

  /** Built on first use; a failure (e.g. an unreadable GeoIP file) is not cached, so the next run tries again. */
  private getServices(): Promise<DetectionServices> {
    if (!this.services) {
      this.services = this.buildServices();
      this.services.catch(() => {
        this.services = undefined;
      });
    }
    return this.services;
  }

  private async buildServices(): Promise<DetectionServices> {
    if (!this.core || !this.client) throw new Error('BuffaLogs detection ran before the plugin started');
    // Without this wait the first run's own installIndices saw "already exists" for an index the start-time call had
    // just created and searched it before its primary shard started (no_shard_available_action_exception in CI).
    await this.installation;
    const runtime = await loadDetectionRuntime(detectionRuntimeInput(this.config));
    return {
      settings: { ...passSettingsFromConfig(this.config), detection: runtime.detection },
      client: this.client.client,
      enricher: runtime.enricher,
      savedSettings: runtime,
      identity: this.client.identity,
    };
  }
}
