/**
 * GeoIP and ASN lookups in MaxMind DB (`.mmdb`) files, for logins whose `source.geo` has no location.
 *
 * Two record shapes exist and are normalised to one (`GeoIpRecord`):
 * - MaxMind GeoLite2/GeoIP2 City: `country.iso_code`, `country.names.en`, `city.names.en`,
 *   `location.{latitude, longitude, accuracy_radius}` — one file holds IPv4 and IPv6;
 * - `@ip-location-db` (flat): `country_code`, `city`, `latitude`, `longitude`, no names map, no accuracy radius —
 *   IPv4 and IPv6 come as two files.
 * Routing matters: an IPv4-only file asked about an IPv6 address does not fail, it walks the first 32 bits of the
 * address and returns an unrelated record (measured: `2001:4860:4860::8888` → a US record). So every address is
 * looked up only in a file whose tree covers its family, and IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as IPv4.
 */
import { isIP } from 'node:net';
import maxmind, { type Reader, type Response } from 'maxmind';

/** One file for both families (MaxMind), or one per family (`@ip-location-db`). */
export type MmdbPaths = string | { ipv4?: string; ipv6?: string };

export interface GeoIpPaths {
  city?: MmdbPaths;
  asn?: MmdbPaths;
}

export interface GeoIpRecord {
  lat?: number;
  lon?: number;
  countryIso?: string;
  countryName?: string;
  cityName?: string;
  /** MaxMind's `location.accuracy_radius` (km); absent in `@ip-location-db` data. */
  accuracyRadiusKm?: number;
}

export interface AsnRecord {
  number?: number;
  organization?: string;
}

type AnyRecord = Record<string, unknown>;

/** The readers for one kind of data (city or ASN), by address family. */
export interface ReaderPair {
  ipv4?: Reader<Response>;
  ipv6?: Reader<Response>;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** The address to look up and its family, or `undefined` for a string that is not an IP address. */
export function lookupAddress(ip: string): { address: string; family: 4 | 6 } | undefined {
  const zone = ip.indexOf('%');
  const address = (zone >= 0 ? ip.slice(0, zone) : ip).trim();
  const family = isIP(address);
  if (family === 4) return { address, family: 4 };
  if (family === 6) {
    const mapped = MAPPED_V4.exec(address);
    return mapped ? { address: mapped[1], family: 4 } : { address, family: 6 };
  }
  return undefined;
}

function readerFor(pair: ReaderPair, family: 4 | 6): Reader<Response> | undefined {
  if (family === 6) return pair.ipv6;
  // An IPv6 tree (MaxMind's single file) also holds the IPv4 space, so it serves IPv4 when no IPv4 file is given.
  return pair.ipv4 ?? pair.ipv6;
}

function lookup(pair: ReaderPair, ip: string): AnyRecord | undefined {
  const target = lookupAddress(ip);
  if (!target) return undefined;
  const reader = readerFor(pair, target.family);
  const record = reader?.get(target.address);
  return record && typeof record === 'object' ? (record as AnyRecord) : undefined;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** English country name for an ISO code, for databases that carry only the code. */
export function countryNameFromIso(iso: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(iso)) return undefined;
  try {
    return regionNames.of(iso) ?? undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): AnyRecord | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as AnyRecord) : undefined;
const englishName = (v: unknown): string | undefined => str(obj(obj(v)?.names)?.en);

/** Both record shapes → one. `undefined` when the record says nothing about the place. */
export function normaliseCityRecord(record: AnyRecord): GeoIpRecord | undefined {
  const location = obj(record.location);
  const country = obj(record.country);
  const lat = num(location?.latitude) ?? num(record.latitude);
  const lon = num(location?.longitude) ?? num(record.longitude);
  const countryIso = (str(country?.iso_code) ?? str(record.country_code))?.toUpperCase();
  const countryName = englishName(country) ?? (countryIso ? countryNameFromIso(countryIso) : undefined);
  const cityName = englishName(record.city) ?? str(record.city);
  const accuracyRadiusKm = num(location?.accuracy_radius);
  const out: GeoIpRecord = {};
  if (lat !== undefined && lon !== undefined) {
    out.lat = lat;
    out.lon = lon;
  }
  if (countryIso) out.countryIso = countryIso;
  if (countryName) out.countryName = countryName;
  if (cityName) out.cityName = cityName;
  if (accuracyRadiusKm !== undefined) out.accuracyRadiusKm = accuracyRadiusKm;
  return Object.keys(out).length ? out : undefined;
}

/** GeoLite2-ASN shape (`autonomous_system_number`, `autonomous_system_organization`). */
export function normaliseAsnRecord(record: AnyRecord): AsnRecord | undefined {
  const rawNumber = record.autonomous_system_number;
  const number =
    num(rawNumber) ?? (typeof rawNumber === 'string' ? Number(rawNumber.replace(/^AS/i, '')) || undefined : undefined);
  const organization = str(record.autonomous_system_organization);
  if (number === undefined && organization === undefined) return undefined;
  return { ...(number !== undefined ? { number } : {}), ...(organization ? { organization } : {}) };
}

export class GeoIp {
  constructor(
    private readonly cityReaders: ReaderPair = {},
    private readonly asnReaders: ReaderPair = {},
  ) {}

  /** Opens the configured files; the error names the file and what is wrong with it. */
  static async open(paths: GeoIpPaths): Promise<GeoIp> {
    const city = paths.city ? await openPair('city', paths.city) : {};
    const asn = paths.asn ? await openPair('asn', paths.asn) : {};
    return new GeoIp(city, asn);
  }

  get hasCity(): boolean {
    return Boolean(this.cityReaders.ipv4 || this.cityReaders.ipv6);
  }

  get hasAsn(): boolean {
    return Boolean(this.asnReaders.ipv4 || this.asnReaders.ipv6);
  }

  city(ip: string): GeoIpRecord | undefined {
    const record = lookup(this.cityReaders, ip);
    return record ? normaliseCityRecord(record) : undefined;
  }

  asn(ip: string): AsnRecord | undefined {
    const record = lookup(this.asnReaders, ip);
    return record ? normaliseAsnRecord(record) : undefined;
  }
}

async function openReader(kind: string, path: string): Promise<Reader<Response>> {
  try {
    return await maxmind.open<Response>(path);
  } catch (error) {
    throw new Error(`cannot open the GeoIP ${kind} database "${path}": ${(error as Error).message}`);
  }
}

/**
 * A single path serves both families only when its tree is IPv6 (MaxMind's files are); a single IPv4-only file serves
 * IPv4 only, and IPv6 logins then stay without geo rather than getting a wrong one.
 */
async function openPair(kind: string, paths: MmdbPaths): Promise<ReaderPair> {
  if (typeof paths === 'string') {
    const reader = await openReader(kind, paths);
    return reader.metadata.ipVersion === 6 ? { ipv6: reader } : { ipv4: reader };
  }
  const pair: ReaderPair = {};
  if (paths.ipv4) pair.ipv4 = await openReader(kind, paths.ipv4);
  if (paths.ipv6) {
    const reader = await openReader(kind, paths.ipv6);
    if (reader.metadata.ipVersion !== 6) {
      throw new Error(`the GeoIP ${kind} database "${paths.ipv6}" is given for IPv6 but holds only IPv4 addresses`);
    }
    pair.ipv6 = reader;
  }
  return pair;
}
