/** The credential families' detectors (RULE_NAMES in server/families/credential/alerts.ts) as lists name them. */
export const CREDENTIAL_RULE_LABELS: Record<string, string> = {
  brute_force: 'Brute force',
  distributed_brute_force: 'Distributed brute force',
  credential_stuffing: 'Credential stuffing',
  password_spray: 'Password spray',
  mfa_fatigue: 'MFA fatigue',
};

export const credentialRuleLabel = (rule: string): string => CREDENTIAL_RULE_LABELS[rule] ?? rule.replace(/_/g, ' ');

/** "Password spray", or "Password spray: account compromised" for the account it broke into. */
export function credentialAlertLabel(rule: string, kind: string | undefined): string {
  const label = credentialRuleLabel(rule);
  if (kind === 'compromised_account') return `${label}: account compromised`;
  if (kind === 'trusted_source') return `${label}: shared address trusted`;
  return label;
}
