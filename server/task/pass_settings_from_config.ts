/** kibana.yml `buffalogs.*` → the plain values a pass runs with (durations in ms, overrides without unset keys). */
import type { BuffalogsConfig } from '../config';
import { stripUndefined } from '../config_sections';
import { PASS_DEFAULTS, type DetectionRuntimeInput, type PassSettings } from '../pass';
import { parseIdentityConfig } from '../sources';
import { DEFAULT_RETRY_POLICY } from '../storage';

export function passSettingsFromConfig(config: BuffalogsConfig): Omit<PassSettings, 'detection' | 'partition'> {
  return {
    space: config.space,
    indices: config.indices,
    ...(config.extraQuery ? { extraQuery: config.extraQuery } : {}),
    eventType: config.login.eventType,
    // Already validated by the schema; parsing gives the null-prototype records the table reads.
    ...(config.identity ? { identity: parseIdentityConfig(stripUndefined(config.identity)).config } : {}),
    lagMs: config.lag.asMilliseconds(),
    lookbackMs: config.lookback.asMilliseconds(),
    maxWindowMs: config.maxWindow.asMilliseconds(),
    usersPerBatch: config.batch.usersPerBatch,
    eventsPerBatch: config.batch.eventsPerBatch,
    pageSize: config.batch.pageSize,
    readSlices: config.batch.readSlices,
    partitions: config.partitions,
    retry: DEFAULT_RETRY_POLICY,
    pitKeepAlive: PASS_DEFAULTS.pitKeepAlive,
  };
}

export function detectionRuntimeInput(config: BuffalogsConfig): DetectionRuntimeInput {
  const { profile, ...overrides } = config.detection;
  return {
    profile,
    overrides: stripUndefined(overrides),
    anonymizerLists: config.anonymizerLists,
    ...(config.geoip ? { geoip: config.geoip } : {}),
  };
}
