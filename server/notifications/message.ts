/**
 * What a notification says, whatever the channel: one alert or one entity's group of alerts, each with its detector,
 * severity, score, the detector's own sentence (which carries the numbers), a one-line summary of the evidence and a
 * link into the app. Channels only lay this out in their service's format (channels/*.ts).
 */
import { alertEntity, type FamilyAlertDocument } from '../../common/alert_document';
import { PLUGIN_ID } from '../../common/constants';
import type { SummaryReport } from './summary';

export interface AlertSummary {
  alert_id: string;
  timestamp: string;
  created?: string;
  rule: { id: string; name: string };
  entity: { field: string; value: string };
  user?: string;
  severity: string;
  score: number;
  filtered: boolean;
  message: string;
  evidence: string;
  link: string;
}

export interface NotificationMessage {
  /** One line: what happened to whom. */
  title: string;
  /** Plain text: one paragraph per alert, with its link. */
  text: string;
  alerts: AlertSummary[];
  /** The entity the alerts are about (a group is always one entity's). */
  entity: { field: string; value: string };
  /** The highest severity in the message (colours, e-mail subject). */
  severity: string;
  /** A daily or weekly summary (summary.ts): `alerts` is then empty and `text` carries the counts. */
  summary?: SummaryReport;
}

const SEVERITY_RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };
export const severityRank = (severity: string): number => SEVERITY_RANK[severity] ?? -1;

/**
 * The app's URL of one alert: the alert list with that alert's flyout open (public/router/routes.ts `alert(id)`),
 * under the space's prefix (`/s/<space>`) when it is not the default space. `publicBaseUrl` is Kibana's
 * `server.publicBaseUrl`; without it the link is relative to Kibana's root.
 */
export function alertLink(publicBaseUrl: string | undefined, space: string, alertId: string): string {
  const base = (publicBaseUrl ?? '').replace(/\/+$/, '');
  const spacePrefix = space === 'default' ? '' : `/s/${encodeURIComponent(space)}`;
  return `${base}${spacePrefix}/app/${PLUGIN_ID}/alerts/${encodeURIComponent(alertId)}`;
}

const num = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v)) : '?');
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');
const place = (p: Record<string, unknown> | undefined): string =>
  p
    ? [p.city_name, p.country_iso_code ?? p.country_name].filter((x) => typeof x === 'string').join(', ') || str(p.ip)
    : '?';

/** The evidence in one line, with its numbers; any family's evidence kind we do not know falls back to nothing. */
export function evidenceSummary(evidence: unknown): string {
  if (evidence === null || typeof evidence !== 'object') return '';
  const e = evidence as Record<string, unknown>;
  switch (e.kind) {
    case 'travel':
      return (
        `${place(e.from as Record<string, unknown>)} → ${place(e.to as Record<string, unknown>)}: ` +
        `${num(e.distance_km)} km in ${typeof e.elapsed_seconds === 'number' ? (e.elapsed_seconds / 60).toFixed(0) : '?'} min ` +
        `= ${num(e.speed_kmh)} km/h (limit ${num(e.speed_threshold_kmh)} km/h)`
      );
    case 'novelty': {
      const known = Array.isArray(e.known) ? e.known.slice(0, 5).map(str).join(', ') : '';
      return `new ${str(e.field)} ${str(e.value)}; known before (${num(e.known_count)}): ${known || 'none'}`;
    }
    case 'anonymous_ip':
      return `${str(e.signal)} matched ${str(e.matched)}${typeof e.list_name === 'string' ? ` (${e.list_name})` : ''}`;
    case 'risk':
      return `risk ${str(e.previous_level)} → ${str(e.level)} (score ${num(e.score)}, alerts at ${str(e.threshold_level)})`;
    default:
      return '';
  }
}

export function summariseAlert(alert: FamilyAlertDocument, link: (alertId: string) => string): AlertSummary {
  const id = alert.buffalogs.alert_id;
  return {
    alert_id: id,
    timestamp: alert['@timestamp'],
    ...(alert.event.created ? { created: alert.event.created } : {}),
    rule: { id: alert.rule.id, name: alert.rule.name },
    entity: alertEntity(alert),
    ...(alert.user?.name ? { user: alert.user.name } : {}),
    severity: alert.buffalogs.severity,
    score: alert.event.risk_score,
    filtered: alert.buffalogs.filtered === true,
    message: alert.message,
    evidence: evidenceSummary(alert.buffalogs.evidence),
    link: link(id),
  };
}

const who = (entity: { field: string; value: string }): string =>
  entity.field === 'user.name' ? `user ${entity.value}` : `${entity.field} ${entity.value}`;

/** One message for one entity's alerts (a group of one is a single-alert message). */
export function buildMessage(alerts: AlertSummary[]): NotificationMessage {
  if (alerts.length === 0) throw new Error('a notification needs at least one alert');
  const entity = alerts[0].entity;
  const severity = alerts.reduce((s, a) => (severityRank(a.severity) > severityRank(s) ? a.severity : s), 'low');
  const first = alerts[0];
  const title =
    alerts.length === 1
      ? `BuffaLogs: ${first.rule.name} for ${who(entity)} (${first.severity}, score ${num(first.score)})`
      : `BuffaLogs: ${alerts.length} alerts for ${who(entity)} (highest ${severity}): ${[...new Set(alerts.map((a) => a.rule.name))].join(', ')}`;
  const text = alerts
    .map(
      (a) =>
        `${a.timestamp} ${a.rule.name} [${a.severity}, score ${num(a.score)}${a.filtered ? ', filtered' : ''}]: ${a.message}` +
        `${a.evidence ? `\n${a.evidence}` : ''}\n${a.link}`,
    )
    .join('\n\n');
  return { title, text, alerts, entity, severity };
}
