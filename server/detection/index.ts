/**
 * The pure detection core: normalised logins and per-user state in, alert documents and new state out. No I/O, no
 * Kibana, no clock: the caller supplies `now` (wall-clock epoch ms), used only where BuffaLogs itself uses the wall
 * clock (learning period from a user's first sighting, row and alert retention) and as the alerts' `event.created`.
 *
 * Determinism: events of any users in any order; each user's logins are judged in (timestamp, index, id) order;
 * duplicates (same index + id) are dropped within a batch and, through a bounded memory of identities in the state
 * (`baseline.dedupWindow`), across batches. A login older than one judged in an earlier batch is judged against the
 * state as it is (counted in `stats.outOfOrder`), never dropped for its time. The same events and state give the same alerts and ids whether they arrive in one batch or in many
 * consecutive batches with the state carried over (and the same `now`).
 */
import type { AlertDocument } from '../../common/alert_document';
import type { DetectionConfig } from '../../common/detection_config';
import { compileConfig, type CompiledConfig } from './compiled_config';
import { processUser, type Sink } from './engine';
import type { DetectionStats, LoginEvent } from './types';
import type { Observation } from './verdict/observation';
import type { HabitModel } from './verdict/user_model';
import { PopulationContext } from './verdict/population_context';
import {
  USER_STATE_VERSION,
  cloneUserState,
  newUserState,
  readUserState,
  type BaselineEntry,
  type UserState,
} from './user_state';

export type { AlertDocument } from '../../common/alert_document';
export {
  PROFILE_NAMES,
  parseDetectionConfigOverrides,
  profileDefaults,
  resolveDetectionConfig,
  type DetectionConfig,
  type DetectionConfigOverrides,
  type ConfigError,
} from '../../common/detection_config';
export type { DetectionStats, LoginEvent, LoginGeo, ParsedUserAgent } from './types';
export { USER_STATE_VERSION, isUserState, newUserState, readUserState, type UserState } from './user_state';
export { FILTER_REASONS } from './filters';
export { PopulationContext } from './verdict/population_context';
export type { Observation } from './verdict/observation';

export interface DetectInput {
  events: readonly LoginEvent[];
  /** Known users' states by user name (as `LoginEvent.user`); never modified. */
  states: ReadonlyMap<string, UserState>;
  config: DetectionConfig;
  /** Wall clock, epoch ms. */
  now: number;
  /**
   * Hand the state objects over: `detect` updates them in place instead of copying each touched user's state first.
   * For callers that just read the states from storage with `readUserState` and hold no other reference (the task,
   * the CLI) or pass back the states `detect` returned; it saves a copy per user per batch and the garbage it makes,
   * and a handed state of the current version is not validated again. Default false: the given states are left
   * untouched.
   */
  reuseStates?: boolean;
  /**
   * What the default profile's verdict learns across users (the organisation's networks, population rarity). Updated
   * in place; pass the same object to consecutive batches so it keeps learning. Without it, a batch learns alone.
   */
  context?: PopulationContext;
}

export interface DetectOutput {
  /** Per user (users in name order), in the order the alerts were produced. */
  alerts: AlertDocument[];
  /** The new state of every user who had at least one event in this batch. */
  states: Map<string, UserState>;
  stats: DetectionStats;
  /** Default profile: logins whose verdict stayed below the alerting threshold, with their signals. */
  observations: Observation[];
  /** The cross-user context after this batch (the one given, updated; or a new one). */
  context?: PopulationContext;
}

/** The order a user's logins are judged in: time, then index and id, so equal times sort the same anywhere. */
export const byTimeIndexId = (a: LoginEvent, b: LoginEvent): number =>
  a.timestamp - b.timestamp ||
  (a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function detect(input: DetectInput): DetectOutput {
  const cc = compileConfig(input.config);
  const stats: DetectionStats = {
    events: input.events.length,
    users: 0,
    duplicates: 0,
    alerts: 0,
    filteredAlerts: 0,
    skipped: 0,
    outOfOrder: 0,
  };
  const byUser = groupByUser(input.events, stats);
  const verdict = input.config.verdict;
  const context =
    verdict?.enabled && input.config.baseline.store === 'per_attribute'
      ? (input.context ??
        new PopulationContext({
          orgMinUsersPerPrefix: verdict.orgMinUsersPerPrefix,
          carrierMobileShare: verdict.carrierMobileShare,
        }))
      : undefined;
  const sink: Sink = { alerts: [], stats, observations: [], population: context };
  const states = judgeUsers(byUser, input, cc, sink);
  stats.users = byUser.users.length;
  return { alerts: sink.alerts, states, stats, observations: sink.observations, context };
}

// detect runs a few times a pass, so its two loops over the batch run mostly in on-stack-replaced code: each is a
// function of its own, whose optimized code is the loop alone (a loop inside detect was optimized with the code after
// it, which had not run yet, and fell back to the baseline tier there). Indexed loops: for…of over an array
// allocates an iterator result per element in the tiers below.

/** The batch's logins by user: user k's, in batch order, are `logins[starts[k]]` up to `logins[starts[k + 1]]`. */
interface ByUser {
  users: string[];
  index: Map<string, number>;
  starts: Int32Array;
  logins: LoginEvent[];
}

/**
 * The batch's logins by user, each user's in batch order; a login without a user or a finite time is skipped. A
 * counting sort: one map lookup per login gives its user's number, then every login is put in its user's place in
 * one array. (A list per user, pushed to per login, cost two cache misses a login: the list and its store.)
 */
function groupByUser(events: readonly LoginEvent[], stats: DetectionStats): ByUser {
  const index = new Map<string, number>();
  const users: string[] = [];
  const counts: number[] = [];
  const userOf = new Int32Array(events.length);
  numberUsers(events, stats, index, users, counts, userOf);
  const starts = new Int32Array(users.length + 1);
  startsOf(counts, starts);
  const logins = new Array<LoginEvent>(starts[users.length]);
  placeLogins(events, userOf, starts.slice(0, users.length), logins);
  return { users, index, starts, logins };
}

// groupByUser's three loops, each a function of its own whose optimized (on-stack-replaced) code is the loop and a
// return: compiled in one function, the code for a loop also took in what follows it, which had not run yet, and was
// thrown away there (the first batch compiled groupByUser six times over).

/** Each login's user number (-1: skipped) into `userOf`, each user's login count into `counts`. */
function numberUsers(
  events: readonly LoginEvent[],
  stats: DetectionStats,
  index: Map<string, number>,
  users: string[],
  counts: number[],
  userOf: Int32Array,
): void {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!event.user || !Number.isFinite(event.timestamp)) {
      stats.skipped++;
      userOf[i] = -1;
      continue;
    }
    const k = index.get(event.user);
    if (k === undefined) {
      // Appended by indexed stores, not push: the batch's lists start empty, of small integers as far as the engine
      // knows, and an optimized push of a string onto such a list is thrown away (at each batch's first user).
      const n = users.length;
      userOf[i] = n;
      index.set(event.user, n);
      users[n] = event.user;
      counts[n] = 1;
    } else {
      userOf[i] = k;
      counts[k]++;
    }
  }
}

/** `starts[k + 1]`: where user k's logins end (a running sum of the counts). */
function startsOf(counts: readonly number[], starts: Int32Array): void {
  for (let k = 0; k < counts.length; k++) starts[k + 1] = starts[k] + counts[k];
}

/** Each login into its user's next place (`next`: each user's next free index, from its start). */
function placeLogins(events: readonly LoginEvent[], userOf: Int32Array, next: Int32Array, logins: LoginEvent[]): void {
  for (let i = 0; i < events.length; i++) {
    const k = userOf[i];
    if (k >= 0) logins[next[k]++] = events[i];
  }
}

/** Each user's logins, in time order, against the user's state, users in name order: the users' new states. */
function judgeUsers(byUser: ByUser, input: DetectInput, cc: CompiledConfig, sink: Sink): Map<string, UserState> {
  const states = new Map<string, UserState>();
  judgeEach(byUser.users.slice().sort(), byUser, input, cc, sink, states);
  return states;
}

/**
 * judgeUsers' loop, a function of its own (as groupByUser's loops): its code is the loop alone, not the work before and
 * after it, which runs once a batch and, compiled with the loop, had no feedback there yet and threw the code away.
 */
function judgeEach(
  users: readonly string[],
  byUser: ByUser,
  input: DetectInput,
  cc: CompiledConfig,
  sink: Sink,
  states: Map<string, UserState>,
): void {
  const now = input.now;
  for (let u = 0; u < users.length; u++) {
    const user = users[u];
    const k = byUser.index.get(user)!;
    // The user's logins in place in the grouped batch (no copy of them per user), put in order there when they are not.
    const logins = byUser.logins;
    const from = byUser.starts[k];
    const to = byUser.starts[k + 1];
    if (!isSorted(logins, from, to)) sortRange(logins, from, to);
    const given = input.states.get(user);
    // States handed over (reuseStates) are the caller's own, just read with readUserState (or returned by detect): a
    // current version is taken as it is, not validated again each batch. Anything else is read (and upgraded) here.
    const previous =
      given === undefined
        ? undefined
        : input.reuseStates && given.version === USER_STATE_VERSION
          ? given
          : readUserState(given);
    if (given !== undefined && previous === undefined) {
      throw new Error(`detect: the stored state of user "${user}" is not a UserState this version can read; drop it`);
    }
    // Not handed over: copied, even when readUserState made a new object (it shares the given state's lists).
    const state = previous ? (input.reuseStates ? previous : cloneUserState(previous)) : newUserState(user, now);
    touchAhead(logins, from, to);
    // A new user's state is empty: nothing to read ahead (and in the first batch, where every user is new, the reads
    // of the lists never ran before touchState was compiled, and its code was thrown away at the next batch).
    if (previous !== undefined) touchState(state);
    processUser(logins, state, cc, now, sink, from, to);
    states.set(user, state);
  }
}

/**
 * Reads, in tight loops, what judging this user's logins reads first: each login's id, address, place and network,
 * and the state's baselines, recent logins and remembered identities. Memory is what a batch waits for: its logins
 * and the users' states are scattered over a heap far larger than the caches, and the judging touches each login's
 * objects one after the other (the id string to hash it, then its geo, its network…), each a miss waited for alone:
 * the id string's alone was 40 % of processUser's time. Here the loads do not depend on one another, so the
 * processor has many in flight at once, and judging then finds them in the cache (batch: 1.06–1.14× in
 * bench:detection:ab). Only reads; what is read is summed into `touched`, so that the compiler keeps the loads.
 * The state's reads are touchState's.
 */
function touchAhead(events: readonly LoginEvent[], from: number, to: number): void {
  // Typed reads only (a field of another type, or a null list entry, is skipped: judging deals with it as before).
  let t = 0;
  for (let i = from; i < to; i++) {
    const e = events[i];
    const id = e.id;
    if (typeof id === 'string') t += id.length;
    const ip = e.ip;
    if (typeof ip === 'string') t += ip.length;
    const geo = e.geo;
    if (typeof geo === 'object' && geo !== null && geo.lat > 0) t++;
    const asn = e.asn;
    if (typeof asn === 'object' && asn !== null && asn.number !== undefined) t++;
  }
  touched.sum = t;
}

/** touchAhead's reads of the user's state: its baselines, recent logins, remembered identities and habit model. */
function touchState(state: UserState): void {
  let t = touchEntries(state.countries) + touchEntries(state.devices) + touchEntries(state.ips);
  t += touchEntries(state.asns) + touchEntries(state.habits);
  const seen = state.seen;
  for (let i = 0; i < seen.length; i += 8) if (seen[i] > 0) t++; // a cache line holds 8 identities
  const logins = state.logins;
  for (let i = 0; i < logins.length; i++) {
    const l = logins[i];
    if (typeof l === 'object' && l !== null && l.at > 0 && l.lat < l.lon) t++;
  }
  t += touchModel(state.model);
  touched.sum += t;
}

/**
 * touchAhead's reads of the habit model, which every login of the default profile learns from (user_model.ts
 * learnHabits): its arrays of values and weights, its totals and its hour bins (8 to a cache line).
 */
function touchModel(m: HabitModel | undefined): number {
  let t = 0;
  if (typeof m !== 'object' || m === null) return t;
  const { v, w, n, h } = m;
  if (Array.isArray(v) && Array.isArray(w))
    for (let f = 0; f < 4; f++) {
      const values = v[f];
      const weights = w[f];
      if (Array.isArray(values) && typeof values[0] === 'string') t += values[0].length;
      if (Array.isArray(weights) && weights[0] > 0) t++;
    }
  if (Array.isArray(n) && n[0] > 0) t++;
  if (Array.isArray(h)) for (let b = 0; b < h.length; b += 8) if (h[b] > 0) t++;
  return t;
}
const touched = { sum: 0 };

/** touchAhead's reads of one baseline list: each entry, its value's text and its time. */
function touchEntries(list: readonly BaselineEntry[] | undefined): number {
  let t = 0;
  if (list !== undefined)
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (typeof e !== 'object' || e === null) continue;
      const value = e.value;
      if (typeof value === 'string') t += value.length;
      if (e.last > 0) t++;
    }
  return t;
}

/** Whether `events[from]` up to `events[to]` are in judging order. */
function isSorted(events: readonly LoginEvent[], from: number, to: number): boolean {
  // Strictly later (the usual case) is in order whatever the index and id: only a tie needs the full comparison.
  let previous = events[from];
  for (let i = from + 1; i < to; i++) {
    const event = events[i];
    if (!(previous.timestamp < event.timestamp) && byTimeIndexId(previous, event) > 0) return false;
    previous = event;
  }
  return true;
}

/** Sorts `events[from]` up to `events[to]` in judging order, in place. */
function sortRange(events: LoginEvent[], from: number, to: number): void {
  const sorted = events.slice(from, to).sort(byTimeIndexId);
  for (let i = 0; i < sorted.length; i++) events[from + i] = sorted[i];
}
