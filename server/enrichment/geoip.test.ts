import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reader } from 'maxmind';
import { GeoIp } from './geoip';
import { enrichLogin, emptyEnrichmentStats, type Enricher } from './enrich_login';
import { UserAgentParser } from './user_agent';
import { flatCityV4Db, writeGeoIpFixtures } from './__fixtures__/geoip_fixtures';
import { normalizeLogin } from '../events/normalize_login';
import type { LoginEvent } from '../detection/types';

const files = writeGeoIpFixtures();
afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

describe('GeoIp with a MaxMind City database (one file, both families)', () => {
  let geoIp: GeoIp;
  beforeAll(async () => {
    geoIp = await GeoIp.open({ city: files.maxmindCity, asn: files.asn });
  });

  it('normalises a MaxMind record: English names, ISO code, location and accuracy radius', () => {
    expect(geoIp.city('81.2.69.142')).toEqual({
      lat: 51.5142,
      lon: -0.0931,
      countryIso: 'GB',
      countryName: 'United Kingdom',
      cityName: 'London',
      accuracyRadiusKm: 10,
    });
  });

  it('answers IPv6, and IPv4-mapped IPv6 as the IPv4 address it carries', () => {
    expect(geoIp.city('2001:db8:1::42')).toMatchObject({ countryIso: 'IT', cityName: 'Milan', accuracyRadiusKm: 50 });
    expect(geoIp.city('::ffff:81.2.69.142')).toMatchObject({ cityName: 'London' });
  });

  it('returns nothing for unknown addresses and for strings that are not addresses', () => {
    expect(geoIp.city('198.51.100.1')).toBeUndefined();
    expect(geoIp.city('2001:db8:9::1')).toBeUndefined();
    expect(geoIp.city('not-an-ip')).toBeUndefined();
    expect(geoIp.city('999.1.1.1')).toBeUndefined();
  });

  it('looks up ASNs in the ASN database', () => {
    expect(geoIp.asn('81.2.69.142')).toEqual({ number: 20712, organization: 'Andrews & Arnold Ltd' });
    expect(geoIp.asn('2001:db8:1::1')).toEqual({ number: 64500, organization: 'Example IPv6 AS' });
    expect(geoIp.asn('203.0.113.5')).toBeUndefined();
  });
});

describe('GeoIp with @ip-location-db files (flat records, one file per family)', () => {
  it('normalises the flat record and names the country from its ISO code (the data has no names)', async () => {
    const geoIp = await GeoIp.open({ city: { ipv4: files.flatV4, ipv6: files.flatV6 } });
    expect(geoIp.city('81.2.69.142')).toEqual({
      lat: 51.4035987854004,
      lon: -0.761799991130829,
      countryIso: 'GB',
      countryName: 'United Kingdom',
      cityName: 'Bracknell',
    });
    expect(geoIp.city('32.1.2.3')).toEqual({
      lat: 37.7509994506836,
      lon: -97.8219985961914,
      countryIso: 'US',
      countryName: 'United States',
    });
    expect(geoIp.city('2001:db8:2::1')).toMatchObject({ countryIso: 'DE', countryName: 'Germany', cityName: 'Berlin' });
  });

  it('never asks the IPv4-only file about an IPv6 address (it would answer with a wrong record)', async () => {
    // The pitfall itself, on the raw reader: 2001:4860:: walks the IPv4 tree as 32.1.72.96 and "finds" the US.
    const raw = new Reader(flatCityV4Db());
    expect(raw.get('2001:4860:4860::8888')).toMatchObject({ country_code: 'US' });

    const v4Only = await GeoIp.open({ city: files.flatV4 });
    expect(v4Only.city('32.1.2.3')).toMatchObject({ countryIso: 'US' });
    expect(v4Only.city('2001:4860:4860::8888')).toBeUndefined();
    const both = await GeoIp.open({ city: { ipv4: files.flatV4, ipv6: files.flatV6 } });
    expect(both.city('2001:4860:4860::8888')).toBeUndefined();
  });

  it('refuses an IPv4-only file configured for IPv6, and names a file it cannot open', async () => {
    await expect(GeoIp.open({ city: { ipv6: files.flatV4 } })).rejects.toThrow(/given for IPv6 but holds only IPv4/);
    await expect(GeoIp.open({ city: join(files.dir, 'missing.mmdb') })).rejects.toThrow(
      /cannot open the GeoIP city database ".*missing.mmdb"/,
    );
    const garbage = join(files.dir, 'garbage.mmdb');
    writeFileSync(garbage, 'not a database');
    await expect(GeoIp.open({ city: garbage })).rejects.toThrow(/garbage.mmdb/);
  });
});

describe('enrichLogin', () => {
  const login = (source: Record<string, unknown>): LoginEvent => {
    const result = normalizeLogin({
      '@timestamp': '2025-02-26T13:40:15Z',
      event: { category: 'authentication', outcome: 'success' },
      user: { name: 'alice' },
      source,
      user_agent: { original: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0' },
    });
    if (!result.ok) throw new Error(result.reason);
    return result.event;
  };
  let enricher: Enricher;
  beforeEach(async () => {
    enricher = {
      userAgents: new UserAgentParser(),
      geoIp: await GeoIp.open({ city: files.maxmindCity, asn: files.asn }),
      stats: emptyEnrichmentStats(),
    };
  });

  it('fills geo and ASN into the login and into the ECS source that alerts copy', () => {
    const event = enrichLogin(login({ ip: '81.2.69.142' }), enricher);
    expect(event.geo).toEqual({
      lat: 51.5142,
      lon: -0.0931,
      countryIso: 'GB',
      countryName: 'United Kingdom',
      cityName: 'London',
      accuracyRadiusKm: 10,
    });
    expect(event.asn).toEqual({ number: 20712, organization: 'Andrews & Arnold Ltd' });
    expect(event.ecs.source).toEqual({
      ip: '81.2.69.142',
      geo: {
        location: { lat: 51.5142, lon: -0.0931 },
        country_iso_code: 'GB',
        country_name: 'United Kingdom',
        city_name: 'London',
      },
      as: { number: 20712, organization: { name: 'Andrews & Arnold Ltd' } },
    });
    expect(event.userAgent?.fingerprint).toBe('windows-10-desktop-firefox');
    expect(enricher.stats).toEqual({ userAgentsParsed: 1, geoFilled: 1, geoMissed: 0, asnFilled: 1 });
  });

  it('keeps the geo the event already has, and replaces a partial geo (country without location) as a whole', () => {
    const own = enrichLogin(
      login({ ip: '81.2.69.142', geo: { location: { lat: 1.5, lon: 2.5 }, country_name: 'Elsewhere' } }),
      enricher,
    );
    expect(own.geo).toEqual({ lat: 1.5, lon: 2.5, countryName: 'Elsewhere' });
    const partial = enrichLogin(
      login({ ip: '81.2.69.142', geo: { country_name: 'Elsewhere', region_name: 'R' } }),
      enricher,
    );
    expect(partial.ecs.source?.geo).toEqual({
      region_name: 'R',
      location: { lat: 51.5142, lon: -0.0931 },
      country_iso_code: 'GB',
      country_name: 'United Kingdom',
      city_name: 'London',
    });
  });

  it('counts addresses the database does not know and leaves them without geo', () => {
    const event = enrichLogin(login({ ip: '198.51.100.7' }), enricher);
    expect(event.geo).toBeUndefined();
    expect(enricher.stats.geoMissed).toBe(1);
  });

  it('does nothing geographic without a database, and does not modify its input', () => {
    const input = login({ ip: '81.2.69.142' });
    const before = JSON.stringify(input);
    const event = enrichLogin(input, { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() });
    expect(event.geo).toBeUndefined();
    expect(event.userAgent?.browserName).toBe('Firefox');
    expect(JSON.stringify(input)).toBe(before);
  });
});
