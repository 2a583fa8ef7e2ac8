/**
 * The web family's settings: `buffalogs.web` in kibana.yml, every key optional. Users without web logs configure
 * nothing: the default indices are the Apache/Nginx/IIS access data streams, and a pass over indices that do not exist
 * reads nothing. Kept free of @kbn/config-schema (./config_schema.ts) so the CLI and the benchmark load it outside Kibana.
 */
import type { WebConfig } from './config_schema';
import { VIRUSTOTAL_DEFAULTS, WEB_DEFAULT_INDICES, WEB_DEFAULTS } from '../../../common/web_config';
import { VIRUSTOTAL_DEFAULT_URL } from './reputation/virustotal';

export interface WebSettings {
  indices: string[];
  /** Malicious referrer domains given inline (kibana.yml `maliciousDomains`, or tests). */
  maliciousDomains: string[];
  /** One domain a line; read when a pass opens (a missing or unreadable file is a warning, not a failure). */
  maliciousDomainsFile?: string;
  /** VirusTotal lookups of referrer domains (absent: only the offline list judges referrers). */
  virusTotal?: VirusTotalSettings;
  /** The site's own domains (lower case), left out of the top referrer domains. */
  siteDomains: string[];
  cooldownMs: number;
  scanning: { windowMs: number; notFound: number; distinctMissingShapes: number; sensitivePaths: number };
  flood: { windowMs: number; tooManyRequests: number; loginFailures: number };
  burst: { windowMs: number; count: number; minStatus: number };
  exfiltration: { windowMs: number; singleRequestBytes: number; totalRequestBytes: number };
}

export interface VirusTotalSettings {
  url: string;
  /** Server-side only: never in a route's answer, an alert, a message or a log line. */
  apiKey: string;
  requestsPerMinute: number;
  requestsPerDay: number;
  cacheTtlMs: number;
  maliciousEngines: number;
  timeoutMs: number;
  maxLookupsPerBatch: number;
  /** Addresses a referrer domain must be seen from to be looked up from the whole budget (`minAddresses`). */
  minAddresses: number;
  /** The budget's share domains short of that may spend (`uncorroboratedShare`). */
  uncorroboratedShare: number;
  /** An address that came from more referrer domains in a pass vouches for none of them. */
  witnessMaxDomains: number;
}

export const defaultWebSettings = (): WebSettings => ({
  indices: [...WEB_DEFAULT_INDICES],
  maliciousDomains: [],
  siteDomains: [],
  cooldownMs: WEB_DEFAULTS.cooldownMs,
  scanning: { ...WEB_DEFAULTS.scanning },
  flood: { ...WEB_DEFAULTS.flood },
  burst: { ...WEB_DEFAULTS.burst },
  exfiltration: { ...WEB_DEFAULTS.exfiltration },
});

type Duration = { asMilliseconds(): number } | undefined;
const ms = (d: Duration, fallback: number): number => (d ? d.asMilliseconds() : fallback);

/** Settings from the validated section (undefined when the section is absent: every default applies). */
export function webSettingsFrom(section: unknown): WebSettings {
  const d = defaultWebSettings();
  const c = (section ?? {}) as Partial<WebConfig>;
  return {
    indices: c.indices ? [...c.indices] : d.indices,
    maliciousDomains: c.maliciousDomains ? [...c.maliciousDomains] : [],
    ...(c.maliciousDomainsFile ? { maliciousDomainsFile: c.maliciousDomainsFile } : {}),
    ...(c.virusTotal
      ? {
          virusTotal: {
            url: c.virusTotal.url ?? VIRUSTOTAL_DEFAULT_URL,
            apiKey: c.virusTotal.apiKey,
            requestsPerMinute: c.virusTotal.requestsPerMinute ?? VIRUSTOTAL_DEFAULTS.requestsPerMinute,
            requestsPerDay: c.virusTotal.requestsPerDay ?? VIRUSTOTAL_DEFAULTS.requestsPerDay,
            cacheTtlMs: ms(c.virusTotal.cacheTtl as Duration, VIRUSTOTAL_DEFAULTS.cacheTtlMs),
            maliciousEngines: c.virusTotal.maliciousEngines ?? VIRUSTOTAL_DEFAULTS.maliciousEngines,
            timeoutMs: ms(c.virusTotal.timeout as Duration, VIRUSTOTAL_DEFAULTS.timeoutMs),
            maxLookupsPerBatch: VIRUSTOTAL_DEFAULTS.maxLookupsPerBatch,
            minAddresses: c.virusTotal.minAddresses ?? VIRUSTOTAL_DEFAULTS.minAddresses,
            uncorroboratedShare: c.virusTotal.uncorroboratedShare ?? VIRUSTOTAL_DEFAULTS.uncorroboratedShare,
            witnessMaxDomains: VIRUSTOTAL_DEFAULTS.witnessMaxDomains,
          },
        }
      : {}),
    siteDomains: (c.siteDomains ?? []).map((domain) => domain.trim().toLowerCase().replace(/\.$/, '')),
    cooldownMs: ms(c.cooldown as Duration, d.cooldownMs),
    scanning: {
      windowMs: ms(c.scanning?.window as Duration, d.scanning.windowMs),
      notFound: c.scanning?.notFound ?? d.scanning.notFound,
      distinctMissingShapes: c.scanning?.distinctMissingShapes ?? d.scanning.distinctMissingShapes,
      sensitivePaths: c.scanning?.sensitivePaths ?? d.scanning.sensitivePaths,
    },
    flood: {
      windowMs: ms(c.flood?.window as Duration, d.flood.windowMs),
      tooManyRequests: c.flood?.tooManyRequests ?? d.flood.tooManyRequests,
      loginFailures: c.flood?.loginFailures ?? d.flood.loginFailures,
    },
    burst: {
      windowMs: ms(c.burst?.window as Duration, d.burst.windowMs),
      count: c.burst?.count ?? d.burst.count,
      minStatus: c.burst?.minStatus ?? d.burst.minStatus,
    },
    exfiltration: {
      windowMs: ms(c.exfiltration?.window as Duration, d.exfiltration.windowMs),
      singleRequestBytes: c.exfiltration?.singleRequestBytes ?? d.exfiltration.singleRequestBytes,
      totalRequestBytes: c.exfiltration?.totalRequestBytes ?? d.exfiltration.totalRequestBytes,
    },
  };
}
