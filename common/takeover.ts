/**
 * What a takeover pattern is: one definition for the server (a user's risk held at High, server/detection/
 * user_risk.ts) and the browser (the alert flyout's "trust this network" warns on it). Pure; no Kibana imports.
 */
import type { AlertEvidence, VerdictEvidence } from './alert_document';

/**
 * The signals that together make one login a takeover: somewhere the user never was, on a device they never used,
 * faster than any journey from their previous login (the e2e's planted travel takeover; ../shared/reference/
 * landscape.md: the combination benign causes almost never produce together).
 */
export const TAKEOVER_SIGNALS = ['new_country', 'new_device', 'impossible_travel'] as const;

/** Whether an alert's evidence is a takeover pattern: the three signals in one verdict, or a compromised account. */
export function isTakeoverAlert(evidence: AlertEvidence | { kind?: unknown } | undefined): boolean {
  if (!evidence || typeof evidence !== 'object') return false;
  if (evidence.kind === 'compromised_account') return true;
  if (evidence.kind !== 'verdict') return false;
  const signals = (evidence as VerdictEvidence).signals;
  if (!Array.isArray(signals)) return false;
  return TAKEOVER_SIGNALS.every((id) =>
    signals.some((s) => s !== null && typeof s === 'object' && s.id === id && Number(s.weight) > 0),
  );
}
