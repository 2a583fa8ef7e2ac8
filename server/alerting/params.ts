/**
 * The "BuffaLogs alerts" rule's params, validated by Kibana with this schema whenever a rule is created or updated
 * (and again before each run). The same filters as a built-in notifier channel (server/notifications/filters.ts),
 * plus the user's risk level.
 */
import { schema, type TypeOf } from '@kbn/config-schema';
import { RISK_LEVELS, riskRank, type RiskLevel } from '../../common/constants';
import type { FamilyAlertDocument } from '../../common/alert_document';
import { channelTakes } from '../notifications/filters';
import { detectorName } from '../detector_name_schema';

export const ruleParamsSchema = schema.object({
  /** Alerts below this severity do not fire. */
  minSeverity: schema.oneOf(
    [schema.literal('low'), schema.literal('medium'), schema.literal('high'), schema.literal('critical')],
    { defaultValue: 'low' },
  ),
  /** `event.risk_score` (0–100) at least this. */
  minScore: schema.number({ min: 0, max: 100, defaultValue: 0 }),
  /**
   * Detector ids (`rule.id`) of any family, also a verdict's signal (`buffalogs.signal_ids`), or `sequence`: every
   * sequence rule's alerts (notifications/filters.ts), as the alerts list's `detector`;
   * empty: every detector.
   */
  detectors: schema.arrayOf(detectorName, { maxSize: 100, defaultValue: [] }),
  /** Entity values (user names, addresses); empty: everyone. */
  users: schema.arrayOf(schema.string({ minLength: 1, maxLength: 1024 }), { maxSize: 1000, defaultValue: [] }),
  /**
   * Only alerts whose user's risk (`buffalogs.user_risk.level`, written by the login family) is at least this.
   * Alerts that carry no user risk (other families) do not fire when it is set.
   */
  minUserRiskLevel: schema.maybe(
    schema.oneOf([schema.literal('no_risk'), schema.literal('low'), schema.literal('medium'), schema.literal('high')]),
  ),
  /**
   * Observations: alerts the profile's filters judged benign (`buffalogs.filtered`, kept in the index but hidden by
   * default). Off: they never fire.
   */
  includeObservations: schema.boolean({ defaultValue: false }),
});

export type RuleParams = TypeOf<typeof ruleParamsSchema>;

/** Whether an alert fires this rule. */
export function ruleTakes(params: RuleParams, alert: FamilyAlertDocument): boolean {
  const filters = {
    minSeverity: params.minSeverity,
    minScore: params.minScore,
    detectors: params.detectors,
    users: params.users,
    includeFiltered: params.includeObservations,
  };
  if (!channelTakes({ filters }, alert)) return false;
  if (params.minUserRiskLevel === undefined) return true;
  const level = (alert.buffalogs as { user_risk?: { level?: unknown } }).user_risk?.level;
  return (
    typeof level === 'string' &&
    (RISK_LEVELS as readonly string[]).includes(level) &&
    riskRank(level as RiskLevel) >= riskRank(params.minUserRiskLevel)
  );
}
