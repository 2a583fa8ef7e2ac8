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

export function virusTotalClient(options: VirusTotalClientOptions): DomainLookup {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  return {
    async lookup(domain, signal) {
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
        // The cause's message only: fetch's errors name the URL (no key in it) but never the headers.
        const reason = timeout.aborted ? `no answer in ${options.timeoutMs} ms` : describe(error);
        return { status: 'error', message: `VirusTotal unreachable: ${reason}` };
      }
      if (response.status === 404) return drained(response, { status: 'unknown' });
      if (response.status === 429) return drained(response, { status: 'rate_limited' });
      if (response.status === 401 || response.status === 403) return drained(response, { status: 'unauthorized' });
      if (response.status !== 200)
        return drained(response, { status: 'error', message: `VirusTotal answered HTTP ${response.status}` });
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES)
        return drained(response, { status: 'error', message: 'VirusTotal report too large' });
      let body: unknown;
      try {
        const text = await response.text();
        if (text.length > MAX_BODY_BYTES) return { status: 'error', message: 'VirusTotal report too large' };
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

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
}
