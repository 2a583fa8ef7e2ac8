/**
 * A shared address (an office NAT, a company egress): as many users fail from it as from an attacker, but most of
 * its traffic succeeds and its users have ordinary typo rates. When an address reaches an attack's user count but
 * not its failure ratio, this says why it was trusted, with the numbers (a filtered notice, once a day at most).
 */
import { windowFigures, type WindowFigures } from './attack_window';
import type { CredentialThresholds } from './config';
import type { SourceState } from './state';

export interface TrustedSource extends WindowFigures {
  /** Distinct users that logged in successfully from the address (among its last remembered successes). */
  usersSucceeded: number;
  why: string;
}

export function sharedSource(state: SourceState, at: number, t: CredentialThresholds): TrustedSource | undefined {
  const short = windowFigures(state, at, t.stuffingWindowMs);
  const long = windowFigures(state, at, t.sprayWindowMs);
  const figures = short.users >= t.stuffingMinUsers ? short : long.users >= t.sprayMinUsers ? long : undefined;
  if (!figures || figures.failureRatio >= t.minFailureRatio) return undefined;
  const usersSucceeded = new Set(state.successes.filter((s) => s.at > at - t.sprayWindowMs).map((s) => s.user)).size;
  return {
    ...figures,
    usersSucceeded,
    why:
      `${figures.users} users failed from this address in ${figures.windowMinutes} min, but ` +
      `${figures.successes} of ${figures.failures + figures.successes} attempts succeeded (failure ratio ` +
      `${figures.failureRatio} < ${t.minFailureRatio}, by ${usersSucceeded}+ users): a shared egress with ordinary typos`,
  };
}
