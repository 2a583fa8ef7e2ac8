/** The credential family's evidence (keyed by source address): stuffing and spray, their compromised accounts. */
import React from 'react';
import { timeMs } from '../../../common/alert_document';
import { formatNumber, formatTime } from '../../components/shared/format';
import { evidenceOf, ruleOf, storedNumber, storedTexts, textOrDash, type AnyAlert } from '../family_view';
import { EvidenceList, UnknownEvidence, type EvidenceItems } from '../shared/evidence_list';
import { CompromisedAccount } from './compromised_account';
import { credentialRuleLabel } from './labels';

/**
 * What stuffing and spray measured (SourceWindowFigures, common/credential_evidence.ts), read from the stored evidence
 * field by field: a dash for one missing or of another type.
 */
function windowItems(e: Record<string, unknown>): EvidenceItems {
  return [
    { title: 'Address', description: textOrDash(e.source) },
    { title: 'Window', description: `${formatNumber(e.windowMinutes)} min` },
    { title: 'Distinct users failed', description: formatNumber(e.users) },
    { title: 'Some of them', description: storedTexts(e.sampleUsers).join(', ') || '—' },
    { title: 'Failures / successes', description: `${formatNumber(e.failures)} / ${formatNumber(e.successes)}` },
    { title: 'Failure ratio', description: formatNumber(e.failureRatio, 3) },
    { title: 'Attempts per user', description: formatNumber(e.attemptsPerUser, 2) },
  ];
}

/**
 * How long the failures took: from the first failure (`firstFailureAt`, else `firstFailure`) to the last one followed
 * (`lastFailure`: the attack's alert is written again as it goes on), else the alert's time (the login that crossed
 * the threshold), in whole minutes as the stored message says it (server/families/credential/judge.ts). Undefined
 * when either is missing or they are out of order. Not the rule's window: a spray "within 1,440 min" read as one
 * spread over a day when its failures took two hours.
 */
export function failureMinutes(alert: AnyAlert, e: Record<string, unknown>): number | undefined {
  const first = timeMs(e.firstFailureAt) ?? timeMs(e.firstFailure);
  const at = timeMs(e.lastFailure) ?? timeMs(alert['@timestamp']);
  if (first === undefined || at === undefined || at < first) return undefined;
  return Math.round((at - first) / 60_000);
}

export function CredentialEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source');
  if (e?.kind === 'compromised_account') return <CompromisedAccount message={alert.message} evidence={e} />;
  if (e?.kind === 'credential_attack') {
    const rule = ruleOf(alert).id;
    const ratio = storedNumber(e.failureRatio);
    const failed = ratio === undefined ? '—' : formatNumber(ratio * 100, 1);
    const took = failureMinutes(alert, e);
    // Since the attack began, as followed; alerts written before attacks were followed have the window's only.
    const targeted = storedNumber(e.usersTargeted) ?? storedNumber(e.users);
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${rule ? credentialRuleLabel(rule) : 'An attack'} from ${textOrDash(e.source)}: ${formatNumber(targeted)} users ` +
          `failed in ${formatNumber(took)} min (within a ${formatNumber(e.windowMinutes)}-min window), ` +
          `${failed}% of attempts failed.`
        }
        items={[
          { title: 'Began', description: formatTime(e.firstFailure) },
          ...(e.lastFailure !== undefined ? [{ title: 'Last failure', description: formatTime(e.lastFailure) }] : []),
          { title: 'Failures took', description: `${formatNumber(took)} min` },
          { title: 'Users targeted', description: formatNumber(targeted) },
          ...windowItems(e),
        ]}
      />
    );
  }
  if (e?.kind === 'trusted_source') {
    return (
      <EvidenceList
        message={alert.message}
        summary={`Not taken for an attack: ${textOrDash(e.why)}.`}
        items={[...windowItems(e), { title: 'Users who logged in', description: formatNumber(e.usersSucceeded) }]}
      />
    );
  }
  return <UnknownEvidence alert={alert} />;
}
