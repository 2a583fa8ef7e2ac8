/**
 * Which families the background task runs, from kibana.yml: the login family always (its settings are the plugin's
 * top-level keys), every other registered family whose `settingsFrom` gives settings for its `buffalogs.<id>`
 * section. The task service schedules their task types; the task routes list and run their instances.
 */
import { DETECTION_TASK_TYPE } from '../../common/constants';
import type { BuffalogsConfig } from '../config';
import { FAMILIES, type AnyFamily } from '../families';

/** The families other than logins that have a task type of their own (registered even when not configured). */
export function otherFamilies(): AnyFamily[] {
  return FAMILIES.filter((f) => f.taskType !== DETECTION_TASK_TYPE && f.settingsFrom !== undefined);
}

/** A family's settings from its kibana.yml section; undefined when it does not run. */
export function familySettings(family: AnyFamily, config: BuffalogsConfig): unknown {
  const section = (config as unknown as Record<string, unknown>)[family.id];
  return family.settingsFrom!(section, { indices: config.indices, profile: config.detection.profile });
}

/** The task types scheduled for this config, login first. */
export function scheduledTaskTypes(config: BuffalogsConfig): string[] {
  return [
    DETECTION_TASK_TYPE,
    ...otherFamilies()
      .filter((f) => familySettings(f, config) !== undefined)
      .map((f) => f.taskType),
  ];
}
