/**
 * Domain reputation for one pass of the web family: the referrer domains a batch saw, answered from the cache when
 * it has a fresh answer, else asked of the provider while the shared budget lasts (most-referring domains first).
 * A domain the budget could not cover this time is asked about when it refers again in a later batch or pass: with
 * VirusTotal's free tier (4 a minute, 500 a day) a site with thousands of referrer domains is covered over days,
 * the busiest first, and each answer is kept for the cache's lifetime. What happened is counted for the pass's report.
 */
import type { ReputationStore, CachedReputation, QuotaLimits } from './store';
import type { DomainLookup, DomainReport } from './virustotal';

export interface ReputationSettings extends QuotaLimits {
  /** How long an answer is kept (a domain's reputation changes slowly; VirusTotal re-analyses popular ones daily). */
  cacheTtlMs: number;
  /** Lookups at most per batch, on top of the budget (a pass must not spend its time waiting on the provider). */
  maxLookupsPerBatch: number;
}

/**
 * `cached`: answered from the index; `looked_up`: asked of the provider; `deferred`: not asked (the shared budget was
 * spent, or the provider refused: 429 or a bad key, or did not answer); `failed`: asked, no usable answer.
 */
export type ReputationCounters = Record<'cached' | 'looked_up' | 'deferred' | 'failed', number>;

export interface ReputationService {
  /** Reports for the domains that have one (found by the provider), from cache or looked up now. */
  reports(domains: ReadonlyMap<string, number>, now: number, signal?: AbortSignal): Promise<Map<string, DomainReport>>;
  readonly counters: ReputationCounters;
}

/** An unknown domain is asked about again sooner: a new domain is exactly what a malicious one often is. */
const UNKNOWN_TTL_MS = 86_400_000;

export function reputationService(
  store: ReputationStore,
  provider: DomainLookup,
  settings: ReputationSettings,
  warn: (message: string) => void,
): ReputationService {
  const counters: ReputationCounters = { cached: 0, looked_up: 0, deferred: 0, failed: 0 };
  let disabled = false;
  let warnedFailure = false;
  return {
    counters,
    async reports(domains, now, signal) {
      const out = new Map<string, DomainReport>();
      // Busiest first, then by name so the order (and which domains the budget covers) is deterministic.
      const wanted = [...domains.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([d]) => d);
      const cached = await store.cached(wanted, now, signal);
      const fresh: CachedReputation[] = [];
      let asked = 0;
      for (const domain of wanted) {
        const hit = cached.get(domain);
        if (hit) {
          counters.cached++;
          if (hit.report) out.set(domain, hit.report);
          continue;
        }
        if (disabled || asked >= settings.maxLookupsPerBatch) {
          counters.deferred++;
          continue;
        }
        if (!(await store.claim(settings, now, signal))) {
          counters.deferred++;
          asked = settings.maxLookupsPerBatch; // the budget is spent: the rest of this batch waits too
          continue;
        }
        asked++;
        const result = await provider.lookup(domain, signal);
        if (result.status === 'found' || result.status === 'unknown') {
          counters.looked_up++;
          const entry: CachedReputation = {
            domain,
            status: result.status,
            checkedAt: now,
            expiresAt:
              now + (result.status === 'found' ? settings.cacheTtlMs : Math.min(UNKNOWN_TTL_MS, settings.cacheTtlMs)),
            ...(result.status === 'found' ? { report: result.report } : {}),
          };
          fresh.push(entry);
          if (result.status === 'found') out.set(domain, result.report);
        } else if (result.status === 'rate_limited') {
          counters.deferred++;
          await store.claim(settings, now, signal, true);
          asked = settings.maxLookupsPerBatch;
        } else if (result.status === 'unauthorized') {
          counters.deferred++;
          disabled = true;
          warn('buffalogs.web.virusTotal: VirusTotal refused the API key (HTTP 401/403); no lookups in this pass');
        } else if (result.status === 'unreachable') {
          // Each further lookup would wait out the same timeout while the pass stands still: the next pass tries again.
          counters.failed++;
          disabled = true;
          warn(
            `buffalogs.web.virusTotal: ${result.message}; no more lookups in this pass (domains are asked again later)`,
          );
        } else {
          counters.failed++;
          if (!warnedFailure) warn(`buffalogs.web.virusTotal: ${result.message}; domains are asked again later`);
          warnedFailure = true;
        }
      }
      await store.save(fresh, signal);
      return out;
    },
  };
}
