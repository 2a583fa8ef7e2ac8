/** The user-keyed credential family's evidence: brute force on one account, its takeover, and MFA fatigue. */
import React from 'react';
import { formatNumber, formatTime } from '../../components/shared/format';
import { UserLink } from '../../components/users/user_link';
import { CompromisedAccount } from '../credential/compromised_account';
import { credentialRuleLabel } from '../credential/labels';
import {
  evidenceOf,
  ruleOf,
  storedList,
  storedNumber,
  storedObject,
  storedText,
  storedTexts,
  textOrDash,
  type AnyAlert,
} from '../family_view';
import { EvidenceList, UnknownEvidence } from '../shared/evidence_list';

/** The attacked account as a link to its page; a dash when the stored evidence names none. */
function Account({ user }: { user: unknown }) {
  const name = storedText(user);
  return name ? <UserLink name={name} /> : <>—</>;
}

/**
 * The stored evidence (common/credential_evidence.ts) is read field by field: a dash for one missing or of another
 * type (another writer's, an older version's or a hand-edited alert).
 */
export function CredentialUserEvidence({ alert }: { alert: AnyAlert }) {
  const e = evidenceOf(alert, 'account_attack', 'compromised_account', 'mfa_fatigue');
  if (e?.kind === 'compromised_account') return <CompromisedAccount message={alert.message} evidence={e} />;
  if (e?.kind === 'account_attack') {
    const rule = ruleOf(alert).id;
    const addresses = storedNumber(e.addresses);
    const top = storedList(e.topAddresses)
      .map(storedObject)
      .filter((t) => storedText(t.ip) !== undefined)
      .map((t) => `${storedText(t.ip)} (${formatNumber(t.failures)})`);
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${rule ? credentialRuleLabel(rule) : 'An attack'} on ${textOrDash(e.user)}: ${formatNumber(e.failures)} ` +
          `failed logins in ${formatNumber(e.windowMinutes)} min from ${formatNumber(addresses)} ` +
          `address${addresses === 1 ? '' : 'es'}.`
        }
        items={[
          { title: 'Account', description: <Account user={e.user} /> },
          { title: 'Began', description: formatTime(e.firstFailure) },
          { title: 'Window', description: `${formatNumber(e.windowMinutes)} min` },
          { title: 'Failures / successes', description: `${formatNumber(e.failures)} / ${formatNumber(e.successes)}` },
          { title: 'Failure ratio', description: formatNumber(e.failureRatio, 3) },
          { title: 'Addresses', description: formatNumber(addresses) },
          { title: 'Busiest addresses', description: top.join(', ') || '—' },
        ]}
      />
    );
  }
  if (e?.kind === 'mfa_fatigue') {
    return (
      <EvidenceList
        message={alert.message}
        summary={
          `${textOrDash(e.user)} approved an MFA prompt ${formatNumber(e.minutesToApproval)} min after the first of ` +
          `${formatNumber(e.denials)} denied and ${formatNumber(e.timeouts)} unanswered prompts.`
        }
        items={[
          { title: 'Account', description: <Account user={e.user} /> },
          { title: 'First prompt', description: formatTime(e.firstPrompt) },
          { title: 'Approved', description: formatTime(e.approvedAt) },
          { title: 'Denied / unanswered', description: `${formatNumber(e.denials)} / ${formatNumber(e.timeouts)}` },
          { title: 'Window', description: `${formatNumber(e.windowMinutes)} min` },
          { title: 'Prompted from', description: storedTexts(e.addresses).join(', ') || '—' },
        ]}
      />
    );
  }
  return <UnknownEvidence alert={alert} />;
}
