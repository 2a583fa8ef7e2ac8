/**
 * What the credential family remembers per source address, bounded and expiring: failures and successes counted in
 * 10-minute buckets over the last day, the users that failed from it (a capped, expiring view: distinct users are
 * what tell stuffing and spray from typing), its last successes (capped: a success that came before the attack was
 * recognised is still a compromised account), the attack it is running, and which events it has already counted.
 */
import { bucketsBy, isBucket, pruneBuckets, type Bucket } from './buckets';
import { forgetCountsPastClock, isCountedEvents, type CountedEvents } from './count_once';
import { isCount, isText, isTime, usableBuckets, usableCounted } from './stored';
import { usableList } from '../../stored_list';
import { isPlainObject } from '../../events/ecs_document';
import { judgedByAPass, writtenByAPass } from '../judged_to';

export const BUCKET_MS = 10 * 60_000;
/** Users that failed from one address, kept at most (a stuffing run of a few hundred names fits). */
export const MAX_FAILED_USERS = 2000;
/** Recent successes kept per address (for retroactive compromise and the shared-egress evidence). */
export const MAX_SUCCESSES = 100;
/** Accounts remembered as compromised by one attack (one alert each). */
export const MAX_COMPROMISED = 1000;

export interface FailedUser {
  user: string;
  firstAt: number;
  lastAt: number;
  attempts: number;
}

export interface RecentSuccess {
  user: string;
  at: number;
  id: string;
  index: string;
}

export interface OpenAttack {
  rule: 'credential_stuffing' | 'password_spray';
  alertId: string;
  startedAt: number;
  detectedAt: number;
  lastFailureAt: number;
  compromised: string[];
  /**
   * The failure it was recognised on (its alert's trigger: the alert id is made of it), so a later batch can write the
   * alert again with the attack's figures so far. Absent in states stored before attacks were followed: their alert
   * stays as it was first written.
   */
  trigger?: { id: string; index: string };
  /** Distinct users failed from the address since the attack began (its alert's `usersTargeted`). */
  usersTargeted?: number;
}

export interface SourceState extends CountedEvents {
  buckets: Bucket[];
  failed: FailedUser[];
  successes: RecentSuccess[];
  attack?: OpenAttack;
  /** When the last "trusted shared source" notice was written (one a day at most). */
  trustedNoticeAt?: number;
}

export const emptySourceState = (): SourceState => ({ buckets: [], failed: [], successes: [], lastAt: 0, lastIds: [] });

export function isSourceState(v: unknown): v is SourceState {
  const s = v as SourceState;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(s.buckets) &&
    s.buckets.every(isBucket) &&
    Array.isArray(s.failed) &&
    Array.isArray(s.successes) &&
    isCountedEvents(s)
  );
}

/**
 * A stored state as the core can use it (./stored.ts says why): undefined when it is no object or what it counted is
 * not known; otherwise without the entries that are not of their type — a null failed user or success made every
 * later batch of the address throw in `expire`, an open attack without its compromised list threw at the address's
 * next success — and without an attack or notice time it cannot use (the attack is then recognised again). A state
 * of usable entries is returned as the very object (no copy).
 */
export function readSourceState(v: unknown): SourceState | undefined {
  if (!isPlainObject(v)) return undefined;
  const counted = usableCounted(v);
  if (!counted) return undefined;
  const s = v as unknown as SourceState;
  const buckets = usableBuckets(v.buckets);
  const failed = usableList<FailedUser>(v.failed, usableFailedUser);
  const successes = usableList<RecentSuccess>(v.successes, usableSuccess);
  const attack = v.attack === undefined ? undefined : usableAttack(v.attack);
  const noticeKept = v.trustedNoticeAt === undefined || isTime(v.trustedNoticeAt);
  if (
    counted.lastIds === s.lastIds &&
    buckets === s.buckets &&
    failed === s.failed &&
    successes === s.successes &&
    attack === s.attack &&
    noticeKept
  )
    return s;
  const out: SourceState = { ...s, ...counted, buckets, failed, successes, attack };
  if (attack === undefined) delete out.attack;
  if (!noticeKept) delete out.trustedNoticeAt;
  return out;
}

const usableFailedUser = (f: unknown): boolean =>
  isPlainObject(f) && isText(f.user) && isTime(f.firstAt) && isTime(f.lastAt) && isCount(f.attempts);

const usableSuccess = (s: unknown): boolean =>
  isPlainObject(s) && isText(s.user) && isTime(s.at) && isText(s.id) && isText(s.index);

/** The open attack, its compromised accounts that are no text dropped; undefined when it cannot be followed. */
function usableAttack(a: unknown): OpenAttack | undefined {
  if (
    !isPlainObject(a) ||
    (a.rule !== 'credential_stuffing' && a.rule !== 'password_spray') ||
    !isText(a.alertId) ||
    !isTime(a.startedAt) ||
    !isTime(a.detectedAt) ||
    !isTime(a.lastFailureAt)
  )
    return undefined;
  const attack = a as unknown as OpenAttack;
  const compromised = usableList<string>(a.compromised, isText, MAX_COMPROMISED);
  // What follows the attack's alert is optional: without it the attack is still followed, its alert not rewritten.
  const triggerKept =
    a.trigger === undefined || (isPlainObject(a.trigger) && isText(a.trigger.id) && isText(a.trigger.index));
  const targetedKept = a.usersTargeted === undefined || isCount(a.usersTargeted);
  if (compromised === attack.compromised && triggerKept && targetedKept) return attack;
  const out: OpenAttack = { ...attack, compromised };
  if (!triggerKept) delete out.trigger;
  if (!targetedKept) delete out.usersTargeted;
  return out;
}

/**
 * Forgets (in place) the times no pass could have written (../judged_to.ts): each is an event's time, and a pass reads
 * events up to its clock. Each would otherwise pass every window and every expiry for good — an open attack whose last
 * failure is in the year 3000 took the address's every later run for itself (no alert) and every success from it for
 * a compromised account; such a failed user counted in every window, a success was compromised by every attack, and a
 * trusted-source notice was never written again (buckets: ./buckets.ts, bucketsBy). Dropped, not moved back to the
 * latest time a pass could have written: moved, each would still count, follow or silence for the day of slack and its
 * window past it, for an event no pass saw then; dropped, an attack is recognised again from the counts. Called by the
 * core on its copy of the stored state, not by readSourceState: the reader has the stored state only. The newest
 * counted time too (count_once.ts, forgetCountsPastClock).
 */
export function forgetTimesPastClock(state: SourceState, now: number): void {
  forgetCountsPastClock(state, now);
  state.buckets = bucketsBy(state.buckets, now);
  if (state.attack && !judgedByAPass(state.attack.lastFailureAt, now)) delete state.attack;
  state.failed = writtenByAPass(state.failed, (f) => f.lastAt, now);
  state.successes = writtenByAPass(state.successes, (s) => s.at, now);
  if (state.trustedNoticeAt !== undefined && !judgedByAPass(state.trustedNoticeAt, now)) delete state.trustedNoticeAt;
}

/** Forgets what is older than the longest window (and caps the lists), so the state stays bounded. */
export function expire(state: SourceState, at: number, keepMs: number, followMs: number): void {
  state.buckets = pruneBuckets(state.buckets, at, keepMs);
  state.failed = state.failed.filter((f) => f.lastAt > at - keepMs);
  if (state.failed.length > MAX_FAILED_USERS) {
    state.failed.sort((a, b) => a.lastAt - b.lastAt);
    state.failed = state.failed.slice(-MAX_FAILED_USERS);
  }
  state.successes = state.successes.filter((s) => s.at > at - Math.max(keepMs, followMs)).slice(-MAX_SUCCESSES);
  if (state.attack && at > state.attack.lastFailureAt + followMs) delete state.attack;
  if (state.trustedNoticeAt !== undefined && at > state.trustedNoticeAt + keepMs) delete state.trustedNoticeAt;
}

/** Distinct users that failed, their failures, within `(at - windowMs, at]`. */
export function failedUsersSince(state: SourceState, at: number, windowMs: number): FailedUser[] {
  return state.failed.filter((f) => f.lastAt > at - windowMs);
}
