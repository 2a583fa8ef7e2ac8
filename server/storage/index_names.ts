/**
 * The plugin's own indices, one set per Kibana space. Plain indices (not data streams): analysts update alerts when
 * they triage them, and state/checkpoint documents are overwritten in place.
 */
import { createHash } from 'node:crypto';
import { ALERTS_INDEX_PREFIX, STATE_INDEX_PREFIX } from '../../common/constants';

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

/**
 * Kibana's own rule for a space id: `SPACE_ID_REGEX = /^[a-z0-9_\-]+$/` in
 * x-pack/platform/plugins/shared/spaces/server/lib/space_schema.ts (elastic/kibana@de71aa42f8b8a148b1cdda216953cb298d5eefe7),
 * the same characters its URL parser reads from `/s/<space>/`. It sets no length limit.
 */
export const KIBANA_SPACE_ID = /^[a-z0-9_-]+$/;

/** Space ids up to this length name their indices as they are (every index created so far was named this way). */
export const MAX_LITERAL_SPACE_ID = 100;

export class InvalidSpaceIdError extends Error {
  constructor(readonly space: string) {
    super(`"${space.slice(0, 120)}" is not a Kibana space id (lower-case letters, digits, _ and -)`);
    this.name = 'InvalidSpaceIdError';
  }
}

/**
 * The part of an index name that stands for `space`. An id that is not a Kibana space id throws (it must never shape
 * an index name, nor fall back to another space's). A longer id than MAX_LITERAL_SPACE_ID keeps its first 100
 * characters followed by `-` and its SHA-256: Elasticsearch stops index names at 255 bytes (the longest prefix, 22,
 * + 165 fits), and the result is longer than any literal id, so it cannot collide with one; two long ids collide
 * only if SHA-256 does.
 */
export function spaceIndexSuffix(space: string): string {
  if (!KIBANA_SPACE_ID.test(space)) throw new InvalidSpaceIdError(space);
  if (space.length <= MAX_LITERAL_SPACE_ID) return space;
  return `${space.slice(0, MAX_LITERAL_SPACE_ID)}-${createHash('sha256').update(space).digest('hex')}`;
}

export function pluginIndices(space: string): PluginIndices {
  const suffix = spaceIndexSuffix(space);
  return {
    alerts: `${ALERTS_INDEX_PREFIX}${suffix}`,
    state: `${STATE_INDEX_PREFIX}${suffix}`,
    checkpoints: `${CHECKPOINT_INDEX_PREFIX}${suffix}`,
    deadletter: `${DEADLETTER_INDEX_PREFIX}${suffix}`,
  };
}

export const INDEX_PREFIXES = {
  alerts: ALERTS_INDEX_PREFIX,
  state: STATE_INDEX_PREFIX,
  checkpoints: CHECKPOINT_INDEX_PREFIX,
  deadletter: DEADLETTER_INDEX_PREFIX,
};

/**
 * The per-entity state of a family other than logins (whose users keep `buffalogs-state-<space>`, so nothing
 * migrates): `buffalogs-<family>-state-<space>`, not `buffalogs-state-<family>-<space>`, which the login state
 * template's pattern `buffalogs-state-*` would claim.
 */
export const familyStateIndex = (family: string, space: string): string =>
  `buffalogs-${family}-state-${spaceIndexSuffix(space)}`;

/**
 * What the login family learns across users (the verdict's population context: the organisation's networks, how
 * common each country and AS is): `buffalogs-context-<space>`, one small document per partition, created on the first
 * write (server/families/login/population_store.ts).
 */
export const CONTEXT_INDEX_PREFIX = 'buffalogs-context-';
export const contextIndex = (space: string): string => `${CONTEXT_INDEX_PREFIX}${spaceIndexSuffix(space)}`;

/**
 * The login family's observations (issue 12): logins whose verdict stayed under the alerting threshold, with their
 * signals — searchable and counted, but not open alerts. `buffalogs-observations-<space>`, created on the first write.
 */
export const OBSERVATIONS_INDEX_PREFIX = 'buffalogs-observations-';
export const observationsIndex = (space: string): string => `${OBSERVATIONS_INDEX_PREFIX}${spaceIndexSuffix(space)}`;

/**
 * The anomaly explorer's results (issue 18): one document per record an analysis judged (score, cluster, flags) and
 * one report document per analysis, for dashboards and rules. `buffalogs-analysis-<space>` (singular, so the saved
 * analyses' `buffalogs-analyses-*` template never claims it), created on the first run.
 */
export const ANALYSIS_RESULTS_INDEX_PREFIX = 'buffalogs-analysis-';
export const analysisResultsIndex = (space: string): string =>
  `${ANALYSIS_RESULTS_INDEX_PREFIX}${spaceIndexSuffix(space)}`;

/**
 * Domain reputation the web family looked up (issue 17): one document per domain a provider (VirusTotal) was asked
 * about, with its answer and expiry, and the provider's shared quota counters, so all Kibana nodes of a space spend
 * one free-tier budget and ask about a domain once per expiry. `buffalogs-reputation-<space>`, created on first use.
 */
export const REPUTATION_INDEX_PREFIX = 'buffalogs-reputation-';
export const reputationIndex = (space: string): string => `${REPUTATION_INDEX_PREFIX}${spaceIndexSuffix(space)}`;
