/** What stuffing and spray both measure over a window of one address's history: the numbers their evidence shows. */
import { ratio } from './alerts';
import { sumSince } from './buckets';
import { BUCKET_MS, failedUsersSince, type SourceState } from './state';

export interface WindowFigures {
  windowMinutes: number;
  failures: number;
  successes: number;
  /** Distinct users that failed from the address in the window. */
  users: number;
  failureRatio: number;
  /** Failed attempts per distinct user (over the users' whole remembered day). */
  attemptsPerUser: number;
  /** The first failure of those users: when the attack began. */
  firstFailureAt: number;
  /** A few of the users, for the analyst. */
  sampleUsers: string[];
}

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
