/** What stuffing and spray both measure over a window of one address's history: the numbers their evidence shows. */
import type { SourceWindowFigures } from '../../../common/credential_evidence';
import { ratio } from './alerts';
import { sumSince } from './buckets';
import { BUCKET_MS, failedUsersSince, type SourceState } from './state';

/** The figures as the evidence stores them (common/credential_evidence.ts): one shape from the core to the app. */
export type WindowFigures = SourceWindowFigures;

export function windowFigures(state: SourceState, at: number, windowMs: number): WindowFigures {
  const users = failedUsersSince(state, at, windowMs);
  const { failures, successes } = sumSince(state.buckets, at, windowMs, BUCKET_MS);
  const attempts = users.reduce((s, u) => s + u.attempts, 0);
  return {
    windowMinutes: Math.round(windowMs / 60_000),
    failures,
    successes,
    users: users.length,
    failureRatio: ratio(failures, successes),
    attemptsPerUser: users.length ? Math.round((attempts / users.length) * 100) / 100 : 0,
    firstFailureAt: users.reduce((m, u) => Math.min(m, u.firstAt), at),
    sampleUsers: users.slice(0, 5).map((u) => u.user),
  };
}
