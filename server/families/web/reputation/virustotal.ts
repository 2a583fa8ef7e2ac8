/**
 * VirusTotal's domain report (API v3, `GET {url}/domains/{domain}` with the key in the `x-apikey` header), read as
 * hostile input: only the analysis counts and dates are kept, each checked for type and range. The key goes in the
 * header and nowhere else: it is never part of a result, an error message or a log line.
 *
 * What VirusTotal answers (https://docs.virustotal.com/reference/domain-info and /reference/errors): 200 with
 * `data.attributes.last_analysis_stats` {harmless, malicious, suspicious, undetected, timeout}, `reputation` and
 * `last_analysis_date` (epoch seconds); 404 `NotFoundError` for a domain it has never seen; 429
 * `QuotaExceededError` past the key's quota; 401 `WrongCredentialsError` / 403 `ForbiddenError` for a bad key.
 */
import { readCapped } from '../../../http_body';

export const VIRUSTOTAL_DEFAULT_URL = 'https://www.virustotal.com/api/v3';

export interface DomainReport {
  domain: string;
  malicious: number;
  suspicious: number;
  harmless: number;
  undetected: number;
  /** VirusTotal's community reputation (negative is bad); absent when the report has none. */
  reputation?: number;
  /** When VirusTotal last analysed the domain, epoch ms. */
  analysedAt?: number;
}

export type LookupResult =
  | { status: 'found'; report: DomainReport }
  | { status: 'unknown' }
  | { status: 'rate_limited' }
  | { status: 'unauthorized' }
  /** No (whole) answer: a timeout or a network failure, which the next lookups would most likely wait out too. */
  | { status: 'unreachable'; message: string }
  | { status: 'error'; message: string };

export interface VirusTotalClientOptions {
  url: string;
  apiKey: string;
  timeoutMs: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export interface DomainLookup {
  lookup(domain: string, signal?: AbortSignal): Promise<LookupResult>;
}

/** A report body larger than this is not a domain report (VirusTotal's are a few tens of kB with every engine). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10_000 ? value : 0;

/** The report's numbers, or undefined when the body is not VirusTotal's domain shape. */
export function parseDomainReport(domain: string, body: unknown): DomainReport | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const data = (body as { data?: unknown }).data;
  if (!data || typeof data !== 'object') return undefined;
  const attributes = (data as { attributes?: unknown }).attributes;
  if (!attributes || typeof attributes !== 'object') return undefined;
  const stats = (attributes as { last_analysis_stats?: unknown }).last_analysis_stats;
  if (!stats || typeof stats !== 'object') return undefined;
  const s = stats as Record<string, unknown>;
  const report: DomainReport = {
    domain,
    malicious: count(s.malicious),
    suspicious: count(s.suspicious),
    harmless: count(s.harmless),
    undetected: count(s.undetected),
  };
  const a = attributes as Record<string, unknown>;
  if (typeof a.reputation === 'number' && Number.isFinite(a.reputation) && Math.abs(a.reputation) <= 1e6)
    report.reputation = Math.trunc(a.reputation);
  const date = a.last_analysis_date;
  // Epoch seconds between 2004 (VirusTotal's start) and 2100.
  if (typeof date === 'number' && Number.isFinite(date) && date >= 1.07e9 && date <= 4.1e9)
    report.analysedAt = Math.trunc(date) * 1000;
  return report;
}

/**
 * What an API key may be: visible ASCII, no spaces (VirusTotal's are 64 hex digits). Anything else cannot travel in a
 * header, and fetch's refusal would quote it.
 */
export const API_KEY_PATTERN = /^[\x21-\x7e]+$/;

export function virusTotalClient(options: VirusTotalClientOptions): DomainLookup {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const keyUsable = API_KEY_PATTERN.test(options.apiKey);
  return {
    async lookup(domain, signal) {
      if (!keyUsable)
        return { status: 'error', message: 'the API key is not printable ASCII without spaces (check kibana.yml)' };
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let response: Response;
      try {
        response = await doFetch(`${base}/domains/${encodeURIComponent(domain)}`, {
          headers: { 'x-apikey': options.apiKey, accept: 'application/json' },
          signal: combined,
          redirect: 'error',
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        // Fetch's errors can quote a header value (undici: `Headers.append: "<value>" is an invalid header value`
        // for a key with a control character in it): whatever the message, the key is cut out of it.
        const reason = timeout.aborted ? `no answer in ${options.timeoutMs} ms` : describe(error, options.apiKey);
        return { status: 'unreachable', message: `VirusTotal unreachable: ${reason}` };
      }
      if (response.status === 404) return drained(response, { status: 'unknown' });
      if (response.status === 429) return drained(response, { status: 'rate_limited' });
      if (response.status === 401 || response.status === 403) return drained(response, { status: 'unauthorized' });
      if (response.status !== 200)
        return drained(response, { status: 'error', message: `VirusTotal answered HTTP ${response.status}` });
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES)
        return drained(response, { status: 'error', message: 'VirusTotal report too large' });
      let text: string | undefined;
      try {
        // Read up to the cap and no further: a chunked answer has no content-length to refuse it by.
        text = await readCapped(response, MAX_BODY_BYTES, false, combined);
      } catch (error) {
        if (signal?.aborted) throw error;
        const reason = timeout.aborted ? `no whole answer in ${options.timeoutMs} ms` : describe(error, options.apiKey);
        return { status: 'unreachable', message: `VirusTotal answer cut short: ${reason}` };
      }
      if (text === undefined) return { status: 'error', message: 'VirusTotal report too large' };
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { status: 'error', message: 'VirusTotal answered something that is not JSON' };
      }
      const report = parseDomainReport(domain, body);
      return report ? { status: 'found', report } : { status: 'error', message: 'not a VirusTotal domain report' };
    },
  };
}

async function drained(response: Response, result: LookupResult): Promise<LookupResult> {
  await response.body?.cancel().catch(() => {});
  return result;
}

/** A failure in a few words, never with the key in it (whatever the library put in its message). */
export function describe(error: unknown, apiKey: string): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (cause && typeof cause.code === 'string') return cause.code.slice(0, 60);
  const message = error instanceof Error ? error.message : 'unknown error';
  // Cut the key out before clipping, so a clip cannot leave part of it behind.
  return (apiKey ? message.split(apiKey).join('[key]') : message).slice(0, 200);
}
