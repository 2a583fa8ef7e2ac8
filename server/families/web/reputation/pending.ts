/**
 * What a space remembers of referrer domains whose lookup had to wait (the budget was spent, or VirusTotal refused or
 * did not answer): one `kind: pending` document per domain in the reputation index, beside the cached answers. It
 * holds the first request of each of a few addresses that came from the domain, so that when a later lookup calls the
 * domain malicious those requests alert too (judged late), and hashes of the addresses that vouched for it, so that a
 * domain seen from one address in each of several passes counts as seen from all of them (`minAddresses`).
 *
 * Bounded whatever the traffic: a few requests and at most MAX_PENDING_ADDRESSES hashes per domain, at most
 * MAX_PENDING_DOMAINS domains per space, each forgotten PENDING_TTL_MS after it was first deferred. Kept free of
 * Elasticsearch (ReputationStore reads and writes it), like quota.ts.
 */
import { createHash } from 'node:crypto';
import { judgedByAPass, JUDGED_TO_SLACK_MS, writtenByAPass } from '../../judged_to';
import { num, storedTime as time } from './quota';

/** One request that named a deferred domain: what its alert needs if the domain turns out malicious. */
export interface PendingRequest {
  id: string;
  index: string;
  ip: string;
  timestamp: number;
  referrer: string;
  userAgent?: string;
  asNumber?: number;
}

/** Why a lookup waited, as the late alert explains it. */
export type DeferReason = 'budget' | 'budget_share' | 'batch_limit' | 'provider_refused' | 'provider_failed';

export const DEFER_REASONS: Record<DeferReason, string> = {
  budget: 'the lookup budget was spent',
  // The counter refuses either limit alike: the minute's or day's budget, or the share of it (quota.ts).
  budget_share:
    'the lookup budget, or the share of it for domains seen from fewer than minAddresses addresses, was spent',
  batch_limit: "the batch's lookup limit was reached",
  provider_refused: 'VirusTotal refused the lookup',
  provider_failed: 'VirusTotal did not answer',
};

export interface PendingDomain {
  domain: string;
  firstDeferredAt: number;
  lastDeferredAt: number;
  expiresAt: number;
  /** Why its first lookup waited. */
  reason: DeferReason;
  /** Hashes of the addresses that vouched for it (a set, oldest first). */
  addresses: string[];
  /** The first request of each of a few addresses (one alert per address and domain, as in time). */
  requests: PendingRequest[];
}

/** The stored document and the version it was read at (written back only over that version). */
export interface StoredPending {
  pending: PendingDomain;
  seqNo?: number;
  primaryTerm?: number;
}

/** Domains remembered per space: past this, new ones are not (the ones already remembered still gain evidence). */
export const MAX_PENDING_DOMAINS = 5000;
/** minAddresses is at most 100: more hashes change no decision. */
export const MAX_PENDING_ADDRESSES = 100;
export const MAX_PENDING_REQUESTS = 10;
/** A request older than this is not alerted late: the story is cold, and the memory must not grow for ever. */
export const PENDING_TTL_MS = 7 * 86_400_000;
const MAX_REFERRER = 500;
/** Ids and index names are shorter (Elasticsearch's limits); a longer user agent is cut. */
const MAX_TEXT = 1000;

/**
 * Whether a stored pending document is one a pass could have written by `now`: first deferred at `now` at the latest,
 * and expiring PENDING_TTL_MS after that (nextPending), each with the day of server/families/judged_to.ts for a node
 * whose clock is ahead. Any other was written by no pass (a hand edit, another writer of the index): dated in the
 * year 3000, it was never expired, so never deleted, and took one of the space's MAX_PENDING_DOMAINS places for good
 * (enough of them and no deferred domain was remembered again: its requests never alerted late), and its addresses
 * vouched for the domain for good. ReputationStore reads such a document as expired (a new deferral starts afresh
 * over it, and the search for expired ones deletes it).
 */
export const deferredByAPass = (p: Pick<PendingDomain, 'firstDeferredAt' | 'expiresAt'>, now: number): boolean =>
  judgedByAPass(p.firstDeferredAt, now) && judgedByAPass(p.expiresAt - PENDING_TTL_MS, now);

/**
 * A live pending document (deferredByAPass) as a pass at `now` can use it: a remembered request is an event a pass read,
 * so at `now` at the latest, and a deferral is a pass's clock, each with the same day. A request dated later (a hand
 * edit) is dropped, not moved back (no request came then): kept, its late alert was dated then, first in every list of
 * alerts for good, with a cooldown as late. A last deferral so dated is none, read as toPending reads a missing one (the
 * first): kept, every later deferral kept it too (the later of it and the clock). The document itself when nothing is.
 */
export function pendingAsOfClock(p: PendingDomain, now: number): PendingDomain {
  const requests = writtenByAPass(p.requests, requestTime, now);
  const lastDeferredAt = judgedByAPass(p.lastDeferredAt, now) ? p.lastDeferredAt : p.firstDeferredAt;
  return requests === p.requests && lastDeferredAt === p.lastDeferredAt ? p : { ...p, requests, lastDeferredAt };
}

const requestTime = (r: PendingRequest): number => r.timestamp;

/** The query clauses of the pending documents no pass could have written by `now` (deferredByAPass, in the index). */
export const notDeferredByAPass = (now: number): object[] => [
  { range: { first_deferred_at: { gt: now + JUDGED_TO_SLACK_MS } } },
  { range: { expires_at: { gt: now + PENDING_TTL_MS + JUDGED_TO_SLACK_MS } } },
];

/** An address as the pending document keeps it: enough to tell addresses apart, not to read them back. */
export const addressHash = (ip: string): string => createHash('sha256').update(ip).digest('hex').slice(0, 24);

/** Distinct addresses that vouched for a domain: those stored from earlier passes and this pass's witnesses. */
export function distinctAddresses(stored: PendingDomain | undefined, witnesses: Iterable<string>): number {
  const all = new Set(stored?.addresses);
  for (const ip of witnesses) all.add(addressHash(ip));
  return all.size;
}

/** The pending document after one more deferral at `now` (a stored one that expired starts afresh). */
export function nextPending(
  stored: PendingDomain | undefined,
  domain: string,
  seen: { witnesses?: Iterable<string>; requests?: readonly PendingRequest[] },
  reason: DeferReason,
  now: number,
): PendingDomain {
  const live = stored && stored.domain === domain && stored.expiresAt > now ? stored : undefined;
  const addresses = new Set(live?.addresses);
  for (const ip of seen.witnesses ?? []) {
    if (addresses.size >= MAX_PENDING_ADDRESSES) break;
    addresses.add(addressHash(ip));
  }
  const requests = [...(live?.requests ?? [])];
  const ips = new Set(requests.map((r) => r.ip));
  for (const r of seen.requests ?? []) {
    if (requests.length >= MAX_PENDING_REQUESTS) break;
    if (ips.has(r.ip)) continue;
    ips.add(r.ip);
    requests.push(r);
  }
  const first = live?.firstDeferredAt ?? now;
  return {
    domain,
    firstDeferredAt: first,
    lastDeferredAt: Math.max(now, live?.lastDeferredAt ?? now),
    expiresAt: first + PENDING_TTL_MS,
    reason: live?.reason ?? reason,
    addresses: [...addresses],
    requests,
  };
}

/**
 * The document as stored (`dynamic: false`: only kind, domain, provider, first_deferred_at, which the sweep of the
 * longest waiting sorts on, and expires_at are indexed).
 */
export function pendingSource(provider: string, p: PendingDomain): Record<string, unknown> {
  return {
    kind: 'pending',
    provider,
    domain: p.domain,
    first_deferred_at: p.firstDeferredAt,
    last_deferred_at: p.lastDeferredAt,
    expires_at: p.expiresAt,
    reason: p.reason,
    addresses: p.addresses,
    requests: p.requests.map((r) => ({
      id: r.id,
      index: r.index,
      ip: r.ip,
      timestamp: r.timestamp,
      referrer: r.referrer,
      ...(r.userAgent !== undefined ? { user_agent: r.userAgent } : {}),
      ...(r.asNumber !== undefined ? { as_number: r.asNumber } : {}),
    })),
  };
}

const str = (v: unknown, max = MAX_TEXT): string | undefined =>
  typeof v === 'string' && v !== '' && v.length <= max ? v : undefined;

function toRequest(v: unknown): PendingRequest | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  const [id, index, ip, referrer] = [str(r.id), str(r.index), str(r.ip, 45), str(r.referrer, MAX_REFERRER)];
  const timestamp = time(r.timestamp);
  if (!id || !index || !ip || !referrer || timestamp === undefined) return undefined;
  const out: PendingRequest = { id, index, ip, timestamp, referrer };
  const userAgent = str(r.user_agent);
  const asNumber = num(r.as_number);
  if (userAgent) out.userAgent = userAgent;
  if (asNumber !== undefined && Number.isSafeInteger(asNumber) && asNumber >= 0) out.asNumber = asNumber;
  return out;
}

/** A stored pending document, checked as hostile (hand-edited, another version): what cannot be used is dropped. */
export function toPending(provider: string, source: unknown): PendingDomain | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const s = source as Record<string, unknown>;
  if (s.kind !== 'pending' || s.provider !== provider || typeof s.domain !== 'string') return undefined;
  const [first, last, expiresAt] = [time(s.first_deferred_at), time(s.last_deferred_at), time(s.expires_at)];
  if (first === undefined || expiresAt === undefined) return undefined;
  const reason = typeof s.reason === 'string' && Object.hasOwn(DEFER_REASONS, s.reason) ? s.reason : 'budget';
  // Read until the bounds are met (no copy of a whole stored array first, as filter and flatMap made).
  const addresses = new Set<string>();
  if (Array.isArray(s.addresses))
    for (let i = 0; i < s.addresses.length && addresses.size < MAX_PENDING_ADDRESSES; i++) {
      const a: unknown = s.addresses[i];
      if (typeof a === 'string' && /^[0-9a-f]{24}$/.test(a)) addresses.add(a);
    }
  const requests: PendingRequest[] = [];
  if (Array.isArray(s.requests))
    for (let i = 0; i < s.requests.length && requests.length < MAX_PENDING_REQUESTS; i++) {
      const r = toRequest(s.requests[i]);
      if (r) requests.push(r);
    }
  return {
    domain: s.domain,
    firstDeferredAt: first,
    lastDeferredAt: last ?? first,
    expiresAt,
    reason: reason as DeferReason,
    addresses: [...addresses],
    requests,
  };
}

/** A request's reference as the pending document keeps it (the referrer cut as the alert's evidence cuts it). */
export function pendingRequest(event: {
  id: string;
  index: string;
  ip: string;
  timestamp: number;
  referrer?: string;
  userAgent?: string;
  asNumber?: number;
}): PendingRequest {
  return {
    id: event.id,
    index: event.index,
    ip: event.ip,
    timestamp: event.timestamp,
    referrer: (event.referrer ?? '').slice(0, MAX_REFERRER),
    // Cut: ten user agents of 8 KB per domain would be most of the document; a crawler names itself up front.
    ...(event.userAgent !== undefined ? { userAgent: event.userAgent.slice(0, MAX_TEXT) } : {}),
    ...(event.asNumber !== undefined ? { asNumber: event.asNumber } : {}),
  };
}
