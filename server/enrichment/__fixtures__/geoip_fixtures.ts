/**
 * TEST-ONLY tiny GeoIP databases in both shapes the product reads, built with `mmdb_writer.ts`.
 * Addresses are from documentation ranges where possible; `32.0.0.0/8` stands in for a real routed block so the
 * IPv4-only-file-asked-about-IPv6 pitfall can be shown (2001:4860:: begins with the bits of 32.1.72.96).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMmdb, type MmdbValue } from './mmdb_writer';

const maxmindCity = (
  iso: string,
  country: string,
  city: string | undefined,
  lat: number,
  lon: number,
  radius: number,
): MmdbValue => ({
  ...(city ? { city: { geoname_id: 1, names: { en: city, de: `${city} (de)` } } } : {}),
  continent: { code: 'XX', names: { en: 'Somewhere' } },
  country: { geoname_id: 2, iso_code: iso, names: { en: country, fr: `${country} (fr)` } },
  location: { accuracy_radius: radius, latitude: lat, longitude: lon, time_zone: 'UTC' },
});

/** MaxMind GeoLite2-City shape, one IPv6 tree holding IPv4 (at ::/96) and IPv6 networks. */
export function maxmindCityDb(): Buffer {
  return writeMmdb(
    [
      { cidr: '32.0.0.0/8', data: maxmindCity('US', 'United States', undefined, 37.751, -97.822, 1000) },
      { cidr: '81.2.69.0/24', data: maxmindCity('GB', 'United Kingdom', 'London', 51.5142, -0.0931, 10) },
      { cidr: '203.0.113.0/24', data: maxmindCity('JP', 'Japan', 'Tokyo', 35.6895, 139.6917, 20) },
      { cidr: '2001:db8:1::/48', data: maxmindCity('IT', 'Italy', 'Milan', 45.4643, 9.1895, 50) },
    ],
    { ipVersion: 6, databaseType: 'GeoLite2-City', languages: ['de', 'en', 'fr'] },
  );
}

const flat = (code: string, city: string, lat: number, lon: number): MmdbValue => ({
  city,
  country_code: code,
  latitude: lat,
  longitude: lon,
  postcode: '',
  state1: '',
  state2: '',
  timezone: 'UTC',
});

/** `@ip-location-db` shape: IPv4 file. */
export function flatCityV4Db(): Buffer {
  return writeMmdb(
    [
      { cidr: '32.0.0.0/8', data: flat('US', '', 37.7509994506836, -97.8219985961914) },
      { cidr: '81.2.69.0/24', data: flat('GB', 'Bracknell', 51.4035987854004, -0.761799991130829) },
    ],
    { ipVersion: 4, databaseType: 'city ipv4' },
  );
}

/** `@ip-location-db` shape: IPv6 file (an IPv6 tree with no IPv4 data). */
export function flatCityV6Db(): Buffer {
  return writeMmdb([{ cidr: '2001:db8:2::/48', data: flat('DE', 'Berlin', 52.52, 13.405) }], {
    ipVersion: 6,
    databaseType: 'city ipv6',
  });
}

export function asnDb(): Buffer {
  return writeMmdb(
    [
      {
        cidr: '81.2.69.0/24',
        data: { autonomous_system_number: 20712, autonomous_system_organization: 'Andrews & Arnold Ltd' },
      },
      {
        cidr: '2001:db8:1::/48',
        data: { autonomous_system_number: 64500, autonomous_system_organization: 'Example IPv6 AS' },
      },
    ],
    { ipVersion: 6, databaseType: 'GeoLite2-ASN' },
  );
}

/** Writes the fixtures to a fresh temporary directory and returns their paths. */
export function writeGeoIpFixtures(): {
  dir: string;
  maxmindCity: string;
  flatV4: string;
  flatV6: string;
  asn: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'buffalogs-geoip-'));
  const files = {
    maxmindCity: join(dir, 'maxmind-city.mmdb'),
    flatV4: join(dir, 'city-ipv4.mmdb'),
    flatV6: join(dir, 'city-ipv6.mmdb'),
    asn: join(dir, 'asn.mmdb'),
  };
  writeFileSync(files.maxmindCity, maxmindCityDb());
  writeFileSync(files.flatV4, flatCityV4Db());
  writeFileSync(files.flatV6, flatCityV6Db());
  writeFileSync(files.asn, asnDb());
  return { dir, ...files };
}
