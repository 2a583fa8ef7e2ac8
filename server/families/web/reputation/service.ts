/**
 * Domain reputation for one pass of the web family: the referrer domains a batch saw, answered from the cache when
 * it has a fresh answer, else asked of the provider while the shared budget lasts: first the domains several addresses
 * came from (the most addresses first), then, within a share of the budget, those anyone could have made up.
 * A domain the budget could not cover this time is asked about when it refers again in a later batch or pass: with
 * VirusTotal's free tier (4 a minute, 500 a day) a site with thousands of referrer domains is covered over days,
 * the busiest first, and each answer is kept for the cache's lifetime. Meanwhile the space remembers a few of the
 * requests that named it and the addresses that vouched for it (./pending.ts): when an answer comes, in any later
 * batch or pass, those requests are judged late, and addresses seen in different passes add up towards `minAddresses`.
 * What happened is counted for the pass's report.
 */
import { esCause } from '../../../routes/errors';
import { isAbortError } from '../../../storage/es_client';
import type { ReputationStore, CachedReputation } from './store';
import type { QuotaLimits } from './quota';
import type { DomainLookup, DomainReport } from './virustotal';
import {
  distinctAddresses,
  MAX_PENDING_DOMAINS,
  nextPending,
  type DeferReason,
  type PendingDomain,
  type PendingRequest,
  type StoredPending,
} from './pending';

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
  /** Those addresses (the pass's, capped): counted with the ones earlier passes remembered while it waited. */
  witnesses?: ReadonlySet<string>;
  /** A few of the batch's requests that named it, one per address: remembered if its lookup has to wait. */
  seen?: readonly PendingRequest[];
}

/** A domain that waited for a lookup and has an answer now: its remembered requests are judged late. */
export interface ResolvedPending {
  stored: StoredPending;
  /** Absent when the provider does not know the domain (nothing to alert; the memory is forgotten all the same). */
  report?: DomainReport;
}

export interface ReputationAnswer {
  /** Reports for the domains that have one (found by the provider), from cache or looked up now. */
  reports: Map<string, DomainReport>;
  resolved: ResolvedPending[];
}

export interface ReputationService {
  /**
   * The batch's domains answered from the cache or looked up now; those left waiting are remembered for the space
   * (reputation/pending.ts), and those that waited before and have an answer now are handed back to be judged late.
   */
  reports(domains: ReadonlyMap<string, Sighting>, now: number, signal?: AbortSignal): Promise<ReputationAnswer>;
  /** Forgets what was remembered of resolved domains (call once their late alerts are written). */
  forget(resolved: readonly ResolvedPending[], signal?: AbortSignal): Promise<void>;
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
  /** Why lookups stopped for the pass, when the provider stopped them. */
  let disabledBy: DeferReason | undefined;
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
  /** Room left for new pending domains in this pass (asked of the index the first time one is needed). */
  let pendingRoom: number | undefined;
  let warnedFull = false;
  const remember = async (
    deferred: ReadonlyArray<[string, Sighting, DeferReason]>,
    pending: ReadonlyMap<string, StoredPending>,
    now: number,
    signal: AbortSignal | undefined,
  ): Promise<void> => {
    const entries: Array<{ pending: PendingDomain; stored?: StoredPending }> = [];
    let dropped = 0;
    for (const [domain, seen, reason] of deferred) {
      const stored = pending.get(domain);
      if (!stored) {
        pendingRoom ??= await store.pendingRoom(now, signal);
        // The sort put the best-corroborated first: when the room runs out, the made-up one-offs are what is dropped.
        if (pendingRoom <= 0) {
          dropped++;
          continue;
        }
        pendingRoom--;
      }
      entries.push({
        stored,
        pending: nextPending(stored?.pending, domain, { witnesses: seen.witnesses, requests: seen.seen }, reason, now),
      });
    }
    await store.remember(entries, signal);
    if (dropped > 0 && !warnedFull) {
      warnedFull = true;
      warn(
        `buffalogs.web.virusTotal: ${MAX_PENDING_DOMAINS} referrer domains already wait for a lookup in ${store.index}; ` +
          `${dropped} more are not remembered (their requests will not alert if a later lookup finds them malicious)`,
      );
    }
  };
  return {
    counters,
    async forget(resolved, signal) {
      if (resolved.length === 0 || storeDown) return;
      try {
        await store.forget(
          resolved.map((r) => r.stored),
          signal,
        );
      } catch (error) {
        // Remembered still: the next answer for the domain raises the same alerts again, written once.
        storeFailed(error, 'refused a write', signal);
      }
    },
    async reports(domains, now, signal) {
      const out = new Map<string, DomainReport>();
      const resolved: ResolvedPending[] = [];
      let cached = new Map<string, CachedReputation>();
      let pending = new Map<string, StoredPending>();
      try {
        const names = [...domains.keys()];
        [cached, pending] = await Promise.all([store.cached(names, now, signal), store.pending(names, signal)]);
      } catch (error) {
        storeFailed(error, 'could not be read', signal);
      }
      // Addresses across passes: those an earlier pass remembered for a domain still waiting, and this pass's.
      const live = (domain: string) => {
        const p = pending.get(domain);
        return p && p.pending.expiresAt > now ? p : undefined;
      };
      const addresses = new Map<string, number>();
      for (const [domain, seen] of domains) {
        // Without a memory the pass's own witnesses are the count (no hashing for every domain of a flood).
        const stored = live(domain)?.pending;
        addresses.set(
          domain,
          stored ? Math.max(seen.addresses, distinctAddresses(stored, seen.witnesses ?? [])) : seen.addresses,
        );
      }
      const count = (domain: string) => addresses.get(domain)!;
      // Corroborated domains first (only they may spend the whole budget), the most addresses first, then the most
      // requests, then by name so the order (and which domains the budget covers) is deterministic.
      const corroborated = (domain: string) => count(domain) >= settings.minAddresses;
      const wanted = [...domains.entries()].sort(
        ([da, a], [db, b]) =>
          Number(corroborated(db)) - Number(corroborated(da)) ||
          count(db) - count(da) ||
          b.requests - a.requests ||
          (da < db ? -1 : 1),
      );
      const settle = (domain: string, report: DomainReport | undefined) => {
        const stored = live(domain);
        if (stored) resolved.push({ stored, ...(report ? { report } : {}) });
      };
      const deferred: Array<[string, Sighting, DeferReason]> = [];
      /** Why the rest of the batch waits, once something stopped it. */
      let stopped: DeferReason | undefined;
      const fresh: CachedReputation[] = [];
      let asked = 0;
      for (const [domain, seen] of wanted) {
        const hit = cached.get(domain);
        if (hit) {
          counters.cached++;
          if (hit.report) out.set(domain, hit.report);
          settle(domain, hit.report);
          continue;
        }
        if (disabled || asked >= settings.maxLookupsPerBatch) {
          counters.deferred++;
          deferred.push([domain, seen, disabledBy ?? stopped ?? 'batch_limit']);
          continue;
        }
        let claimed: boolean;
        try {
          // The sort put every uncorroborated domain last: once its share is refused, the rest of the batch waits.
          claimed = await store.claim(settings, now, signal, false, !corroborated(domain));
        } catch (error) {
          storeFailed(error, 'refused a write', signal);
          counters.deferred++;
          continue;
        }
        if (!claimed) {
          counters.deferred++;
          stopped = corroborated(domain) ? 'budget' : 'budget_share';
          deferred.push([domain, seen, stopped]);
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
          settle(domain, entry.report);
        } else if (result.status === 'rate_limited') {
          counters.deferred++;
          stopped = 'budget';
          deferred.push([domain, seen, stopped]);
          await store
            .claim(settings, now, signal, true)
            .catch((error) => storeFailed(error, 'refused a write', signal));
          asked = settings.maxLookupsPerBatch;
        } else if (result.status === 'unauthorized') {
          counters.deferred++;
          disabled = true;
          disabledBy = 'provider_refused';
          deferred.push([domain, seen, disabledBy]);
          warn('buffalogs.web.virusTotal: VirusTotal refused the API key (HTTP 401/403); no lookups in this pass');
        } else if (result.status === 'unreachable') {
          // Each further lookup would wait out the same timeout while the pass stands still: the next pass tries again.
          counters.failed++;
          disabled = true;
          disabledBy = 'provider_failed';
          deferred.push([domain, seen, disabledBy]);
          warn(
            `buffalogs.web.virusTotal: ${result.message}; no more lookups in this pass (domains are asked again later)`,
          );
        } else {
          counters.failed++;
          deferred.push([domain, seen, 'provider_failed']);
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
      // Nothing can be remembered in an index that refuses writes (storeDown): those requests are lost as before.
      if (deferred.length > 0 && !storeDown) {
        try {
          await remember(deferred, pending, now, signal);
        } catch (error) {
          storeFailed(error, 'refused a write', signal);
        }
      }
      return { reports: out, resolved };
    },
  };
}
