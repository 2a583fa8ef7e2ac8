/**
 * Brute force on one account: many failures in a short time — a tool guessing one user's password. Counted from the
 * account's 1-minute buckets, so the window is exact to the minute. Many failures alone is the finding (medium); a
 * success after them is the takeover (./judge.ts raises it high).
 */
import type { AccountAttackFigures } from '../../../common/credential_evidence';
import { ratio } from '../credential/alerts';
import { sumSince } from '../credential/buckets';
import type { UserThresholds } from './config';
import { USER_BUCKET_MS, type FailedAddress, type UserState } from './state';

/** The figures as the evidence stores them (common/credential_evidence.ts): one shape from the core to the app. */
export type AttackFigures = AccountAttackFigures;

export const addressesSince = (state: UserState, at: number, windowMs: number): FailedAddress[] =>
  state.addresses.filter((a) => a.lastAt > at - windowMs);

export function attackFigures(state: UserState, at: number, windowMs: number): AttackFigures {
  const { failures, successes } = sumSince(state.buckets, at, windowMs, USER_BUCKET_MS);
  const addresses = addressesSince(state, at, windowMs);
  const first = state.buckets.find((b) => b.failures > 0 && b.t + USER_BUCKET_MS > at - windowMs);
  return {
    windowMinutes: Math.round(windowMs / 60_000),
    failures,
    successes,
    failureRatio: ratio(failures, successes),
    addresses: addresses.length,
    topAddresses: [...addresses]
      .sort((a, b) => b.failures - a.failures || (a.ip < b.ip ? -1 : 1))
      .slice(0, 5)
      .map((a) => ({ ip: a.ip, failures: a.failures })),
    firstFailureAt: Math.max(first?.t ?? at, at - windowMs),
  };
}

export function bruteForce(state: UserState, at: number, t: UserThresholds): AttackFigures | undefined {
  const figures = attackFigures(state, at, t.bruteWindowMs);
  return figures.failures >= t.bruteMinFailures ? figures : undefined;
}
