/**
 * The reputation index of a space (`buffalogs-reputation-<space>`): cached answers per domain and the provider's quota
 * counters. The quota is one document per provider updated with optimistic concurrency (`if_seq_no`), so Kibana nodes
 * running passes at the same time never spend more than the free tier between them: a claim that meets another
 * node's write reads the counters again.
 */
import { ensureIndexFromTemplate, REPUTATION_TEMPLATE, type EsClient } from '../../../storage';
import { judgedByAPass } from '../../judged_to';
import type { DomainReport } from './virustotal';
import { nextQuota, num, storedTime as time, type QuotaDoc, type QuotaLimits } from './quota';
import {
  deferredByAPass,
  MAX_PENDING_DOMAINS,
  notDeferredByAPass,
  pendingAsOfClock,
  pendingSource,
  toPending,
  type PendingDomain,
  type StoredPending,
} from './pending';

export type { QuotaLimits } from './quota';

export interface CachedReputation {
  domain: string;
  status: 'found' | 'unknown';
  report?: DomainReport;
  checkedAt: number;
  expiresAt: number;
}

const domainId = (provider: string, domain: string) => `domain:${provider}:${domain}`;
const quotaId = (provider: string) => `quota:${provider}`;
const pendingId = (provider: string, domain: string) => `pending:${provider}:${domain}`;

/** A bulk answer's item errors other than those expected (a version conflict, a document already gone). */
function bulkFailure(
  answer: {
    errors: boolean;
    items: Array<Record<string, { status?: number; error?: { type?: string; reason?: string | null } } | undefined>>;
  },
  expected: readonly number[],
  what: string,
): { error?: Error; expected: number } {
  let skipped = 0;
  for (const item of answer.items) {
    const result = Object.values(item)[0];
    if (!result?.error) continue;
    if (result.status !== undefined && expected.includes(result.status)) {
      skipped++;
      continue;
    }
    return {
      error: new Error(`${what}: ${result.error.type ?? 'error'} ${result.error.reason ?? ''}`.trim()),
      expected: skipped,
    };
  }
  return { expected: skipped };
}

/** A stored answer, checked (the index is ours, but a hand-edited or older document must not break a pass). */
export function toCached(provider: string, source: unknown): CachedReputation | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const s = source as Record<string, unknown>;
  const checkedAt = time(s.checked_at);
  const expiresAt = time(s.expires_at);
  if (s.kind !== 'domain' || s.provider !== provider || typeof s.domain !== 'string') return undefined;
  if (checkedAt === undefined || expiresAt === undefined) return undefined;
  if (s.status === 'unknown') return { domain: s.domain, status: 'unknown', checkedAt, expiresAt };
  if (s.status !== 'found') return undefined;
  const report: DomainReport = {
    domain: s.domain,
    malicious: num(s.malicious) ?? 0,
    suspicious: num(s.suspicious) ?? 0,
    harmless: num(s.harmless) ?? 0,
    undetected: num(s.undetected) ?? 0,
  };
  const reputation = num(s.reputation);
  const analysedAt = time(s.analysed_at);
  if (reputation !== undefined) report.reputation = reputation;
  if (analysedAt !== undefined) report.analysedAt = analysedAt;
  return { domain: s.domain, status: 'found', report, checkedAt, expiresAt };
}

/** An unknown domain is asked about again sooner: a new domain is exactly what a malicious one often is. */
const UNKNOWN_TTL_MS = 86_400_000;

/** How long a lookup keeps its answer: the cache's lifetime (`cacheTtlMs`), at most a day for an "unknown". */
export const answerLifetime = (status: CachedReputation['status'], cacheTtlMs: number): number =>
  status === 'found' ? cacheTtlMs : Math.min(UNKNOWN_TTL_MS, cacheTtlMs);

/**
 * Whether a stored answer is one a lookup could have written by `now`: checked at `now` at the latest, and expiring at
 * most the answer's lifetime (answerLifetime: an "unknown" kept a week was a week a new domain went unasked) after
 * that, each with the day of
 * server/families/judged_to.ts for a node whose clock is ahead. Any other was written by no lookup (a hand edit, or
 * another writer of the index): an `expires_at` in the year 3000 kept its verdict ("clean", or "unknown") for good, and
 * the domain, however malicious, was never asked about again. Such an answer is none (the domain is looked up again,
 * and the new answer written over it). Lowering `cacheTtl` also asks again about answers kept longer than it allows.
 */
export const answeredByALookup = (cached: CachedReputation, now: number, cacheTtlMs: number): boolean =>
  judgedByAPass(cached.checkedAt, now) &&
  judgedByAPass(cached.expiresAt - answerLifetime(cached.status, cacheTtlMs), now);

/**
 * The unexpired cached answers for these domains that a lookup could have written (answeredByALookup, with the cache
 * lifetime `cacheTtlMs`), also read by the Web traffic view's referrer table, with the analyst's own privileges: a
 * missing index is no answers.
 */
export async function cachedReputation(
  client: EsClient,
  index: string,
  provider: string,
  domains: readonly string[],
  now: number,
  cacheTtlMs: number,
  signal?: AbortSignal,
): Promise<Map<string, CachedReputation>> {
  const found = new Map<string, CachedReputation>();
  if (domains.length === 0) return found;
  const answer = await client.mget<Record<string, unknown>>(
    { index, ids: domains.map((d) => domainId(provider, d)), _source: true },
    { signal, ignore: [404] },
  );
  for (const doc of answer.docs ?? []) {
    if (!('found' in doc) || !doc.found) continue;
    const cached = toCached(provider, doc._source);
    if (cached && cached.expiresAt > now && answeredByALookup(cached, now, cacheTtlMs))
      found.set(cached.domain, cached);
  }
  return found;
}

export class ReputationStore {
  private ensured = false;

  /** `cacheTtlMs`: the lifetime of the answers it caches (settings `cacheTtl`), the bound of a stored one's expiry. */
  constructor(
    private readonly client: EsClient,
    readonly index: string,
    readonly provider: string,
    readonly cacheTtlMs: number,
  ) {}

  private async ensure(signal?: AbortSignal): Promise<void> {
    if (this.ensured) return;
    await ensureIndexFromTemplate(this.client, this.index, REPUTATION_TEMPLATE, signal);
    this.ensured = true;
  }

  /** The cached answers for these domains that have not expired at `now` (and that a lookup could have written). */
  async cached(domains: readonly string[], now: number, signal?: AbortSignal): Promise<Map<string, CachedReputation>> {
    if (domains.length === 0) return new Map();
    await this.ensure(signal);
    return cachedReputation(this.client, this.index, this.provider, domains, now, this.cacheTtlMs, signal);
  }

  async save(entries: readonly CachedReputation[], signal?: AbortSignal): Promise<void> {
    if (entries.length === 0) return;
    await this.ensure(signal);
    const operations = entries.flatMap((e) => [
      { index: { _index: this.index, _id: domainId(this.provider, e.domain) } },
      {
        kind: 'domain',
        provider: this.provider,
        domain: e.domain,
        status: e.status,
        checked_at: e.checkedAt,
        expires_at: e.expiresAt,
        ...(e.report
          ? {
              malicious: e.report.malicious,
              suspicious: e.report.suspicious,
              harmless: e.report.harmless,
              undetected: e.report.undetected,
              ...(e.report.reputation !== undefined ? { reputation: e.report.reputation } : {}),
              ...(e.report.analysedAt !== undefined ? { analysed_at: e.report.analysedAt } : {}),
            }
          : {}),
      },
    ]);
    const answer = await this.client.bulk({ operations, refresh: false }, { signal });
    if (answer.errors) {
      const first = answer.items.find((i) => i.index?.error)?.index?.error;
      throw new Error(`reputation cache not saved: ${first?.type ?? 'error'} ${first?.reason ?? ''}`.trim());
    }
  }

  /**
   * The pending documents of these domains (expired ones too: a new deferral writes over them at their version). One
   * no pass could have written by `now` (pending.ts deferredByAPass) is read as expired at `now`; another without the
   * requests and last deferral no pass could have written (pendingAsOfClock).
   */
  async pending(domains: readonly string[], now: number, signal?: AbortSignal): Promise<Map<string, StoredPending>> {
    const found = new Map<string, StoredPending>();
    if (domains.length === 0) return found;
    await this.ensure(signal);
    const answer = await this.client.mget<Record<string, unknown>>(
      { index: this.index, ids: domains.map((d) => pendingId(this.provider, d)), _source: true },
      { signal, ignore: [404] },
    );
    for (const doc of answer.docs ?? []) {
      if (!('found' in doc) || !doc.found) continue;
      const read = toPending(this.provider, doc._source);
      const pending = read && (deferredByAPass(read, now) ? pendingAsOfClock(read, now) : { ...read, expiresAt: now });
      if (pending) found.set(pending.domain, { pending, seqNo: doc._seq_no, primaryTerm: doc._primary_term });
    }
    return found;
  }

  /**
   * Room for new pending domains: MAX_PENDING_DOMAINS less those stored, after forgetting up to 1,000 expired ones, and
   * ones no pass could have written by `now` (pending.ts deferredByAPass), a search and a bulk delete by id:
   * `_delete_by_query` needs the reindex module, which not every cluster loads.
   */
  async pendingRoom(now: number, signal?: AbortSignal): Promise<number> {
    await this.ensure(signal);
    const pending = { bool: { filter: [{ term: { kind: 'pending' } }, { term: { provider: this.provider } }] } };
    const expired = await this.client.search(
      {
        index: this.index,
        size: 1000,
        _source: false,
        query: {
          bool: {
            filter: pending.bool.filter,
            should: [{ range: { expires_at: { lte: now } } }, ...notDeferredByAPass(now)],
            minimum_should_match: 1,
          },
        },
      },
      { signal },
    );
    if (expired.hits.hits.length > 0) {
      const operations = expired.hits.hits.map((h) => ({ delete: { _index: this.index, _id: h._id! } }));
      const answer = await this.client.bulk({ operations, refresh: true }, { signal });
      const failed = bulkFailure(answer, [404], 'expired pending domains not deleted');
      if (failed.error) throw failed.error;
    }
    const { count } = await this.client.count({ index: this.index, query: pending }, { signal });
    return Math.max(0, MAX_PENDING_DOMAINS - count);
  }

  /**
   * The domains that have waited longest for a lookup and have not expired, oldest first (then by name), at most
   * `size`: one search, sorted on `first_deferred_at` (a document written before that field was mapped has no value
   * there, and is older than any that has: first). Not those no pass could have written (read as expired, they would
   * take the sweep's places pass after pass).
   */
  async oldestPending(size: number, now: number, signal?: AbortSignal): Promise<string[]> {
    if (size <= 0) return [];
    await this.ensure(signal);
    const answer = await this.client.search<{ domain?: unknown }>(
      {
        index: this.index,
        size,
        _source: ['domain'],
        query: {
          bool: {
            filter: [
              { term: { kind: 'pending' } },
              { term: { provider: this.provider } },
              { range: { expires_at: { gt: now } } },
            ],
            must_not: notDeferredByAPass(now),
          },
        },
        sort: [{ first_deferred_at: { order: 'asc', missing: '_first' } }, { domain: { order: 'asc' } }],
      },
      { signal },
    );
    return answer.hits.hits.flatMap((h) => (typeof h._source?.domain === 'string' ? [h._source.domain] : []));
  }

  /**
   * Writes pending documents, each over the version it was read at (or created): a concurrent writer's (another
   * partition's pass) wins and this batch's additions to that domain are dropped, counted in `conflicts`.
   */
  async remember(
    entries: ReadonlyArray<{ pending: PendingDomain; stored?: StoredPending }>,
    signal?: AbortSignal,
  ): Promise<{ conflicts: number }> {
    if (entries.length === 0) return { conflicts: 0 };
    await this.ensure(signal);
    const operations = entries.flatMap(({ pending, stored }) => {
      const _id = pendingId(this.provider, pending.domain);
      const action =
        stored?.seqNo !== undefined && stored.primaryTerm !== undefined
          ? { index: { _index: this.index, _id, if_seq_no: stored.seqNo, if_primary_term: stored.primaryTerm } }
          : { create: { _index: this.index, _id } };
      return [action, pendingSource(this.provider, pending)];
    });
    const answer = await this.client.bulk({ operations, refresh: false }, { signal });
    const failed = bulkFailure(answer, [409], 'pending domains not saved');
    if (failed.error) throw failed.error;
    return { conflicts: failed.expected };
  }

  /** Deletes resolved pending documents at the version they were read at (one changed since waits for its domain). */
  async forget(entries: readonly StoredPending[], signal?: AbortSignal): Promise<void> {
    const operations = entries.flatMap(({ pending, seqNo, primaryTerm }) =>
      seqNo === undefined || primaryTerm === undefined
        ? []
        : [
            {
              delete: {
                _index: this.index,
                _id: pendingId(this.provider, pending.domain),
                if_seq_no: seqNo,
                if_primary_term: primaryTerm,
              },
            },
          ],
    );
    if (operations.length === 0) return;
    await this.ensure(signal);
    const answer = await this.client.bulk({ operations, refresh: false }, { signal });
    const failed = bulkFailure(answer, [404, 409], 'resolved pending domains not deleted');
    if (failed.error) throw failed.error;
  }

  /**
   * Takes one request from the provider's budget at `now` (per minute and per UTC day); false when it is spent.
   * `exhaust`: the provider said its quota is used up (HTTP 429), see nextQuota. `uncorroborated`: the request is for a
   * domain short of the evidence the whole budget asks for, and may use only `uncorroboratedShare` of it. `paced`: a
   * lookup no referral of the pass asked for, kept within the day's even pace (quota.ts pacedDayLimit).
   */
  async claim(
    limits: QuotaLimits,
    now: number,
    signal?: AbortSignal,
    exhaust = false,
    uncorroborated = false,
    paced = false,
  ): Promise<boolean> {
    await this.ensure(signal);
    const id = quotaId(this.provider);
    for (let attempt = 0; attempt < 8; attempt++) {
      const current = await this.client.get<QuotaDoc>({ index: this.index, id }, { signal, ignore: [404] });
      const doc = nextQuota(this.provider, current.found ? current._source : undefined, limits, now, {
        exhaust,
        uncorroborated,
        paced,
      });
      if (!doc) return false;
      try {
        await this.client.index(
          {
            index: this.index,
            id,
            document: doc,
            ...(current.found
              ? { if_seq_no: current._seq_no, if_primary_term: current._primary_term }
              : { op_type: 'create' as const }),
            refresh: false,
          },
          { signal },
        );
        return !exhaust;
      } catch (error) {
        if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 409) continue;
        throw error;
      }
    }
    // Eight nodes raced this one for the same counter: treat the budget as spent rather than risk going over it.
    return false;
  }
}
