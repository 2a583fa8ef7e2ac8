/**
 * A compromised account: a success from an address while it runs a stuffing or spray attack (or within `followMs`
 * of its last failure) — the attacker found a valid pair. One alert per account and attack, linked to the attack.
 */
import type { CredentialThresholds } from './config';
import type { OpenAttack, SourceState } from './state';

export function compromisedAccount(
  state: SourceState,
  user: string,
  at: number,
  t: CredentialThresholds,
): OpenAttack | undefined {
  const attack = state.attack;
  if (!attack || attack.compromised.includes(user)) return undefined;
  if (at > attack.lastFailureAt + t.followMs) return undefined;
  return attack;
}
