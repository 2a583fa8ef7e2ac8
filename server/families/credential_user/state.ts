/**
 * What the user-keyed credential family remembers per account, bounded and expiring: failures and successes in
 * 1-minute buckets over the longest window (brute force is judged over minutes, so the buckets are fine-grained),
 * the addresses that failed on it (capped), its MFA denials and time-outs (capped), the attacks it is under, and
 * which events it has already counted.
 */
import { isBucket, pruneBuckets, type Bucket } from '../credential/buckets';
import { isCountedEvents, type CountedEvents } from '../credential/count_once';

export const USER_BUCKET_MS = 60_000;
/** Addresses that failed on one account, kept at most (a distributed attack past this is already found). */
export const MAX_ADDRESSES = 500;
/** MFA denials and time-outs kept per account. */
export const MAX_MFA_DENIALS = 100;

export interface FailedAddress {
  ip: string;
  firstAt: number;
  lastAt: number;
  failures: number;
}

export interface MfaDenial {
  at: number;
  step: 'deny' | 'timeout';
  ip?: string;
}

export type UserAttackRule = 'brute_force' | 'distributed_brute_force';

export interface UserAttack {
  rule: UserAttackRule;
  alertId: string;
  startedAt: number;
  lastFailureAt: number;
  /** The success that followed, once alerted (one per attack). */
  succeeded?: boolean;
}

export interface UserState extends CountedEvents {
  buckets: Bucket[];
  addresses: FailedAddress[];
  mfa: MfaDenial[];
  attacks: UserAttack[];
}

export const emptyUserState = (): UserState => ({
  buckets: [],
  addresses: [],
  mfa: [],
  attacks: [],
  lastAt: 0,
  lastIds: [],
});

export function isUserState(v: unknown): v is UserState {
  const s = v as UserState;
  return (
    isCountedEvents(v) &&
    Array.isArray(s.buckets) &&
    s.buckets.every(isBucket) &&
    Array.isArray(s.addresses) &&
    Array.isArray(s.mfa) &&
    Array.isArray(s.attacks)
  );
}

/** Forgets what no window can reach any more (and caps the lists), so the state stays bounded. */
export function expireUser(state: UserState, at: number, keepMs: number, mfaWindowMs: number, followMs: number): void {
  state.buckets = pruneBuckets(state.buckets, at, keepMs);
  state.mfa = state.mfa.filter((d) => d.at > at - mfaWindowMs).slice(-MAX_MFA_DENIALS);
  state.attacks = state.attacks.filter((a) => at <= a.lastFailureAt + followMs);
  // An address that failed in an attack still followed is kept: the takeover is a success from one of them.
  const attackSince = state.attacks.reduce((m, a) => Math.min(m, a.startedAt), Infinity);
  state.addresses = state.addresses.filter((a) => a.lastAt > at - keepMs || a.lastAt >= attackSince);
}

/** Counts a failure from `ip`; past the cap the address failing longest ago is forgotten. */
export function rememberFailedAddress(state: UserState, ip: string, at: number): void {
  const known = state.addresses.find((a) => a.ip === ip);
  if (known) {
    known.lastAt = at;
    known.failures++;
    return;
  }
  state.addresses.push({ ip, firstAt: at, lastAt: at, failures: 1 });
  if (state.addresses.length > MAX_ADDRESSES) {
    state.addresses.sort((a, b) => a.lastAt - b.lastAt);
    state.addresses.shift();
  }
}
