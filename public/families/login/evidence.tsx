/** The login family's evidence (BuffaLogs' detectors and the default profile's verdict), in sentences and numbers. */
import React from 'react';
import type { AlertEvidence, LoginPlace } from '../../../common/alert_document';
import { deviceName } from '../../../common/device_name';
import { formatDuration, formatNumber, formatTime } from '../../components/shared/format';
import { RISK_LABELS, detectorLabel } from '../../components/shared/labels';
import type { AnyAlert } from '../family_view';
import { EvidenceList, genericItems, type EvidenceItems as Items } from '../shared/evidence_list';
import { VerdictBreakdown } from './verdict_breakdown';

function place(p: LoginPlace): string {
  const where = [p.city_name, p.country_name ?? p.country_iso_code].filter(Boolean).join(', ') || 'unknown place';
  const network = [p.ip, p.as_number !== undefined ? `AS${p.as_number}` : undefined, p.as_organization]
    .filter(Boolean)
    .join(' · ');
  const radius = p.accuracy_radius_km !== undefined ? ` (± ${formatNumber(p.accuracy_radius_km)} km)` : '';
  return `${formatTime(p.timestamp)} — ${where}${radius}${network ? ` — ${network}` : ''}`;
}

/** Which signal fired and against which baseline, in sentences, with every number the detector used. */
export function loginEvidenceItems(evidence: AlertEvidence): { summary: string; items: Items } {
  switch (evidence.kind) {
    case 'travel': {
      const adjusted = evidence.effective_distance_km !== evidence.distance_km;
      return {
        summary:
          `Two logins ${formatNumber(evidence.distance_km)} km apart within ${formatDuration(evidence.elapsed_seconds)}: ` +
          `${formatNumber(evidence.speed_kmh)} km/h, above the ${formatNumber(evidence.speed_threshold_kmh)} km/h a traveller can reach.`,
        items: [
          { title: 'From', description: place(evidence.from) },
          { title: 'To', description: place(evidence.to) },
          {
            title: 'Distance',
            description: adjusted
              ? `${formatNumber(evidence.distance_km)} km (${formatNumber(evidence.effective_distance_km)} km after GeoIP uncertainty)`
              : `${formatNumber(evidence.distance_km)} km`,
          },
          { title: 'Elapsed', description: formatDuration(evidence.elapsed_seconds) },
          {
            title: 'Speed',
            description: `${formatNumber(evidence.speed_kmh)} km/h (threshold ${formatNumber(evidence.speed_threshold_kmh)} km/h)`,
          },
          { title: 'Minimum distance', description: `${formatNumber(evidence.distance_threshold_km)} km` },
        ],
      };
    }
    case 'novelty': {
      const known = evidence.known.length ? evidence.known.join(', ') : 'none';
      const more =
        evidence.known_count > evidence.known.length
          ? ` (and ${evidence.known_count - evidence.known.length} more)`
          : '';
      const items: Items = [
        { title: `New ${evidence.field}`, description: evidence.value },
        { title: `Known ${evidence.field} values (${evidence.known_count})`, description: `${known}${more}` },
      ];
      if (evidence.last_seen) {
        items.push({
          title: 'Last login from there',
          description: `${formatTime(evidence.last_seen)} (${formatNumber(evidence.days_since_last_seen ?? 0)} days ago; atypical after ${evidence.threshold_days ?? '?'} days)`,
        });
      }
      return {
        summary: evidence.last_seen
          ? `“${evidence.value}” had not been used for ${formatNumber(evidence.days_since_last_seen ?? 0)} days.`
          : `“${evidence.value}” is not among the user's ${evidence.known_count} known ${evidence.field} values.`,
        items,
      };
    }
    case 'anonymous_ip':
      return {
        summary: `The login came through an anonymising network (${evidence.signal} matched “${evidence.matched}”).`,
        items: [
          { title: 'Signal', description: evidence.signal },
          { title: 'Matched', description: evidence.matched },
          ...(evidence.list_name ? [{ title: 'List', description: evidence.list_name }] : []),
          ...(evidence.ip ? [{ title: 'IP', description: evidence.ip }] : []),
        ],
      };
    case 'verdict':
      return {
        summary: evidence.why,
        items: [{ title: 'Score', description: `${evidence.score} (alerting threshold ${evidence.threshold})` }],
      };
    case 'risk':
      return {
        summary: `The user's risk rose from ${RISK_LABELS[evidence.previous_level]} to ${RISK_LABELS[evidence.level]} (score ${evidence.score}), reaching the alerting level ${RISK_LABELS[evidence.threshold_level]}.`,
        items: [
          { title: 'Previous level', description: RISK_LABELS[evidence.previous_level] },
          { title: 'New level', description: `${RISK_LABELS[evidence.level]} (score ${evidence.score})` },
          { title: 'Alerting level', description: RISK_LABELS[evidence.threshold_level] },
          {
            title: 'Caused by',
            description: `${detectorLabel(evidence.caused_by_rule_id)} alert ${evidence.caused_by_alert_id}`,
          },
        ],
      };
  }
}

/** The login's device in words ("Firefox 131 on Linux, desktop"), from the alert's user agent. */
export function alertDevice(alert: AnyAlert): string | undefined {
  const original = (alert.user_agent as { original?: unknown } | undefined)?.original;
  return typeof original === 'string' && original.trim() !== '' ? deviceName(original) : undefined;
}

const KINDS = new Set(['travel', 'novelty', 'anonymous_ip', 'risk', 'verdict']);

export function LoginEvidence({ alert }: { alert: AnyAlert }) {
  const evidence = alert.buffalogs.evidence as AlertEvidence;
  if (!evidence || !KINDS.has(evidence.kind)) {
    return (
      <EvidenceList message={alert.message} summary="Evidence of an unknown kind." items={genericItems(evidence)} />
    );
  }
  const { summary, items } = loginEvidenceItems(evidence);
  const device = alertDevice(alert);
  return (
    <EvidenceList message={alert.message} summary={summary} items={items}>
      {evidence.kind === 'verdict' && <VerdictBreakdown evidence={evidence} device={device} />}
    </EvidenceList>
  );
}
