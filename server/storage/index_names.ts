/**
 * The plugin's own indices, one set per Kibana space. Plain indices (not data streams): analysts update alerts when
 * they triage them, and state/checkpoint documents are overwritten in place.
 */
import { ALERTS_INDEX_PREFIX, STATE_INDEX_PREFIX, alertsIndexName } from '../../common/constants';

/** Server-only: nothing outside the task reads checkpoints. */
export const CHECKPOINT_INDEX_PREFIX = 'buffalogs-checkpoints-';
/** Alerts Elasticsearch refused for their content, kept with the reason (server/storage/dead_letters.ts). */
export const DEADLETTER_INDEX_PREFIX = 'buffalogs-deadletter-';

export interface PluginIndices {
  alerts: string;
  state: string;
  checkpoints: string;
  deadletter: string;
}

export function pluginIndices(space: string): PluginIndices {
  return {
    alerts: alertsIndexName(space),
    state: `${STATE_INDEX_PREFIX}${space}`,
    checkpoints: `${CHECKPOINT_INDEX_PREFIX}${space}`,
    deadletter: `${DEADLETTER_INDEX_PREFIX}${space}`,
  };
}

export const INDEX_PREFIXES = {
  alerts: ALERTS_INDEX_PREFIX,
  state: STATE_INDEX_PREFIX,
  checkpoints: CHECKPOINT_INDEX_PREFIX,
  deadletter: DEADLETTER_INDEX_PREFIX,
};
