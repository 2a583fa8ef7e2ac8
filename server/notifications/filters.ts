/** Which alerts a channel takes (its `filters`): BuffaLogs notified filtered alerts too; here they are opt-in. */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { alertEntity } from '../../common/alert_document';
import type { ChannelConfig } from './config_schema';
import { SEQUENCE_DETECTOR } from '../../common/constants';
import { severityRank } from './message';

export function channelTakes(channel: Pick<ChannelConfig, 'filters'>, alert: FamilyAlertDocument): boolean {
  const f = channel.filters;
  if (alert.buffalogs.filtered === true && !f.includeFiltered) return false;
  if (severityRank(alert.buffalogs.severity) < severityRank(f.minSeverity)) return false;
  if (!(typeof alert.event?.risk_score === 'number' && alert.event.risk_score >= f.minScore) && f.minScore > 0)
    return false;
  if (f.detectors.length > 0 && !takesDetector(f.detectors, alert)) return false;
  if (f.users.length > 0 && !f.users.includes(alertEntity(alert).value)) return false;
  return true;
}

/**
 * A `detectors` entry is a rule id, or `sequence`: every sequence rule's alerts, each of which has its rule's own id
 * (`sequence_…`), found by family; or a verdict's signal (`buffalogs.signal_ids`), as the alerts list's `detector`
 * (server/queries/alert_filters.ts detectorClause), whose query the channel's summary uses: the default profile writes
 * one `suspicious_login` verdict per login, and a channel for impossible travel took none of its travels.
 */
function takesDetector(detectors: readonly string[], alert: FamilyAlertDocument): boolean {
  const rule = alert.rule.id;
  return (
    (rule !== SEQUENCE_DETECTOR && detectors.includes(rule)) ||
    (alert.buffalogs.family === SEQUENCE_DETECTOR && detectors.includes(SEQUENCE_DETECTOR)) ||
    signalIdsOf(alert).some((id) => id !== SEQUENCE_DETECTOR && detectors.includes(id))
  );
}

/**
 * The stored signal ids as Elasticsearch matches them (the keyword field takes one text as a list of one), text
 * entries only: the document is read back from the alerts index, where another writer may have put anything.
 */
function signalIdsOf(alert: FamilyAlertDocument): string[] {
  const ids: unknown = (alert.buffalogs as { signal_ids?: unknown }).signal_ids;
  if (typeof ids === 'string') return [ids];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
