/**
 * Per-user detection state as documents keyed by user. The core's whole `UserState` sits unindexed under `state`
 * (its shape may grow without touching mappings); a few summary fields beside it are indexed so the UI and rules can
 * ask "who is at high risk", "who logged in from Italy" without reading every state.
 *
 * The task is not the only writer: marking an alert safe (server/triage/) teaches the user's baseline in the same
 * document. So states are read with their version and written under optimistic concurrency (`if_seq_no` /
 * `if_primary_term`, `create` for a user not stored yet); when a write meets a 409 the stored state is read again and
 * the caller's `merge` folds what changed into the newly computed state, a bounded number of times.
 */
import { createHash } from 'node:crypto';
import { readUserState, type UserState } from '../detection';
import { bulkWrite, BulkWriteError, type BulkDoc, type StoredVersion } from './bulk_writer';
import { throwIfDocFailed } from './complete_read';
import type { EsClient } from './es_client';
import type { RetryPolicy } from './retry';

/**
 * Document ids are at most 512 bytes; absurdly long user names are hashed (the name stays in `user.name`). A name that
 * itself starts with the hashed ids' prefix is hashed too: a log line's user named `sha256:<hex>` would otherwise have
 * the very id of the long name whose hash that is, and the two people would share (and overwrite) one state.
 */
export function stateDocId(user: string): string {
  return Buffer.byteLength(user) <= 256 && !user.startsWith(HASHED_ID_PREFIX)
    ? user
    : `${HASHED_ID_PREFIX}${createHash('sha256').update(user).digest('hex')}`;
}
const HASHED_ID_PREFIX = 'sha256:';

export interface StateDocument {
  '@timestamp': string;
  user: { name: string };
  risk: { level: string; score: number };
  first_login?: string;
  last_login?: string;
  countries: string[];
  updated_at: string;
  state: UserState;
  /**
   * The score model's current risk (server/queries/current_risk.ts), written by the triage routes and the detection
   * task from the alerts' status, not by the detection core: a state write keeps the stored value as it was read.
   */
  risk_now?: unknown;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toStateDocument(state: UserState, now: number, riskNow?: unknown): StateDocument {
  return {
    '@timestamp': iso(state.lastLoginAt ?? now),
    user: { name: state.user },
    risk: { level: state.risk.level, score: state.risk.score },
    ...(state.firstLoginAt !== undefined ? { first_login: iso(state.firstLoginAt) } : {}),
    ...(state.lastLoginAt !== undefined ? { last_login: iso(state.lastLoginAt) } : {}),
    countries: state.countries.map((c) => c.value),
    updated_at: iso(now),
    state,
    ...(riskNow !== undefined && riskNow !== null ? { risk_now: riskNow } : {}),
  };
}

function stateBulkDoc(
  index: string,
  state: UserState,
  version: StoredVersion | undefined,
  now: number,
  riskNow?: unknown,
): BulkDoc {
  const doc = toStateDocument(state, now, riskNow);
  return version
    ? { action: 'index', index, id: stateDocId(state.user), doc, guard: version }
    : { action: 'create', index, id: stateDocId(state.user), doc, guard: 'absent' };
}

export interface LoadedStates {
  states: Map<string, UserState>;
  /** Users whose stored state this version cannot use; they start afresh (and the pass reports them). */
  invalid: string[];
  /** The stored version of every user that has a document (usable or not): the write is guarded by it. */
  versions: Map<string, StoredVersion>;
  /** The stored `risk_now` of users that have one: written back as it was (StateDocument.risk_now). */
  riskNow: Map<string, unknown>;
}

/** Loads the states of `users` (normalised names); mget reads the latest write without a refresh. */
export async function loadStates(
  client: EsClient,
  index: string,
  users: readonly string[],
  signal?: AbortSignal,
): Promise<LoadedStates> {
  const states = new Map<string, UserState>();
  const invalid: string[] = [];
  const versions = new Map<string, StoredVersion>();
  const riskNow = new Map<string, unknown>();
  if (users.length === 0) return { states, invalid, versions, riskNow };
  const response = await client.mget<{ state?: unknown; risk_now?: unknown }>(
    { index, ids: users.map(stateDocId), _source: ['state', 'risk_now'] },
    { signal },
  );
  response.docs.forEach((doc, i) => {
    // A state that could not be read is not an absent one: starting the user afresh would forget their baseline.
    throwIfDocFailed(doc as never, 'the state of user');
    if (!('found' in doc) || !doc.found) return;
    versions.set(users[i], { seqNo: doc._seq_no!, primaryTerm: doc._primary_term! });
    if (doc._source?.risk_now) riskNow.set(users[i], doc._source.risk_now);
    const state = readUserState(doc._source?.state);
    if (state && state.user === users[i]) states.set(users[i], state);
    else invalid.push(users[i]);
  });
  return { states, invalid, versions, riskNow };
}

/**
 * Folds what a concurrent writer stored into the state this writer computed; returns the state to write instead.
 * `now`: the pass's clock, to read the stored side as a load reads it (a time no pass could have written is held).
 */
export type StateMerge = (computed: UserState, stored: UserState, now: number) => UserState;

export interface StatesWritten {
  written: number;
  retries: number;
  /** Writes that met a concurrent change and were merged and written again. */
  merged: number;
}

/** Rounds of re-read and merge before giving up: each round needs a concurrent write landing in a few milliseconds. */
export const MAX_STATE_MERGE_ROUNDS = 5;

/**
 * Writes `states` over the versions they were read at (`versions`; a user without one is created). A user whose
 * document changed meanwhile is read again and written as `merge(computed, stored, now)` over the new version. If the
 * stored state is exactly what we tried to write, our earlier attempt landed (its answer was lost): nothing to do.
 */
export async function writeStates(
  client: EsClient,
  index: string,
  states: ReadonlyMap<string, UserState>,
  versions: ReadonlyMap<string, StoredVersion>,
  merge: StateMerge,
  now: number,
  policy: RetryPolicy,
  signal?: AbortSignal,
  riskNow?: ReadonlyMap<string, unknown>,
): Promise<StatesWritten> {
  const out: StatesWritten = { written: 0, retries: 0, merged: 0 };
  let pending: BulkDoc[] = [];
  for (const [user, state] of states)
    pending.push(stateBulkDoc(index, state, versions.get(user), now, riskNow?.get(user)));
  for (let round = 0; ; round++) {
    const result = await bulkWrite(client, pending, policy, signal);
    out.written += result.written;
    out.retries += result.retries;
    if (result.conflicts.length === 0) return out;
    if (round >= MAX_STATE_MERGE_ROUNDS) {
      throw new BulkWriteError(
        `the state of ${result.conflicts.length} user(s) kept changing while this pass wrote it (first: ${result.conflicts[0].id})`,
        result.conflicts.map((d) => ({ id: d.id, status: 409, type: 'version_conflict_engine_exception' })),
      );
    }
    const computed = result.conflicts.map((d) => (d.doc as StateDocument).state);
    const response = await client.mget<{ state?: unknown; risk_now?: unknown }>(
      { index, ids: result.conflicts.map((d) => d.id), _source: ['state', 'risk_now'] },
      { signal },
    );
    pending = [];
    response.docs.forEach((doc, i) => {
      const mine = computed[i];
      if (!('found' in doc) || !doc.found) {
        pending.push(stateBulkDoc(index, mine, undefined, now)); // deleted meanwhile
        return;
      }
      const version = { seqNo: doc._seq_no!, primaryTerm: doc._primary_term! };
      const stored = doc._source?.state;
      // The triage routes may have written the current risk meanwhile: keep theirs.
      const storedRiskNow = doc._source?.risk_now;
      if (JSON.stringify(stored) === JSON.stringify(mine)) {
        out.written++;
        return;
      }
      // A stored state this version cannot read is replaced, as loadStates treats it (the user starts afresh).
      const readable = readUserState(stored);
      const next = readable && readable.user === mine.user ? merge(mine, readable, now) : mine;
      out.merged++;
      pending.push(stateBulkDoc(index, next, version, now, storedRiskNow));
    });
    if (pending.length === 0) return out;
  }
}
