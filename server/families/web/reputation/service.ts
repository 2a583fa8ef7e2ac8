/**
 * Domain reputation for one pass of the web family: the referrer domains a batch saw, answered from the cache when
 * it has a fresh answer, else asked of the provider while the shared budget lasts: first the domains several addresses
 * came from (the most addresses first), then, within a share of the budget, those anyone could have made up.
 * A domain the budget could not cover this time is asked about when it refers again in a later batch or pass: with
 * VirusTotal's free tier (4 a minute, 500 a day) a site with thousands of referrer domains is covered over days,
 * the busiest first, and each answer is kept for the cache's lifetime. What happened is counted for the pass's report.
 */
import { esCause } from '../../../routes/errors';
import { isAbortError } from '../../../storage/es_client';
import type { ReputationStore, CachedReputation } from './store';
import type { QuotaLimits } from './quota';
import type { DomainLookup, DomainReport } from './virustotal';

export interface ReputationSettings extends QuotaLimits {
  /** Distinct addresses a domain must be seen from to be looked up from the whole budget (common/web_config.ts). */
  minAddresses: number;
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

/** What the pass saw of a referrer domain so far: the requests it referred and the addresses that vouch for it. */
export interface Sighting {
  requests: number;
  /** Distinct addresses that came from it, each counted only if it is a witness (family.ts referrerSightings). */
  addresses: number;
}

export interface ReputationService {
  /** Reports for the domains that have one (found by the provider), from cache or looked up now. */
  reports(
    domains: ReadonlyMap<string, Sighting>,
    now: number,
    signal?: AbortSignal,
  ): Promise<Map<string, DomainReport>>;
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
  let storeDown = false;
  /**
   * Reputation is an addition to the web detectors, never a condition of them: an index that refuses writes (a
   * node past its flood-stage disk watermark sets index.blocks.read_only_allow_delete) or cannot be read stops
   * lookups for the pass with one warning, and the pass goes on judging and alerting without them. No lookup is
   * safe then: the budget is claimed by writing its counter, and an answer that cannot be kept would be asked again.
   */
  const storeFailed = (error: unknown, what: string, signal: AbortSignal | undefined): void => {
    if (signal?.aborted || isAbortError(error)) throw error;
    disabled = true;
    if (storeDown) return;
    storeDown = true;
    warn(
      `buffalogs.web.virusTotal: the reputation index ${store.index} ${what} (${esCause(error).split('\n')[0].slice(0, 300)}); ` +
        'no VirusTotal lookups in this pass, the other detectors go on (a full disk makes indices read-only)',
    );
  };
  return {
    counters,
    async reports(domains, now, signal) {
      const out = new Map<string, DomainReport>();
      // Corroborated domains first (only they may spend the whole budget), the most addresses first, then the most
      // requests, then by name so the order (and which domains the budget covers) is deterministic.
      const corroborated = (s: Sighting) => s.addresses >= settings.minAddresses;
      const wanted = [...domains.entries()].sort(
        ([da, a], [db, b]) =>
          Number(corroborated(b)) - Number(corroborated(a)) ||
          b.addresses - a.addresses ||
          b.requests - a.requests ||
          (da < db ? -1 : 1),
      );
      let cached = new Map<string, CachedReputation>();
      try {
        cached = await store.cached(
          wanted.map(([d]) => d),
          now,
          signal,
        );
      } catch (error) {
        storeFailed(error, 'could not be read', signal);
      }
      const fresh: CachedReputation[] = [];
      let asked = 0;
      for (const [domain, seen] of wanted) {
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
        let claimed: boolean;
        try {
          // The sort put every uncorroborated domain last: once its share is refused, the rest of the batch waits.
          claimed = await store.claim(settings, now, signal, false, !corroborated(seen));
        } catch (error) {
          storeFailed(error, 'refused a write', signal);
          counters.deferred++;
          continue;
        }
        if (!claimed) {
          counters.deferred++;
          asked = settings.maxLookupsPerBatch; // the budget (or the share) is spent: the rest of this batch waits too
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
          await store
            .claim(settings, now, signal, true)
            .catch((error) => storeFailed(error, 'refused a write', signal));
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
      try {
        await store.save(fresh, signal);
      } catch (error) {
        // This pass still uses the answers it paid for; later passes ask again.
        storeFailed(error, 'refused a write', signal);
      }
      return out;
    },
  };
}
