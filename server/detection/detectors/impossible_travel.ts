/**
 * Impossible travel: the distance between this login and the user's baseline login, divided by the time between
 * them, is faster than a traveller can go. Profile switches (common/detection_config.ts): BuffaLogs judges only a
 * login from a new IP, against its newest stored row, on the WGS-84 ellipsoid, `> 100 km` and `> 300 km/h`; the
 * default profile judges every login against the previous one in time, after subtracting both GeoIP accuracy radii,
 * never from/to a trusted network (VPN egress), not for the same IP, not for mobile hops inside one country.
 * Zero elapsed time counts as 0.001 h (3.6 s), as BuffaLogs, so the speed stays finite.
 */
import type { TravelEvidence } from '../../../common/alert_document';
import { hasIp, travelBaseline } from '../baselines';
import { distanceKm } from '../geo';
import { describePlace, formatDuration, formatInt } from '../format';
import { placeOfEvent, placeOfStored, type LoginDetector } from './detector';

const HOUR_MS = 3_600_000;

export const impossibleTravelDetector: LoginDetector<TravelEvidence> = {
  id: 'impossible_travel',
  name: 'Impossible travel',
  description: 'Two logins of the user are farther apart than anyone can travel in the time between them.',
  evaluate({ event, state, cc, country, mobile, trusted }) {
    const conf = cc.config.impossibleTravel;
    const geo = event.geo;
    if (!conf.enabled || !geo || trusted) return undefined;
    if (conf.onlyNewIp && event.ip !== undefined && hasIp(state, event.ip, event.timestamp, cc)) return undefined;
    const prev = travelBaseline(state, event.timestamp, cc);
    if (!prev) return undefined;
    if (conf.ignoreSameIp && event.ip !== undefined && prev.ip === event.ip) return undefined;
    if (conf.ignoreMobileSameCountry && (mobile || prev.mobile) && country !== undefined && prev.country === country) {
      return undefined;
    }
    const distance = distanceKm(conf.distance, prev.lat, prev.lon, geo.lat, geo.lon);
    const effective = conf.subtractAccuracyRadius
      ? Math.max(0, distance - (prev.accuracyKm ?? 0) - (geo.accuracyRadiusKm ?? 0))
      : distance;
    if (!(effective > conf.minDistanceKm)) return undefined;
    const elapsedMs = event.timestamp - prev.at;
    const hours = elapsedMs === 0 ? 0.001 : elapsedMs / HOUR_MS;
    const speed = effective / hours;
    if (!(speed > conf.maxSpeedKmh)) return undefined;
    const exact = conf.distance === 'wgs84_geodesic';
    return {
      kind: 'travel',
      from: placeOfStored(prev),
      to: placeOfEvent(event),
      distance_km: round3(distance),
      effective_distance_km: round3(effective),
      elapsed_seconds: elapsedMs / 1000,
      // BuffaLogs reports int(speed) (truncated); elsewhere rounded.
      speed_kmh: exact ? Math.trunc(speed) : Math.round(speed),
      speed_threshold_kmh: conf.maxSpeedKmh,
      distance_threshold_km: conf.minDistanceKm,
    };
  },
  severity: (e) => (e.speed_kmh > 5 * e.speed_threshold_kmh ? 'high' : 'medium'),
  message(user, e) {
    const beyond =
      e.effective_distance_km !== e.distance_km
        ? ` (${formatInt(e.effective_distance_km)} km beyond GeoIP accuracy)`
        : '';
    return (
      `Impossible travel for ${user}: ${formatInt(e.distance_km)} km${beyond} from ${describePlace(e.from)} to ` +
      `${describePlace(e.to)} in ${formatDuration(e.elapsed_seconds)} = ${formatInt(e.speed_kmh)} km/h > ${formatInt(e.speed_threshold_kmh)} km/h`
    );
  },
};

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
