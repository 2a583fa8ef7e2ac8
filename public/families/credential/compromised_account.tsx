import React from 'react';
import { EuiLink } from '@elastic/eui';
import { formatTime } from '../../components/shared/format';
import { UserLink } from '../../components/users/user_link';
import { useNavigate } from '../../hooks/use_navigate';
import { paths } from '../../router/routes';
import { storedObject, storedText, textOrDash } from '../family_view';
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

/**
 * A success during (or right after) an attack, by either credential family, linked to its attack. The evidence is the
 * stored compromised_account object (common/credential_evidence.ts), read field by field: a dash for one missing.
 */
export function CompromisedAccount({ message, evidence }: { message: unknown; evidence: Record<string, unknown> }) {
  const attack = storedObject(evidence.attack);
  const success = storedObject(evidence.success);
  const user = storedText(evidence.user);
  const source = storedText(evidence.source);
  const rule = storedText(attack.rule);
  const what = rule ? credentialRuleLabel(rule) : 'Attack';
  const attackId = storedText(attack.alert_id);
  const attackLabel = `${what} begun ${formatTime(attack.started)}`;
  const items: EvidenceItems = [
    { title: 'Account', description: user ? <UserLink name={user} /> : '—' },
    ...(source ? [{ title: 'From address', description: source }] : []),
    { title: 'Logged in at', description: formatTime(success.at) },
    { title: 'Attack', description: attackId ? <AttackLink alertId={attackId} label={attackLabel} /> : attackLabel },
    ...(storedText(evidence.lastFailure)
      ? [{ title: 'Attack’s last failure', description: formatTime(evidence.lastFailure) }]
      : []),
    ...(typeof evidence.fromAttackingAddress === 'boolean'
      ? [{ title: 'From an attacking address', description: evidence.fromAttackingAddress ? 'yes' : 'no' }]
      : []),
    { title: 'Login event', description: `${textOrDash(success.index)} / ${textOrDash(success.event_id)}` },
  ];
  return (
    <EvidenceList
      message={message}
      summary={
        `${user ?? 'An account'} logged in${source ? ` from ${source}` : ''} during ` +
        `${rule ? `a ${what.toLowerCase()}` : 'an attack'}: the attacker likely found a valid password.`
      }
      items={items}
    />
  );
}
