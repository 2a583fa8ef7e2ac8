/**
 * Distances between logins. Two methods, chosen by `impossibleTravel.distance`:
 * - `wgs84_geodesic`: Karney's algorithm on the WGS-84 ellipsoid (geographiclib, as geopy's `geodesic` that
 *   BuffaLogs uses), so the `buffalogs` profile reproduces its km/h figures to the unit (133973, 344009, 52564).
 *   About 2.5 µs per call.
 * - `haversine`: great circle on a sphere of the mean Earth radius; at most ~0.3 % off the ellipsoid, which is far
 *   below GeoIP error, and ~20× cheaper. Used by the `default` profile, where every login is compared.
 * Both handle the antimeridian (Fiji ↔ Samoa is ~1,150 km, not ~39,000).
 */
import { Geodesic } from 'geographiclib-geodesic';

const EARTH_MEAN_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;
const WGS84 = Geodesic.WGS84;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  const a = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_MEAN_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function geodesicKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE).s12! / 1000;
}

export type DistanceMethod = 'wgs84_geodesic' | 'haversine';

export function distanceKm(method: DistanceMethod, lat1: number, lon1: number, lat2: number, lon2: number): number {
  return method === 'haversine' ? haversineKm(lat1, lon1, lat2, lon2) : geodesicKm(lat1, lon1, lat2, lon2);
}
