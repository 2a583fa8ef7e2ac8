/**
 * Password spray: one address tries few passwords on many users over hours and nearly all fail — kept below lockout
 * policies on purpose, and still going after `sprayMinSpanMs` (a faster run is stuffing). Judged over the longer window, with few attempts per user (many attempts per user is brute
 * force, the user family's concern).
 */
import { windowFigures, type WindowFigures } from './attack_window';
import type { CredentialThresholds } from './config';
import type { SourceState } from './state';

export function passwordSpray(state: SourceState, at: number, t: CredentialThresholds): WindowFigures | undefined {
  const figures = windowFigures(state, at, t.sprayWindowMs);
  if (
    figures.users < t.sprayMinUsers ||
    figures.failureRatio < t.minFailureRatio ||
    figures.attemptsPerUser > t.sprayMaxAttemptsPerUser ||
    at - figures.firstFailureAt < t.sprayMinSpanMs
  )
    return undefined;
  return figures;
}
