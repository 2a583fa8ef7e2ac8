/** Which alerts a channel takes (its `filters`): BuffaLogs notified filtered alerts too; here they are opt-in. */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { alertEntity } from '../../common/alert_document';
import type { ChannelConfig } from './config_schema';
import { severityRank } from './message';

export function channelTakes(channel: Pick<ChannelConfig, 'filters'>, alert: FamilyAlertDocument): boolean {
  const f = channel.filters;
  if (alert.buffalogs.filtered === true && !f.includeFiltered) return false;
  if (severityRank(alert.buffalogs.severity) < severityRank(f.minSeverity)) return false;
  if (!(typeof alert.event?.risk_score === 'number' && alert.event.risk_score >= f.minScore) && f.minScore > 0)
    return false;
  if (f.detectors.length > 0 && !f.detectors.includes(alert.rule.id)) return false;
  if (f.users.length > 0 && !f.users.includes(alertEntity(alert).value)) return false;
  return true;
}
