/**
 * What the credential family remembers per source address, bounded and expiring: failures and successes counted in
 * 10-minute buckets over the last day, the users that failed from it (a capped, expiring view: distinct users are
 * what tell stuffing and spray from typing), its last successes (capped: a success that came before the attack was
 * recognised is still a compromised account), the attack it is running, and which events it has already counted.
 */
import { isBucket, pruneBuckets, type Bucket } from './buckets';
import { isCountedEvents, type CountedEvents } from './count_once';

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
