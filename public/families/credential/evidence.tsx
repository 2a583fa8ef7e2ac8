/** The credential family's evidence (keyed by source address): stuffing and spray, their compromised accounts. */
import React from 'react';
import type {
  CompromisedAccountEvidence,
  CredentialAttackEvidence,
  TrustedSourceEvidence,
} from '../../../common/credential_evidence';
import { formatNumber, formatTime } from '../../components/shared/format';
import { evidenceOf, type AnyAlert } from '../family_view';
import { EvidenceList, genericItems, type EvidenceItems } from '../shared/evidence_list';
import { CompromisedAccount } from './compromised_account';
import { credentialRuleLabel } from './labels';

function windowItems(e: CredentialAttackEvidence | TrustedSourceEvidence): EvidenceItems {
  return [
    { title: 'Address', description: e.source },
    { title: 'Window', description: `${formatNumber(e.windowMinutes)} min` },
    { title: 'Distinct users failed', description: formatNumber(e.users) },
    { title: 'Some of them', description: e.sampleUsers.join(', ') || '—' },
    { title: 'Failures / successes', description: `${formatNumber(e.failures)} / ${formatNumber(e.successes)}` },
    { title: 'Failure ratio', description: formatNumber(e.failureRatio, 3) },
    { title: 'Attempts per user', description: formatNumber(e.attemptsPerUser, 2) },
  ];
}

export function CredentialEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source');
  if (e?.kind === 'compromised_account')
    return <CompromisedAccount message={alert.message} evidence={e as unknown as CompromisedAccountEvidence} />;
  if (e?.kind === 'credential_attack') {
    const attack = e as unknown as CredentialAttackEvidence;
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${credentialRuleLabel(alert.rule.id)} from ${attack.source}: ${formatNumber(attack.users)} users tried ` +
          `within ${formatNumber(attack.windowMinutes)} min, ${formatNumber(attack.failureRatio * 100, 1)}% of attempts failed.`
        }
        items={[{ title: 'Began', description: formatTime(attack.firstFailure) }, ...windowItems(attack)]}
      />
    );
  }
  if (e?.kind === 'trusted_source') {
    const trusted = e as unknown as TrustedSourceEvidence;
    return (
      <EvidenceList
        message={alert.message}
        summary={`Not taken for an attack: ${trusted.why}.`}
        items={[
          ...windowItems(trusted),
          { title: 'Users who logged in', description: formatNumber(trusted.usersSucceeded) },
        ]}
      />
    );
  }
  return (
    <EvidenceList
      message={alert.message}
      summary="Evidence of an unknown kind."
      items={genericItems(alert.buffalogs.evidence)}
    />
  );
}
