import { formatNumber } from '../../components/shared/format';
import { credentialAlertLabel } from '../credential/labels';
import { evidenceOf, ruleOf, storedNumber, type FamilyView, type RowBadge } from '../family_view';
import { CredentialUserEvidence } from './evidence';

/** Attacks keyed by the attacked account: brute force, distributed brute force, MFA fatigue. */
export const credentialUserView: FamilyView = {
  id: 'credential_user',
  name: 'Credential attacks by account',
  ruleLabel: (alert) => {
    const id = ruleOf(alert).id;
    return id ? credentialAlertLabel(id, evidenceOf(alert, 'compromised_account')?.kind) : '';
  },
  rowBadges(alert): RowBadge[] {
    const e = evidenceOf(alert, 'account_attack', 'compromised_account', 'mfa_fatigue');
    if (e?.kind === 'compromised_account') return [{ label: 'account compromised', color: 'danger' }];
    if (e?.kind === 'mfa_fatigue') {
      const refused = (storedNumber(e.denials) ?? 0) + (storedNumber(e.timeouts) ?? 0);
      return refused > 0 ? [{ label: `${formatNumber(refused)} prompts refused`, color: 'hollow' }] : [];
    }
    if (e?.kind !== 'account_attack') return [];
    const failures = storedNumber(e.failures);
    const addresses = storedNumber(e.addresses);
    const badges: RowBadge[] = [];
    if (failures !== undefined) badges.push({ label: `${formatNumber(failures)} failures`, color: 'hollow' });
    if (addresses !== undefined)
      badges.push({ label: `${formatNumber(addresses)} address${addresses === 1 ? '' : 'es'}`, color: 'hollow' });
    return badges;
  },
  Evidence: CredentialUserEvidence,
};
