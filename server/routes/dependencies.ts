/** Builds what the API routes need from the plugin's setup arguments, so plugin.ts stays one line of wiring. */
import type { CoreSetup, Logger } from '@kbn/core/server';
import type { BuffalogsConfig } from '../config';
import type { DetectionConfigOverrides } from '../../common/detection_config';
import { detectionRuntimeInput, detectionTaskId, scheduledTaskTypes } from '../task';
import type { BuffalogsStartDeps } from '../types';
import { SEQUENCE_FAMILY_ID, sequenceSettingsFrom } from '../families/sequence/family';
import { WEB_FAMILY_ID } from '../families/web/family';
import { webSettingsFrom } from '../families/web/settings';
import type { ApiRouteDependencies } from '.';

export function apiRouteDependencies(
  core: CoreSetup<BuffalogsStartDeps>,
  config: BuffalogsConfig,
  logger: Logger,
  pluginVersion: string,
): ApiRouteDependencies {
  const { profile, overrides } = detectionRuntimeInput(config);
  return {
    logger,
    pluginVersion,
    defaultSpace: config.space,
    notifiers: () => config.notifiers,
    loginSources: () => ({ indices: config.indices, eventType: config.login.eventType }),
    publicBaseUrl: core.http.basePath.publicBaseUrl,
    getStartServices: () => core.getStartServices().then(([, plugins]) => plugins),
    detectionBase: () => ({ profile, overrides: overrides as DetectionConfigOverrides }),
    // `buffalogs.web` as the family's settingsFrom reads it, so the views aggregate the indices detection judges.
    webSettings: () => webSettingsFrom((config as Record<string, unknown>)[WEB_FAMILY_ID]),
    // `buffalogs.sequence` likewise: the dry run reads the indices the background pass reads, and the rule list
    // honours `builtin_rules.enabled` (without it both fell back to the family's defaults).
    sequenceSettings: () => sequenceSettingsFrom((config as Record<string, unknown>)[SEQUENCE_FAMILY_ID]),
    // Detection runs in one space (kibana.yml `buffalogs.space`), one task instance per family and partition.
    detectionTaskIds: (space) =>
      space === config.space
        ? scheduledTaskTypes(config).flatMap((type) =>
            Array.from({ length: config.partitions }, (_, i) => detectionTaskId(i, type)),
          )
        : [],
  };
}
