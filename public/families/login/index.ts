import type { AlertEvidence } from '../../../common/alert_document';
import { detectorLabel } from '../../components/shared/labels';
import type { FamilyView, RowBadge } from '../family_view';
import { LoginEvidence } from './evidence';
import { signalLabel } from './labels';

/** The login family: BuffaLogs' detectors, and the default profile's one verdict per suspicious login. */
export const loginView: FamilyView = {
  id: 'login',
  name: 'Logins',
  ruleLabel: (alert) => detectorLabel(alert.rule.id),
  rowBadges(alert): RowBadge[] {
    const evidence = alert.buffalogs.evidence as AlertEvidence | undefined;
    if (evidence?.kind !== 'verdict' || !Array.isArray(evidence.signals)) return [];
    return [
      {
        label: `score ${evidence.score}`,
        color: evidence.score >= evidence.threshold ? 'danger' : 'default',
        title: `Score ${evidence.score}, alerting threshold ${evidence.threshold}`,
      },
      ...evidence.signals.map((s) => ({
        label: `${signalLabel(s.id)} +${s.weight}`,
        color: 'hollow',
        title: s.reason,
      })),
    ];
  },
  Evidence: LoginEvidence,
};
