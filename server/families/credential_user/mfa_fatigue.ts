/**
 * MFA fatigue (push bombing): the attacker has the password and sends prompt after prompt until the user approves one
 * to make them stop. Repeated denials or unanswered prompts, then an approval, within `mfaWindowMs`. Judged at the
 * approval: denials alone are the user defending the account.
 */
import type { MfaFatigueFigures } from '../../../common/credential_evidence';
import type { UserThresholds } from './config';
import type { UserState } from './state';

export function mfaFatigue(state: UserState, at: number, t: UserThresholds): MfaFatigueFigures | undefined {
  const recent = state.mfa.filter((d) => d.at > at - t.mfaWindowMs && d.at <= at);
  if (recent.length < t.mfaMinDenials) return undefined;
  const firstPromptAt = Math.min(...recent.map((d) => d.at));
  return {
    windowMinutes: Math.round(t.mfaWindowMs / 60_000),
    denials: recent.filter((d) => d.step === 'deny').length,
    timeouts: recent.filter((d) => d.step === 'timeout').length,
    firstPromptAt,
    minutesToApproval: Math.round((at - firstPromptAt) / 60_000),
    addresses: [...new Set(recent.flatMap((d) => (d.ip ? [d.ip] : [])))].sort().slice(0, 10),
  };
}
