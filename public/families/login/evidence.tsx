/** The login family's evidence (BuffaLogs' detectors and the default profile's verdict), in sentences and numbers. */
import React from 'react';
import { deviceName } from '../../../common/device_name';
import { fingerprintName } from '../../../common/fingerprint_name';
import { formatDuration, formatNumber, formatTime, timeMs } from '../../components/shared/format';
import { RISK_LABELS, detectorLabel, own } from '../../components/shared/labels';
import {
  evidenceOf,
  storedNumber,
  storedObject,
  storedText,
  storedTexts,
  textOrDash,
  type AnyAlert,
} from '../family_view';
import { EvidenceList, UnknownEvidence, type EvidenceItems as Items } from '../shared/evidence_list';
import { VerdictBreakdown } from './verdict_breakdown';

/**
 * A stored evidence object as this file reads it: every field through the family_view readers, a dash for one
 * missing or of another type (another writer's, an older version's or a hand-edited alert; one threw: a blank page).
 */
type Stored = Record<string, unknown>;

const KINDS = ['travel', 'novelty', 'anonymous_ip', 'risk', 'verdict'] as const;

const riskLabel = (level: unknown): string => own(RISK_LABELS, textOrDash(level)) ?? 'unknown';

function place(value: unknown): string {
  const p = storedObject(value);
  const where =
    [storedText(p.city_name), storedText(p.country_name) ?? storedText(p.country_iso_code)]
      .filter(Boolean)
      .join(', ') || 'unknown place';
  const asNumber = storedNumber(p.as_number);
  const network = [
    storedText(p.ip),
    asNumber !== undefined ? `AS${asNumber}` : undefined,
    storedText(p.as_organization),
  ]
    .filter(Boolean)
    .join(' · ');
  const radiusKm = storedNumber(p.accuracy_radius_km);
  const radius = radiusKm !== undefined ? ` (± ${formatNumber(radiusKm)} km)` : '';
  return `${formatTime(p.timestamp)} — ${where}${radius}${network ? ` — ${network}` : ''}`;
}

/** Which signal fired and against which baseline, in sentences, with every number the detector used. */
export function loginEvidenceItems(e: { kind: (typeof KINDS)[number] } & Stored): { summary: string; items: Items } {
  switch (e.kind) {
    case 'travel': {
      const distance = storedNumber(e.distance_km);
      const effective = storedNumber(e.effective_distance_km);
      const adjusted = effective !== undefined && effective !== distance;
      return {
        summary:
          `Two logins ${formatNumber(distance)} km apart within ${formatDuration(e.elapsed_seconds)}: ` +
          `${formatNumber(e.speed_kmh)} km/h, above the ${formatNumber(e.speed_threshold_kmh)} km/h a traveller can reach.`,
        items: [
          { title: 'From', description: place(e.from) },
          { title: 'To', description: place(e.to) },
          {
            title: 'Distance',
            description: adjusted
              ? `${formatNumber(distance)} km (${formatNumber(effective)} km after GeoIP uncertainty)`
              : `${formatNumber(distance)} km`,
          },
          { title: 'Elapsed', description: formatDuration(e.elapsed_seconds) },
          {
            title: 'Speed',
            description: `${formatNumber(e.speed_kmh)} km/h (threshold ${formatNumber(e.speed_threshold_kmh)} km/h)`,
          },
          { title: 'Minimum distance', description: `${formatNumber(e.distance_threshold_km)} km` },
        ],
      };
    }
    case 'novelty': {
      // A device is stored as its fingerprint (`linux-unknownosmajor-desktop-firefox`): named in words, fingerprint kept.
      const devices = e.field === 'device_fingerprint';
      const field = devices ? 'device' : textOrDash(e.field);
      const named = (v: string) => (devices ? `${fingerprintName(v)} (${v})` : v);
      const value = textOrDash(e.value);
      const knownValues = storedTexts(e.known);
      const knownCount = storedNumber(e.known_count) ?? knownValues.length;
      const known = knownValues.length ? knownValues.map(named).join(devices ? '; ' : ', ') : 'none';
      const more = knownCount > knownValues.length ? ` (and ${knownCount - knownValues.length} more)` : '';
      const items: Items = devices
        ? [
            { title: 'New device', description: named(value) },
            { title: `Known devices (${knownCount})`, description: `${known}${more}` },
          ]
        : [
            { title: `New ${field}`, description: value },
            { title: `Known ${field} values (${knownCount})`, description: `${known}${more}` },
          ];
      // A time as the alerts index's date field takes it: epoch milliseconds (a number) were read as no text, and
      // the atypical country was shown as never seen. Text that is no time still says the country was seen (a dash).
      const lastSeen = timeMs(e.last_seen) ?? storedText(e.last_seen);
      const days = formatNumber(storedNumber(e.days_since_last_seen) ?? 0);
      if (lastSeen !== undefined) {
        items.push({
          title: 'Last login from there',
          description: `${formatTime(lastSeen)} (${days} days ago; atypical after ${storedNumber(e.threshold_days) ?? '?'} days)`,
        });
      }
      return {
        summary:
          lastSeen !== undefined
            ? `“${value}” had not been used for ${days} days.`
            : devices
              ? `“${fingerprintName(value)}” is not among the user's ${knownCount} known devices.`
              : `“${value}” is not among the user's ${knownCount} known ${field} values.`,
        items,
      };
    }
    case 'anonymous_ip': {
      const listName = storedText(e.list_name);
      const ip = storedText(e.ip);
      return {
        summary: `The login came through an anonymising network (${textOrDash(e.signal)} matched “${textOrDash(e.matched)}”).`,
        items: [
          { title: 'Signal', description: textOrDash(e.signal) },
          { title: 'Matched', description: textOrDash(e.matched) },
          ...(listName ? [{ title: 'List', description: listName }] : []),
          ...(ip ? [{ title: 'IP', description: ip }] : []),
        ],
      };
    }
    case 'verdict':
      return {
        summary: textOrDash(e.why),
        items: [
          {
            title: 'Score',
            description: `${storedNumber(e.score) ?? '—'} (alerting threshold ${storedNumber(e.threshold) ?? '—'})`,
          },
        ],
      };
    case 'risk': {
      const score = storedNumber(e.score) ?? '—';
      const rule = storedText(e.caused_by_rule_id);
      return {
        summary: `The user's risk rose from ${riskLabel(e.previous_level)} to ${riskLabel(e.level)} (score ${score}), reaching the alerting level ${riskLabel(e.threshold_level)}.`,
        items: [
          { title: 'Previous level', description: riskLabel(e.previous_level) },
          { title: 'New level', description: `${riskLabel(e.level)} (score ${score})` },
          { title: 'Alerting level', description: riskLabel(e.threshold_level) },
          {
            title: 'Caused by',
            description: `${rule ? detectorLabel(rule) : 'unknown detector'} alert ${textOrDash(e.caused_by_alert_id)}`,
          },
        ],
      };
    }
  }
}

/** The login's device in words ("Firefox 131 on Linux, desktop"), from the alert's user agent. */
export function alertDevice(alert: AnyAlert): string | undefined {
  const original = (alert.user_agent as { original?: unknown } | undefined)?.original;
  return typeof original === 'string' && original.trim() !== '' ? deviceName(original) : undefined;
}

export function LoginEvidence({ alert }: { alert: AnyAlert }) {
  const evidence = evidenceOf(alert, ...KINDS);
  if (!evidence) {
    return <UnknownEvidence alert={alert} />;
  }
  const { summary, items } = loginEvidenceItems(evidence);
  const device = alertDevice(alert);
  return (
    <EvidenceList message={alert.message} summary={summary} items={items}>
      {evidence.kind === 'verdict' && <VerdictBreakdown evidence={evidence} device={device} />}
    </EvidenceList>
  );
}
