import React from 'react';
import type { TravelEvidence } from '../../../common/alert_document';
import { WorldMap } from '../../map/world_map';
import { formatNumber, formatTime } from '../shared/format';

/** The two logins of an impossible travel on a map zoomed to them, joined by the great-circle route. */
export function TravelMap({ evidence }: { evidence: TravelEvidence }) {
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
      arcs={[{ id: 'travel', from: from.location, to: to.location, label: `${formatNumber(evidence.speed_kmh)} km/h` }]}
      points={[
        { id: 'from', location: from.location, label: `From: ${label(from)}` },
        { id: 'to', location: to.location, label: `To: ${label(to)}` },
      ]}
      data-test-subj="alertTravelMap"
    />
  );
}
