/**
 * Per-user detection state as documents keyed by user. The core's whole `UserState` sits unindexed under `state`
 * (its shape may grow without touching mappings); a few summary fields beside it are indexed so the UI and rules can
 * ask "who is at high risk", "who logged in from Italy" without reading every state.
 */
import { createHash } from 'node:crypto';
import { isUserState, type UserState } from '../detection';
import type { BulkDoc } from './bulk_writer';
import type { EsClient } from './es_client';

/** Document ids are at most 512 bytes; absurdly long user names are hashed (the name stays in `user.name`). */
export function stateDocId(user: string): string {
  return Buffer.byteLength(user) <= 256 ? user : `sha256:${createHash('sha256').update(user).digest('hex')}`;
}

export interface StateDocument {
  '@timestamp': string;
  user: { name: string };
  risk: { level: string; score: number };
  first_login?: string;
  last_login?: string;
  countries: string[];
  updated_at: string;
  state: UserState;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toStateDocument(state: UserState, now: number): StateDocument {
  return {
    '@timestamp': iso(state.lastLoginAt ?? now),
    user: { name: state.user },
    risk: { level: state.risk.level, score: state.risk.score },
    ...(state.firstLoginAt !== undefined ? { first_login: iso(state.firstLoginAt) } : {}),
    ...(state.lastLoginAt !== undefined ? { last_login: iso(state.lastLoginAt) } : {}),
    countries: state.countries.map((c) => c.value),
    updated_at: iso(now),
    state,
  };
}

export function stateBulkDocs(index: string, states: ReadonlyMap<string, UserState>, now: number): BulkDoc[] {
  const docs: BulkDoc[] = [];
  for (const [user, state] of states) docs.push({ action: 'index', index, id: stateDocId(user), doc: toStateDocument(state, now) });
  return docs;
}

export interface LoadedStates {
  states: Map<string, UserState>;
  /** Users whose stored state this version cannot use; they start afresh (and the pass reports them). */
  invalid: string[];
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
  if (users.length === 0) return { states, invalid };
  const response = await client.mget<{ state?: unknown }>(
    { index, ids: users.map(stateDocId), _source: ['state'] },
    { signal },
  );
  response.docs.forEach((doc, i) => {
    if (!('found' in doc) || !doc.found) return;
    const state = doc._source?.state;
    if (isUserState(state) && state.user === users[i]) states.set(users[i], state);
    else invalid.push(users[i]);
  });
  return { states, invalid };
}
