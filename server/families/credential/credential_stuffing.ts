/**
 * Credential stuffing: one address tries many distinct users within a short window and nearly all fail — a combo
 * list from another breach replayed at tool speed. Both numbers must hold: many users alone is an office NAT, a high
 * failure ratio alone is one person mistyping.
 */
import { windowFigures, type WindowFigures } from './attack_window';
import type { CredentialThresholds } from './config';
import type { SourceState } from './state';

export function credentialStuffing(state: SourceState, at: number, t: CredentialThresholds): WindowFigures | undefined {
  const figures = windowFigures(state, at, t.stuffingWindowMs);
  if (figures.users < t.stuffingMinUsers || figures.failureRatio < t.minFailureRatio) return undefined;
  return figures;
}
