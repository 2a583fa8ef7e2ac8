import { detectorLabel } from '../../components/shared/labels';
import { evidenceOf, ruleOf, storedNumber, storedText, type FamilyView, type RowBadge } from '../family_view';
import { LoginEvidence } from './evidence';
import { signalLabel } from './labels';

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
    if (!evidence || !Array.isArray(evidence.signals)) return [];
    // Not the score: the list's Score column shows it (with the threshold in its title), and a badge said it twice.
    const badges: RowBadge[] = [];
    for (const s of evidence.signals as unknown[]) {
      const signal = (s && typeof s === 'object' ? s : {}) as { id?: unknown; weight?: unknown; reason?: unknown };
      const id = storedText(signal.id);
      if (id === undefined) continue;
      const weight = storedNumber(signal.weight);
      badges.push({
        label: weight === undefined ? signalLabel(id) : `${signalLabel(id)} +${weight}`,
        color: 'hollow',
        title: storedText(signal.reason),
      });
    }
    return badges;
  },
  Evidence: LoginEvidence,
};
