/**
 * A family's per-entity state as documents in `buffalogs-<family>-state-<space>`, one per entity key: the family's
 * whole state unindexed under `state`, with the family, the entity and the state's version beside it. Writes are
 * guarded by the version read (`create` for a new entity), as the login family's user states are; a write that meets
 * a concurrent change is read again and folded in with the family's `merge`, or replaced when it has none (only the
 * partition's own task writes these states, so a conflict means an earlier attempt of this very write landed).
 */
import {
  bulkWrite,
  BulkWriteError,
  stateDocId,
  type BulkDoc,
  type EsClient,
  type RetryPolicy,
  type StoredVersion,
} from '../storage';
import { MAX_STATE_MERGE_ROUNDS } from '../storage/user_state_store';
import type { LoadedStates, StateStore } from '../families/family';

export interface KeyedStates<S> extends LoadedStates<S> {
  versions: Map<string, StoredVersion>;
}

interface EntityStateDocument<S> {
  family: string;
  entity: { field: string; value: string };
  /** The state shape's version: a state of another version is not read (the entity starts afresh). */
  version: number;
  updated_at: string;
  /** Epoch ms from which the entity must be judged again even without events (see `summary`). */
  due?: number;
  state: S;
}

/**
 * How a stored state is read: `isState` takes it whole or not at all; `read` may also give it back without the entries
 * it cannot use (a stored document may be hand-edited or left by another writer: one entry of the wrong type must not
 * make every later batch of the entity throw, nor cost the rest of its state), undefined when it is unusable as a whole.
 */
type StateReader<S> =
  { isState(value: unknown): value is S; read?: never } | { read(value: unknown): S | undefined; isState?: never };

export type KeyedStateOptions<S> = StateReader<S> & {
  family: string;
  field: string;
  version: number;
  /**
   * `now`: the writing pass's clock, for the stored state to be read as the family reads it when it judges with it
   * (../families/judged_to.ts): the merge is the other place a stored state is used.
   */
  merge?(computed: S, stored: S, now: number): S;
  /**
   * Queryable fields written beside the state (mapped by the entity-state template, e.g. `due`: when the state next
   * needs judging even without new events). Absent: none.
   */
  summary?(state: S): { due?: number };
  retry: RetryPolicy;
};

export function keyedStateStore<S>(
  client: EsClient,
  index: string,
  options: KeyedStateOptions<S>,
): StateStore<S, KeyedStates<S>> {
  const doc = (key: string, state: S, now: number): EntityStateDocument<S> => ({
    family: options.family,
    entity: { field: options.field, value: key },
    version: options.version,
    updated_at: new Date(now).toISOString(),
    ...options.summary?.(state),
    state,
  });
  const bulkDoc = (key: string, state: S, version: StoredVersion | undefined, now: number): BulkDoc =>
    version
      ? { action: 'index', index, id: stateDocId(key), doc: doc(key, state, now), guard: version }
      : { action: 'create', index, id: stateDocId(key), doc: doc(key, state, now), guard: 'absent' };
  const read = (state: unknown): S | undefined =>
    options.read ? options.read(state) : options.isState(state) ? state : undefined;
  // Both the load and a conflicted write's merge read the stored state through the family's reader.
  const usable = (source: Partial<EntityStateDocument<unknown>> | undefined, key: string): S | undefined =>
    source && source.version === options.version && source.entity?.value === key ? read(source.state) : undefined;

  return {
    index,
    async load(keys, signal) {
      const states = new Map<string, S>();
      const versions = new Map<string, StoredVersion>();
      const invalid: string[] = [];
      if (keys.length === 0) return { states, versions, invalid };
      const response = await client.mget<EntityStateDocument<unknown>>(
        { index, ids: keys.map(stateDocId) },
        { signal },
      );
      response.docs.forEach((found, i) => {
        if (!('found' in found) || !found.found) return;
        versions.set(keys[i], { seqNo: found._seq_no!, primaryTerm: found._primary_term! });
        const state = usable(found._source, keys[i]);
        if (state !== undefined) states.set(keys[i], state);
        else invalid.push(keys[i]);
      });
      return { states, versions, invalid };
    },
    async write(states, loaded, now, signal) {
      const out = { written: 0, retries: 0, merged: 0 };
      let pending: Array<{ key: string; state: S; doc: BulkDoc }> = [];
      for (const [key, state] of states)
        pending.push({ key, state, doc: bulkDoc(key, state, loaded.versions.get(key), now) });
      for (let round = 0; pending.length > 0; round++) {
        const result = await bulkWrite(
          client,
          pending.map((p) => p.doc),
          options.retry,
          signal,
        );
        out.written += result.written;
        out.retries += result.retries;
        if (result.conflicts.length === 0) break;
        if (round >= MAX_STATE_MERGE_ROUNDS) {
          throw new BulkWriteError(
            `the state of ${result.conflicts.length} ${options.family} entit(ies) kept changing while this pass wrote it`,
            result.conflicts.map((d) => ({ id: d.id, status: 409, type: 'version_conflict_engine_exception' })),
          );
        }
        const conflicted = new Set(result.conflicts.map((d) => d.id));
        const again = pending.filter((p) => conflicted.has(p.doc.id));
        const response = await client.mget<EntityStateDocument<unknown>>(
          { index, ids: again.map((p) => p.doc.id) },
          { signal },
        );
        pending = [];
        response.docs.forEach((found, i) => {
          const { key, state } = again[i];
          if (!('found' in found) || !found.found) {
            pending.push({ key, state, doc: bulkDoc(key, state, undefined, now) });
            return;
          }
          const version = { seqNo: found._seq_no!, primaryTerm: found._primary_term! };
          const stored = usable(found._source, key);
          const next = stored !== undefined && options.merge ? options.merge(state, stored, now) : state;
          out.merged++;
          pending.push({ key, state: next, doc: bulkDoc(key, next, version, now) });
        });
      }
      return out;
    },
  };
}
