/**
 * User risk threshold: the user's risk level rose and reached the configured level. Fired right after the alert
 * that caused the rise (BuffaLogs inserts it before the next check), on that alert's login.
 */
import type { RiskEvidence, Severity } from '../../../common/alert_document';
import { riskRank, type RiskLevel, type RuleId } from '../../../common/constants';
import type { Detector } from './detector';

export interface RiskChange {
  previous: RiskLevel;
  level: RiskLevel;
  score: number;
  threshold: RiskLevel;
  causedByAlertId: string;
  causedByRule: RuleId;
}

const LABEL: Record<RiskLevel, string> = { no_risk: 'no risk', low: 'low', medium: 'medium', high: 'high' };
const SEVERITY: Record<RiskLevel, Severity> = { no_risk: 'low', low: 'medium', medium: 'high', high: 'critical' };

export const userRiskThresholdDetector: Detector<RiskChange, RiskEvidence> = {
  id: 'user_risk_threshold',
  name: 'User risk increased',
  description: "The user's risk level, from the count of recent alerts, rose to the alerting threshold or above.",
  evaluate(c) {
    if (riskRank(c.level) <= riskRank(c.previous) || riskRank(c.level) < riskRank(c.threshold)) return undefined;
    return {
      kind: 'risk',
      previous_level: c.previous,
      level: c.level,
      score: c.score,
      threshold_level: c.threshold,
      caused_by_alert_id: c.causedByAlertId,
      caused_by_rule_id: c.causedByRule,
    };
  },
  severity: (e) => SEVERITY[e.level],
  message(user, e) {
    return (
      `Risk of ${user} rose from ${LABEL[e.previous_level]} to ${LABEL[e.level]} with ${e.score} counted alert${e.score === 1 ? '' : 's'} ` +
      `(alert threshold: ${LABEL[e.threshold_level]}), the last a ${e.caused_by_rule_id} alert (${e.caused_by_alert_id.slice(0, 12)})`
    );
  },
};
