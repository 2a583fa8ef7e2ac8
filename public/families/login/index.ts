import { detectorLabel } from '../../components/shared/labels';
import { evidenceOf, ruleOf, type FamilyView, type RowBadge } from '../family_view';
import { LoginEvidence } from './evidence';
import { signalBadges } from './labels';

/** The login family: BuffaLogs' detectors, and the default profile's one verdict per suspicious login. */
export const loginView: FamilyView = {
  id: 'login',
  name: 'Logins',
  ruleLabel: (alert) => {
    const id = ruleOf(alert).id;
    return id ? detectorLabel(id) : '';
  },
  rowBadges(alert): RowBadge[] {
    const evidence = evidenceOf(alert, 'verdict');
    if (!evidence) return [];
    // Not the score: the list's Score column shows it (with the threshold in its title), and a badge said it twice.
    return signalBadges(evidence.signals);
  },
  Evidence: LoginEvidence,
};
