import { formatNumber } from '../../components/shared/format';
import { evidenceOf, ruleOf, storedNumber, type FamilyView, type RowBadge } from '../family_view';
import { CredentialEvidence } from './evidence';
import { credentialAlertLabel } from './labels';

/** Attacks keyed by the attacking address: credential stuffing, password spray, and the accounts they broke into. */
export const credentialView: FamilyView = {
  id: 'credential',
  name: 'Credential attacks by address',
  ruleLabel: (alert) => {
    const id = ruleOf(alert).id;
    const kind = evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source')?.kind;
    return id ? credentialAlertLabel(id, kind) : '';
  },
  rowBadges(alert): RowBadge[] {
    const e = evidenceOf(alert, 'credential_attack', 'compromised_account', 'trusted_source');
    if (e?.kind === 'compromised_account') return [{ label: 'account compromised', color: 'danger' }];
    if (e?.kind === 'trusted_source') return [{ label: 'shared address trusted', color: 'hollow' }];
    if (e?.kind !== 'credential_attack') return [];
    const users = storedNumber(e.users);
    const ratio = storedNumber(e.failureRatio);
    const badges: RowBadge[] = [];
    if (users !== undefined)
      badges.push({ label: `${formatNumber(users)} users`, color: 'hollow', title: `${users} distinct users failed` });
    if (ratio !== undefined)
      badges.push({
        label: `${formatNumber(ratio * 100, 1)}% failed`,
        color: 'hollow',
        title: `Failure ratio ${ratio}`,
      });
    return badges;
  },
  Evidence: CredentialEvidence,
};
