/**
 * The login family's state: one `UserState` per user in `buffalogs-state-<space>` (server/storage/user_state_store.ts).
 * Its merge rule: an analyst may mark an alert safe (server/triage/) while a batch is judged, teaching the user's
 * baseline in the same document; what was taught is folded into the newly computed state instead of being lost.
 */
import type { BaselineConfig } from '../../../common/detection_config';
import type { UserState } from '../../detection';
import { loadStates, writeStates, type EsClient, type RetryPolicy } from '../../storage';
import { reapplyTeaching, taughtLists, type TaughtLists, type TeachingBounds } from '../../triage/teach_baseline';
import type { LoadedStates, StateStore } from '../family';
import { holdToClock } from './as_of_clock';
import type { StoredVersion } from '../../storage';

export interface LoadedUserStates extends LoadedStates<UserState> {
  versions: Map<string, StoredVersion>;
  /** The users' stored current risk (server/queries/current_risk.ts), written back as read. */
  riskNow: Map<string, unknown>;
  /** The users' open incidents' alerts, as stored when loaded: their update is written only over this version. */
  incidentAlerts?: Map<string, StoredVersion>;
  /** What marking safe may change, as read: compared with the stored state when a write meets a 409. */
  taughtBefore: Map<string, TaughtLists>;
}

export function userStateStore(
  client: EsClient,
  index: string,
  baseline: BaselineConfig & TeachingBounds,
  retry: RetryPolicy,
  alertsIndex?: string,
): StateStore<UserState, LoadedUserStates> {
  return {
    index,
    async load(users, signal) {
      const loaded = await loadStates(client, index, users, signal);
      const taughtBefore = new Map<string, TaughtLists>();
      for (const [user, state] of loaded.states) taughtBefore.set(user, taughtLists(state));
      const incidentAlerts = alertsIndex ? await openIncidents(client, alertsIndex, loaded.states, signal) : undefined;
      return { ...loaded, taughtBefore, ...(incidentAlerts ? { incidentAlerts } : {}) };
    },
    write(states, loaded, now, signal) {
      // The stored side is read through the pass's clock, as load's states are (family.ts): a sighting hand-edited to
      // the year 3000 was otherwise taught again at that time by the merge and written back.
      const merge = (computed: UserState, stored: UserState, at: number): UserState => {
        holdToClock(stored, at);
        return reapplyTeaching(computed, loaded.taughtBefore.get(computed.user), stored, baseline);
      };
      return writeStates(client, index, states, loaded.versions, merge, now, retry, signal, loaded.riskNow);
    },
  };
}

/** An analyst still working an alert in these statuses wants later logins in it; any other ends the incident. */
const STILL_OPEN = new Set(['open', 'acknowledged']);

/**
 * Incidents (server/detection/verdict/incident.ts): the states' open incidents whose alert an analyst closed (closed,
 * false positive) or deleted are dropped from the states, so the user's next suspicious login opens a new incident
 * with a new alert; the others' alerts are returned with their stored version. One `mget` per batch, of the few users
 * with an incident (only `buffalogs.status` is read).
 */
async function openIncidents(
  client: EsClient,
  alertsIndex: string,
  states: Map<string, UserState>,
  signal: AbortSignal | undefined,
): Promise<Map<string, StoredVersion>> {
  const open = new Map<string, StoredVersion>();
  const byId = new Map<string, UserState>();
  for (const state of states.values()) {
    const id = state.incident?.id;
    if (typeof id === 'string') byId.set(id, state);
  }
  if (byId.size === 0) return open;
  const response = await client.mget<{ buffalogs?: { status?: unknown } }>(
    { index: alertsIndex, ids: [...byId.keys()], _source_includes: ['buffalogs.status'] },
    { signal },
  );
  for (const doc of response.docs) {
    const found = 'found' in doc && doc.found ? doc : undefined;
    const status = found?._source?.buffalogs?.status;
    if (found && typeof status === 'string' && STILL_OPEN.has(status)) {
      open.set(doc._id, { seqNo: found._seq_no!, primaryTerm: found._primary_term! });
    } else if ('error' in doc && doc.error && doc.error.type !== 'index_not_found_exception') {
      throw new Error(`reading incident alert ${doc._id}: ${doc.error.type}: ${doc.error.reason ?? ''}`);
    } else {
      const state = byId.get(doc._id);
      if (state) delete state.incident;
    }
  }
  return open;
}
