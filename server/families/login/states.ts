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
import type { StoredVersion } from '../../storage';

export interface LoadedUserStates extends LoadedStates<UserState> {
  versions: Map<string, StoredVersion>;
  /** What marking safe may change, as read: compared with the stored state when a write meets a 409. */
  taughtBefore: Map<string, TaughtLists>;
}

export function userStateStore(
  client: EsClient,
  index: string,
  baseline: BaselineConfig & TeachingBounds,
  retry: RetryPolicy,
): StateStore<UserState, LoadedUserStates> {
  return {
    index,
    async load(users, signal) {
      const loaded = await loadStates(client, index, users, signal);
      const taughtBefore = new Map<string, TaughtLists>();
      for (const [user, state] of loaded.states) taughtBefore.set(user, taughtLists(state));
      return { ...loaded, taughtBefore };
    },
    write(states, loaded, now, signal) {
      const merge = (computed: UserState, stored: UserState): UserState =>
        reapplyTeaching(computed, loaded.taughtBefore.get(computed.user), stored, baseline);
      return writeStates(client, index, states, loaded.versions, merge, now, retry, signal);
    },
  };
}
