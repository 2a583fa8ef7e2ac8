/**
 * The plugin's own indices, one set per Kibana space. Plain indices (not data streams): analysts update alerts when
 * they triage them, and state/checkpoint documents are overwritten in place.
 */
import { ALERTS_INDEX_PREFIX, STATE_INDEX_PREFIX, alertsIndexName } from '../../common/constants';

/** Server-only: nothing outside the task reads checkpoints. */
export const CHECKPOINT_INDEX_PREFIX = 'buffalogs-checkpoints-';

export interface PluginIndices {
  alerts: string;
  state: string;
  checkpoints: string;
}

export function pluginIndices(space: string): PluginIndices {
  return { alerts: alertsIndexName(space), state: `${STATE_INDEX_PREFIX}${space}`, checkpoints: `${CHECKPOINT_INDEX_PREFIX}${space}` };
}

export const INDEX_PREFIXES = { alerts: ALERTS_INDEX_PREFIX, state: STATE_INDEX_PREFIX, checkpoints: CHECKPOINT_INDEX_PREFIX };

/**
 * The per-entity state of a family other than logins (whose users keep `buffalogs-state-<space>`, so nothing
 * migrates): `buffalogs-<family>-state-<space>`, not `buffalogs-state-<family>-<space>`, which the login state
 * template's pattern `buffalogs-state-*` would claim.
 */
export const familyStateIndex = (family: string, space: string): string => `buffalogs-${family}-state-${space}`;
