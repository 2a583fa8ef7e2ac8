/**
 * What the user-keyed credential family remembers per account, bounded and expiring: failures and successes in
 * 1-minute buckets over the longest window (brute force is judged over minutes, so the buckets are fine-grained),
 * the addresses that failed on it (capped), its MFA denials and time-outs (capped), the attacks it is under, and
 * which events it has already counted.
 */
import { bucketsBy, isBucket, pruneBuckets, type Bucket } from '../credential/buckets';
import { forgetCountsPastClock, isCountedEvents, type CountedEvents } from '../credential/count_once';
import { isCount, isText, isTime, usableBuckets, usableCounted } from '../credential/stored';
import { usableList } from '../../stored_list';
import { isPlainObject } from '../../events/ecs_document';
import { writtenByAPass } from '../judged_to';

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

/**
 * A stored state as the core can use it (../credential/stored.ts says why): undefined when it is no object or what it
 * counted is not known; otherwise without the entries that are not of their type — a null address, MFA denial or
 * attack made every later batch of the account throw in `expireUser`; an attack of a rule this version does not know
 * threw at the account's next success (its alert has no name) — and with its lists within their caps (past a hundred
 * thousand attacks, the spread of their start times in a success's judgement threw; addresses over their cap were
 * only ever cut by one). A state of usable entries is returned as the very object (no copy).
 */
export function readAccountState(v: unknown): UserState | undefined {
  if (!isPlainObject(v)) return undefined;
  const counted = usableCounted(v);
  if (!counted) return undefined;
  const s = v as unknown as UserState;
  const buckets = usableBuckets(v.buckets);
  const addresses = withinAddressCap(usableList<FailedAddress>(v.addresses, usableAddress));
  const mfa = usableList<MfaDenial>(v.mfa, usableDenial, MAX_MFA_DENIALS);
  const attacks = latestPerRule(usableList<UserAttack>(v.attacks, usableAttack));
  if (
    counted.lastIds === s.lastIds &&
    buckets === s.buckets &&
    addresses === s.addresses &&
    mfa === s.mfa &&
    attacks === s.attacks
  )
    return s;
  return { ...s, ...counted, buckets, addresses, mfa, attacks };
}

const usableAddress = (a: unknown): boolean =>
  isPlainObject(a) && isText(a.ip) && isTime(a.firstAt) && isTime(a.lastAt) && isCount(a.failures);

const usableDenial = (d: unknown): boolean =>
  isPlainObject(d) &&
  isTime(d.at) &&
  (d.step === 'deny' || d.step === 'timeout') &&
  (d.ip === undefined || isText(d.ip));

const usableAttack = (a: unknown): boolean =>
  isPlainObject(a) &&
  (a.rule === 'brute_force' || a.rule === 'distributed_brute_force') &&
  isText(a.alertId) &&
  isTime(a.startedAt) &&
  isTime(a.lastFailureAt) &&
  (a.succeeded === undefined || typeof a.succeeded === 'boolean');

/** The addresses that failed last, as rememberFailedAddress keeps them, when there are more than it keeps. */
function withinAddressCap(addresses: FailedAddress[]): FailedAddress[] {
  if (addresses.length <= MAX_ADDRESSES) return addresses;
  return [...addresses].sort((a, b) => a.lastAt - b.lastAt).slice(-MAX_ADDRESSES);
}

/** The core follows one attack per rule (it opens another only when none of the rule is followed): the latest of each. */
function latestPerRule(attacks: UserAttack[]): UserAttack[] {
  const rules = new Set<string>();
  const kept: UserAttack[] = [];
  for (let i = attacks.length - 1; i >= 0; i--)
    if (!rules.has(attacks[i].rule)) {
      rules.add(attacks[i].rule);
      kept.push(attacks[i]);
    }
  return kept.length === attacks.length ? attacks : kept.reverse();
}

/**
 * Forgets (in place) the times no pass could have written (../judged_to.ts), as the address family does
 * (../credential/state.ts, forgetTimesPastClock, says why they are dropped rather than moved back): an attack whose last
 * failure is in the year 3000 was followed for good — it took the account's every later brute force for itself (no
 * alert) and the owner's next login from an address that once failed for a takeover — and such an address counted in
 * every window, towards a distributed brute force (buckets: ../credential/buckets.ts, bucketsBy). Called by the core
 * on its copy of the stored state; the newest counted time too (forgetCountsPastClock).
 */
export function forgetTimesPastClock(state: UserState, now: number): void {
  forgetCountsPastClock(state, now);
  state.buckets = bucketsBy(state.buckets, now);
  state.attacks = writtenByAPass(state.attacks, (a) => a.lastFailureAt, now);
  state.addresses = writtenByAPass(state.addresses, (a) => a.lastAt, now);
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
