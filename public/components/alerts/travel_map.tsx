import React from 'react';
import type { AlertEvidence, LoginPlace } from '../../../common/alert_document';
import { WorldMap } from '../../map/world_map';
import { formatNumber, formatTime } from '../shared/format';

/** The two logins of a journey too fast to be one, as the map draws them. */
export interface Journey {
  from: LoginPlace;
  to: LoginPlace;
  distance_km: number;
  speed_kmh: number;
}

/**
 * The journey an alert is about: a travel alert's, or, on a verdict, its impossible-travel signal's (else its
 * stolen-session signal's). Undefined when the alert has none (a new device alone, an anonymiser…).
 */
export function journeyOf(evidence: AlertEvidence): Journey | undefined {
  if (evidence.kind === 'travel') return evidence;
  if (evidence.kind !== 'verdict') return undefined;
  for (const s of evidence.signals) if (s.evidence.kind === 'travel') return s.evidence;
  for (const s of evidence.signals) {
    if (s.evidence.kind !== 'session') continue;
    const { from, to, distance_km, elapsed_seconds } = s.evidence;
    // Speed over the elapsed time; a zero interval (same second) has no finite speed, shown as the distance alone.
    const speed_kmh = elapsed_seconds > 0 ? Math.round(distance_km / (elapsed_seconds / 3600)) : Infinity;
    return { from, to, distance_km, speed_kmh };
  }
  return undefined;
}

/** The two logins of an impossible travel on a map zoomed to them, joined by the great-circle route. */
export function TravelMap({ evidence }: { evidence: Journey }) {
  const { from, to } = evidence;
  if (!from.location || !to.location) return null;
  const label = (p: typeof from) =>
    `${p.city_name ?? p.country_iso_code ?? '?'} at ${formatTime(p.timestamp)} (${p.ip ?? 'no IP'})`;
  return (
    <WorldMap
      title={`Travel from ${label(from)} to ${label(to)}, ${formatNumber(evidence.distance_km)} km`}
      height={260}
      width={520}
      focus={[from.location, to.location]}
      arcs={[
        {
          id: 'travel',
          from: from.location,
          to: to.location,
          label: Number.isFinite(evidence.speed_kmh) ? `${formatNumber(evidence.speed_kmh)} km/h` : 'same second',
        },
      ]}
      points={[
        { id: 'from', location: from.location, label: `From: ${label(from)}` },
        { id: 'to', location: to.location, label: `To: ${label(to)}` },
      ]}
      data-test-subj="alertTravelMap"
    />
  );
}
