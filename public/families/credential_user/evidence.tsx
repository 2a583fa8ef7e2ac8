/** The user-keyed credential family's evidence: brute force on one account, its takeover, and MFA fatigue. */
import React from 'react';
import type {
  AccountAttackEvidence,
  CompromisedAccountEvidence,
  MfaFatigueEvidence,
} from '../../../common/credential_evidence';
import { formatNumber, formatTime } from '../../components/shared/format';
import { UserLink } from '../../components/users/user_link';
import { CompromisedAccount } from '../credential/compromised_account';
import { credentialRuleLabel } from '../credential/labels';
import { evidenceOf, type AnyAlert } from '../family_view';
import { EvidenceList, genericItems } from '../shared/evidence_list';

export function CredentialUserEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'account_attack', 'compromised_account', 'mfa_fatigue');
  if (e?.kind === 'compromised_account')
    return <CompromisedAccount message={alert.message} evidence={e as unknown as CompromisedAccountEvidence} />;
  if (e?.kind === 'account_attack') {
    const a = e as unknown as AccountAttackEvidence;
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${credentialRuleLabel(alert.rule.id)} on ${a.user}: ${formatNumber(a.failures)} failed logins in ` +
          `${formatNumber(a.windowMinutes)} min from ${formatNumber(a.addresses)} address${a.addresses === 1 ? '' : 'es'}.`
        }
        items={[
          { title: 'Account', description: <UserLink name={a.user} /> },
          { title: 'Began', description: formatTime(a.firstFailure) },
          { title: 'Window', description: `${formatNumber(a.windowMinutes)} min` },
          { title: 'Failures / successes', description: `${formatNumber(a.failures)} / ${formatNumber(a.successes)}` },
          { title: 'Failure ratio', description: formatNumber(a.failureRatio, 3) },
          { title: 'Addresses', description: formatNumber(a.addresses) },
          {
            title: 'Busiest addresses',
            description: a.topAddresses.map((t) => `${t.ip} (${formatNumber(t.failures)})`).join(', ') || '—',
          },
        ]}
      />
    );
  }
  if (e?.kind === 'mfa_fatigue') {
    const m = e as unknown as MfaFatigueEvidence;
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${m.user} approved an MFA prompt ${formatNumber(m.minutesToApproval)} min after the first of ` +
          `${formatNumber(m.denials)} denied and ${formatNumber(m.timeouts)} unanswered prompts.`
        }
        items={[
          { title: 'Account', description: <UserLink name={m.user} /> },
          { title: 'First prompt', description: formatTime(m.firstPrompt) },
          { title: 'Approved', description: formatTime(m.approvedAt) },
          { title: 'Denied / unanswered', description: `${formatNumber(m.denials)} / ${formatNumber(m.timeouts)}` },
          { title: 'Window', description: `${formatNumber(m.windowMinutes)} min` },
          { title: 'Prompted from', description: m.addresses.join(', ') || '—' },
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
