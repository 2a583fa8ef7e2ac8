import React from 'react';
import type { GeoLocation } from '../../../common/alert_document';
import { storedList, storedNumber, storedObject, storedText } from '../../families/family_view';
import { WorldMap } from '../../map/world_map';
import { formatNumber, formatTime } from '../shared/format';

/** One end of a journey: a stored login place with a location the map can draw, its other fields when text. */
export interface MapPlace {
  location: GeoLocation;
  timestamp?: unknown;
  ip?: string;
  city_name?: string;
  country_iso_code?: string;
}

/** The two logins of a journey too fast to be one, as the map draws them. */
export interface Journey {
  from: MapPlace;
  to: MapPlace;
  distance_km?: number;
  speed_kmh?: number;
}

/** A stored login place the map can draw: undefined without a numeric latitude and longitude. */
function mapPlace(value: unknown): MapPlace | undefined {
  const p = storedObject(value);
  const location = storedObject(p.location);
  const lat = storedNumber(location.lat);
  const lon = storedNumber(location.lon);
  if (lat === undefined || lon === undefined) return undefined;
  return {
    location: { lat, lon },
    timestamp: p.timestamp,
    ip: storedText(p.ip),
    city_name: storedText(p.city_name),
    country_iso_code: storedText(p.country_iso_code),
  };
}

/**
 * The journey an alert is about: a travel alert's, or, on a verdict, its impossible-travel signal's (else its
 * stolen-session signal's). Undefined when the alert has none (a new device alone, an anonymiser…) or its stored
 * logins have no place to draw. The evidence is read as stored: parts may be missing or of another type.
 */
export function journeyOf(evidence: unknown): Journey | undefined {
  const e = storedObject(evidence);
  if (e.kind === 'travel') return journey(e, storedNumber(e.speed_kmh));
  if (e.kind !== 'verdict') return undefined;
  const signals = storedList(e.signals).map((s) => storedObject(storedObject(s).evidence));
  const travel = signals.find((s) => s.kind === 'travel');
  if (travel) return journey(travel, storedNumber(travel.speed_kmh));
  const session = signals.find((s) => s.kind === 'session');
  if (!session) return undefined;
  const distance = storedNumber(session.distance_km);
  const elapsed = storedNumber(session.elapsed_seconds);
  // Speed over the elapsed time; a zero interval (same second) has no finite speed, shown as the distance alone.
  const speed =
    distance === undefined || elapsed === undefined
      ? undefined
      : elapsed > 0
        ? Math.round(distance / (elapsed / 3600))
        : Infinity;
  return journey(session, speed);
}

function journey(e: Record<string, unknown>, speed: number | undefined): Journey | undefined {
  const from = mapPlace(e.from);
  const to = mapPlace(e.to);
  return from && to ? { from, to, distance_km: storedNumber(e.distance_km), speed_kmh: speed } : undefined;
}

/** The two logins of an impossible travel on a map zoomed to them, joined by the great-circle route. */
export function TravelMap({ evidence }: { evidence: Journey }) {
  const { from, to, speed_kmh: speed } = evidence;
  const label = (p: MapPlace) =>
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
          label:
            speed === undefined ? '— km/h' : Number.isFinite(speed) ? `${formatNumber(speed)} km/h` : 'same second',
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
