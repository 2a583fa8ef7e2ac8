import { distanceKm, geodesicKm, haversineKm } from './geo';
import { formatDuration, formatInt } from './format';

describe('distances', () => {
  it('geodesic reproduces the distances behind BuffaLogs test speeds', () => {
    expect(geodesicKm(26.9411, 75.8773, 38.8217, -77.1814)).toBeCloseTo(12206.47, 2);
    expect(Math.trunc(geodesicKm(26.9411, 75.8773, 38.8217, -77.1814) / (328 / 3600))).toBe(133973);
    expect(Math.trunc(geodesicKm(38.8217, -77.1814, 35.2196, 137.062) / (116 / 3600))).toBe(344009);
  });

  it('haversine stays within 0.5 % of the ellipsoid', () => {
    const pairs: Array<[number, number, number, number]> = [
      [41.9, 12.5, 40.71, -74.0],
      [-33.87, 151.21, 51.51, -0.13],
      [0, 0, 0, 90],
      [60, 10, 61, 11],
    ];
    for (const [a, b, c, d] of pairs) {
      expect(Math.abs(haversineKm(a, b, c, d) / geodesicKm(a, b, c, d) - 1)).toBeLessThan(0.005);
    }
  });

  it('crosses the antimeridian the short way (Suva ↔ Apia)', () => {
    for (const method of ['haversine', 'wgs84_geodesic'] as const) {
      const d = distanceKm(method, -18.1416, 178.4419, -13.8333, -171.7667);
      expect(d).toBeGreaterThan(1100);
      expect(d).toBeLessThan(1200);
    }
    expect(distanceKm('haversine', 10, 20, 10, 20)).toBe(0);
  });
});

describe('message formatting', () => {
  it('writes numbers and durations the same on every machine', () => {
    expect(formatInt(9570.4)).toBe('9,570');
    expect(formatInt(10109599)).toBe('10,109,599');
    expect(formatInt(-1234)).toBe('-1,234');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(328)).toBe('5 min 28 s');
    expect(formatDuration(4200)).toBe('1 h 10 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(200000)).toBe('2 d 7 h');
  });
});
