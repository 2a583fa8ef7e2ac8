import type { AccountAttackEvidence, MfaFatigueEvidence } from '../../../common/credential_evidence';
import { formatNumber } from '../../components/shared/format';
import { credentialAlertLabel } from '../credential/labels';
import { evidenceOf, type FamilyView, type RowBadge } from '../family_view';
import { CredentialUserEvidence } from './evidence';

/** Attacks keyed by the attacked account: brute force, distributed brute force, MFA fatigue. */
export const credentialUserView: FamilyView = {
  id: 'credential_user',
  name: 'Credential attacks by account',
  ruleLabel: (alert) => credentialAlertLabel(alert.rule.id, evidenceOf(alert, 'compromised_account')?.kind),
  rowBadges(alert): RowBadge[] {
    const e = evidenceOf(alert, 'account_attack', 'compromised_account', 'mfa_fatigue');
    if (e?.kind === 'compromised_account') return [{ label: 'account compromised', color: 'danger' }];
    if (e?.kind === 'mfa_fatigue') {
      const m = e as unknown as MfaFatigueEvidence;
      return [{ label: `${formatNumber(m.denials + m.timeouts)} prompts refused`, color: 'hollow' }];
    }
    if (e?.kind !== 'account_attack') return [];
    const a = e as unknown as AccountAttackEvidence;
    return [
      { label: `${formatNumber(a.failures)} failures`, color: 'hollow' },
      { label: `${formatNumber(a.addresses)} address${a.addresses === 1 ? '' : 'es'}`, color: 'hollow' },
    ];
  },
  Evidence: CredentialUserEvidence,
};
