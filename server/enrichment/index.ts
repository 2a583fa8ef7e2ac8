export { GeoIp } from './geoip';
export type { GeoIpPaths, MmdbPaths, GeoIpRecord, AsnRecord } from './geoip';
export { UserAgentParser, parseUserAgent, UNKNOWN_FINGERPRINT } from './user_agent';
export { enrichLogin, emptyEnrichmentStats } from './enrich_login';
export type { Enricher, EnrichmentStats } from './enrich_login';
export { loadCidrList, loadAsnList, parseCidrList, parseAsnList } from './ip_lists';
export type { LoadedList, ListLineError } from './ip_lists';
