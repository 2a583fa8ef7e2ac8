import React from 'react';
import { EuiLink } from '@elastic/eui';
import type { CompromisedAccountEvidence } from '../../../common/credential_evidence';
import { formatTime } from '../../components/shared/format';
import { UserLink } from '../../components/users/user_link';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';
import { EvidenceList, type EvidenceItems } from '../shared/evidence_list';
import { credentialRuleLabel } from './labels';

/** The attack alert an account compromise is linked to (`evidence.attack.alert_id`), as a link that opens it. */
function AttackLink({ alertId, label }: { alertId: string; label: string }) {
  const { linkProps } = useNavigate();
  return (
    <EuiLink {...linkProps(paths.alert(alertId))} data-test-subj="alertLinkedAttack">
      {label}
    </EuiLink>
  );
}

/** A success during (or right after) an attack, by either credential family, linked to its attack. */
export function CompromisedAccount({ message, evidence }: { message: string; evidence: CompromisedAccountEvidence }) {
  const what = credentialRuleLabel(evidence.attack.rule);
  const from = evidence.source ? ` from ${evidence.source}` : '';
  const items: EvidenceItems = [
    { title: 'Account', description: <UserLink name={evidence.user} /> },
    ...(evidence.source ? [{ title: 'From address', description: evidence.source }] : []),
    { title: 'Logged in at', description: formatTime(evidence.success.at) },
    {
      title: 'Attack',
      description: (
        <AttackLink alertId={evidence.attack.alert_id} label={`${what} begun ${formatTime(evidence.attack.started)}`} />
      ),
    },
    ...(evidence.lastFailure
      ? [{ title: 'Attack’s last failure', description: formatTime(evidence.lastFailure) }]
      : []),
    ...(evidence.fromAttackingAddress !== undefined
      ? [{ title: 'From an attacking address', description: evidence.fromAttackingAddress ? 'yes' : 'no' }]
      : []),
    { title: 'Login event', description: `${evidence.success.index} / ${evidence.success.event_id}` },
  ];
  return (
    <EvidenceList
      message={message}
      summary={`${evidence.user} logged in${from} during a ${what.toLowerCase()}: the attacker likely found a valid password.`}
      items={items}
    />
  );
}
