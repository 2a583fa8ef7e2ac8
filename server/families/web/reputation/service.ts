/**
 * Domain reputation for one pass of the web family: the referrer domains a batch saw, answered from the cache when
 * it has a fresh answer, else asked of the provider while the shared budget lasts: first the domains several addresses
 * came from (the most addresses first), then, within a share of the budget, those anyone could have made up.
 * A domain the budget could not cover this time is asked about when it refers again in a later batch or pass: with
 * VirusTotal's free tier (4 a minute, 500 a day) a site with thousands of referrer domains is covered over days,
 * the busiest first, and each answer is kept for the cache's lifetime. Meanwhile the space remembers a few of the
 * requests that named it and the addresses that vouched for it (./pending.ts): when an answer comes, in any later
 * batch or pass, those requests are judged late, and addresses seen in different passes add up towards `minAddresses`.
 * One that never refers again is looked up at the end of a later pass, with what the batches left of the budget
 * (`sweep`, the longest waiting first). What happened is counted for the pass's report.
 */
import { esCause } from '../../../routes/errors';
import { isAbortError } from '../../../storage/es_client';
import { partitionOf } from '../../../ingest/partition';
import { answerLifetime, type ReputationStore, type CachedReputation } from './store';
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
  /**
   * After the pass's own lookups: the budget they left (within the day's even pace, and the share for domains short of
   * `minAddresses`) spent on the domains that have waited longest, this partition's share of them, at most
   * MAX_SWEEP_LOOKUPS. A one-off referral that never comes back is otherwise never looked up, and its memory expires
   * unheard of. Those answered (cached meanwhile, or looked up now) are handed back to be judged late; `lookups`: how
   * many were asked of the provider.
   */
  sweep(
    now: number,
    share: { partition: number; partitions: number },
    signal?: AbortSignal,
  ): Promise<{ resolved: ResolvedPending[]; lookups: number }>;
  /** Forgets what was remembered of resolved domains (call once their late alerts are written). */
  forget(resolved: readonly ResolvedPending[], signal?: AbortSignal): Promise<void>;
  readonly counters: ReputationCounters;
}

/**
 * Lookups at most per pass for domains still waiting, from the budget the pass left: the free tier's minute. A pass
 * every few minutes covers a backlog over the day without keeping the budget from the passes' own referrers.
 */
export const MAX_SWEEP_LOOKUPS = 4;

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
  /**
   * One lookup whose budget is claimed: its answer to cache, or why it must wait (counted, and what stops lookups for
   * the pass recorded and warned about). `budget`: VirusTotal said the quota is spent (429), now marked for every node.
   */
  const ask = async (
    domain: string,
    now: number,
    signal: AbortSignal | undefined,
  ): Promise<{ entry: CachedReputation } | { wait: DeferReason }> => {
    const result = await provider.lookup(domain, signal);
    if (result.status === 'found' || result.status === 'unknown') {
      counters.looked_up++;
      const ttl = answerLifetime(result.status, settings.cacheTtlMs);
      return {
        entry: {
          domain,
          status: result.status,
          checkedAt: now,
          expiresAt: now + ttl,
          ...(result.status === 'found' ? { report: result.report } : {}),
        },
      };
    }
    if (result.status === 'rate_limited') {
      counters.deferred++;
      await store.claim(settings, now, signal, true).catch((error) => storeFailed(error, 'refused a write', signal));
      return { wait: 'budget' };
    }
    if (result.status === 'unauthorized') {
      counters.deferred++;
      disabled = true;
      disabledBy = 'provider_refused';
      warn('buffalogs.web.virusTotal: VirusTotal refused the API key (HTTP 401/403); no lookups in this pass');
      return { wait: disabledBy };
    }
    counters.failed++;
    if (result.status === 'unreachable') {
      // Each further lookup would wait out the same timeout while the pass stands still: the next pass tries again.
      disabled = true;
      disabledBy = 'provider_failed';
      warn(`buffalogs.web.virusTotal: ${result.message}; no more lookups in this pass (domains are asked again later)`);
    } else {
      if (!warnedFailure) warn(`buffalogs.web.virusTotal: ${result.message}; domains are asked again later`);
      warnedFailure = true;
    }
    return { wait: 'provider_failed' };
  };
  return {
    counters,
    async sweep(now, share, signal) {
      const resolved: ResolvedPending[] = [];
      const limit = Math.min(MAX_SWEEP_LOOKUPS, settings.maxLookupsPerBatch);
      if (disabled || limit <= 0) return { resolved, lookups: 0 };
      let domains: string[];
      let cached: Map<string, CachedReputation>;
      let pending: Map<string, StoredPending>;
      try {
        // Each partition's pass takes its own domains (as it takes its own addresses): two never ask the same one.
        const oldest = await store.oldestPending(limit * share.partitions, now, signal);
        domains = oldest.filter((d) => partitionOf(d, share.partitions) === share.partition);
        if (domains.length === 0) return { resolved, lookups: 0 };
        // Read again by id (the search may not see yet what this pass or another wrote): the current version.
        [cached, pending] = await Promise.all([
          store.cached(domains, now, signal),
          store.pending(domains, now, signal),
        ]);
      } catch (error) {
        storeFailed(error, 'could not be read', signal);
        return { resolved, lookups: 0 };
      }
      const fresh: CachedReputation[] = [];
      let asked = 0;
      let shareSpent = false;
      /** The budget (or the pace) is spent: only answers already cached can still resolve. */
      let spent = false;
      for (const domain of domains) {
        const stored = pending.get(domain);
        // Forgotten since (answered in this pass or another), or expired: nothing to judge.
        if (!stored || stored.pending.expiresAt <= now) continue;
        const hit = cached.get(domain);
        if (hit) {
          counters.cached++;
          resolved.push({ stored, ...(hit.report ? { report: hit.report } : {}) });
          continue;
        }
        if (disabled || spent || asked >= limit) continue;
        // The addresses that vouched for it over the passes it waited, as a pass counts them for minAddresses.
        const uncorroborated = stored.pending.addresses.length < settings.minAddresses;
        if (uncorroborated && shareSpent) continue;
        let claimed: boolean;
        try {
          claimed = await store.claim(settings, now, signal, false, uncorroborated, true);
        } catch (error) {
          storeFailed(error, 'refused a write', signal);
          continue;
        }
        if (!claimed) {
          // Refused for a one-off: its share may be what is spent, and a corroborated domain further on may still go.
          if (uncorroborated) shareSpent = true;
          else spent = true;
          continue;
        }
        asked++;
        const outcome = await ask(domain, now, signal);
        if ('entry' in outcome) {
          fresh.push(outcome.entry);
          resolved.push({ stored, ...(outcome.entry.report ? { report: outcome.entry.report } : {}) });
        } else if (outcome.wait === 'budget') spent = true;
      }
      try {
        await store.save(fresh, signal);
      } catch (error) {
        // Their alerts are raised all the same; the answers are asked again later.
        storeFailed(error, 'refused a write', signal);
      }
      return { resolved, lookups: asked };
    },
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
        [cached, pending] = await Promise.all([store.cached(names, now, signal), store.pending(names, now, signal)]);
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
        const outcome = await ask(domain, now, signal);
        if ('entry' in outcome) {
          fresh.push(outcome.entry);
          if (outcome.entry.report) out.set(domain, outcome.entry.report);
          settle(domain, outcome.entry.report);
        } else {
          deferred.push([domain, seen, outcome.wait]);
          if (outcome.wait === 'budget') {
            stopped = 'budget';
            asked = settings.maxLookupsPerBatch;
          }
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
