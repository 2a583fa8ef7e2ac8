import type { CredentialAttackEvidence } from '../../../common/credential_evidence';
import { formatNumber } from '../../components/shared/format';
import { evidenceOf, type FamilyView, type RowBadge } from '../family_view';
import { CredentialEvidence } from './evidence';
import { credentialAlertLabel } from './labels';

/** Attacks keyed by the attacking address: credential stuffing, password spray, and the accounts they broke into. */
export const credentialView: FamilyView = {
  id: 'credential',
  name: 'Credential attacks by address',
  ruleLabel: (alert) =>
    credentialAlertLabel(
      alert.rule.id,
      evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source')?.kind,
    ),
  rowBadges(alert): RowBadge[] {
    const e = evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source');
    if (e?.kind === 'compromised_account') return [{ label: 'account compromised', color: 'danger' }];
    if (e?.kind === 'trusted_source') return [{ label: 'shared address trusted', color: 'hollow' }];
    if (e?.kind !== 'credential_attack') return [];
    const a = e as unknown as CredentialAttackEvidence;
    return [
      { label: `${formatNumber(a.users)} users`, color: 'hollow', title: `${a.users} distinct users failed` },
      {
        label: `${formatNumber(a.failureRatio * 100, 1)}% failed`,
        color: 'hollow',
        title: `Failure ratio ${a.failureRatio}`,
      },
    ];
  },
  Evidence: CredentialEvidence,
};
