/**
 * Everything one detection pass needs to know, in plain values (milliseconds, numbers): built from the plugin config
 * by the task and from the config file/flags by `buffalogs run`, so both run the same pass.
 */
import type { DetectionConfig } from '../detection';
import type { EventTypeRule } from '../events';
import type { IdentityConfig } from '../sources';
import type { RunnerSettings } from '../runner/family_pass';

/** The runner's settings (windows, batches, partitions: server/runner/family_pass.ts) and what the login pass adds. */
export interface PassSettings extends RunnerSettings {
  /** Source index patterns. */
  indices: string[];
  /** Extra Query DSL ANDed to the login query (already validated). */
  extraQuery?: Record<string, unknown>;
  eventType: EventTypeRule;
  /** Per-source domains, the user map and service accounts (server/sources/identity.ts); default: built-in list. */
  identity?: IdentityConfig;
  /** The detection settings (kibana.yml / --config); settings saved through the API override them when the pass is given `savedSettings`. */
  detection: DetectionConfig;
}

/** ECS authentication logs usually land in these (Elastic Agent / Filebeat / Winlogbeat). */
export const DEFAULT_SOURCE_INDICES = ['logs-*', 'filebeat-*', 'winlogbeat-*'];

export const PASS_DEFAULTS = {
  space: 'default',
  eventType: 'start_or_absent' as EventTypeRule,
  lagMs: 2 * 60_000,
  lookbackMs: 7 * 24 * 3_600_000,
  maxWindowMs: 24 * 3_600_000,
  usersPerBatch: 10_000,
  eventsPerBatch: 100_000,
  pageSize: 5_000,
  readSlices: 2,
  partition: 0,
  partitions: 1,
  pitKeepAlive: '5m',
};
