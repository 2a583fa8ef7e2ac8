/**
 * All logins of one batch of users in the window, normalised and enriched. Sorted by `_shard_doc`, the cheapest
 * order a point in time offers (the detection core orders each user's logins itself), paged with `search_after`,
 * optionally in several slices read at once.
 *
 * A batch holds up to hundreds of thousands of logins until it is judged, so what it keeps is compact (about 200
 * bytes a login instead of 1.3 KB): a user's logins mostly repeat the same `source` and `user_agent`, so equal ones
 * (and what was derived from them: IP, geo, ASN, parsed user agent) are kept once and shared, as are index and user
 * names. The detection core and the alerts only read them. Responses carry only what is read (`filter_path`).
 */
import type { LoginEvent } from '../detection';
import { enrichLogin, type Enricher } from '../enrichment';
import { normalizeLogin, type EventTypeRule, type RejectionCode } from '../events';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from '../sources';
import { throwIfAborted } from '../storage';
import { LOGIN_SOURCE_FIELDS, type Query } from './login_query';
import type { PointInTime } from './point_in_time';
import { readSliced } from './sliced_read';

export { HIT_FILTER_PATH } from './sliced_read';

export interface BatchEvents {
  events: LoginEvent[];
  hits: number;
  pages: number;
  /** Hits the normaliser refused (malformed fields), by reason. */
  rejected: Partial<Record<RejectionCode, number>>;
}

export async function readBatchEvents(
  pit: PointInTime,
  windowQuery: Query,
  storedNames: readonly string[],
  options: {
    pageSize: number;
    slices?: number;
    eventType: EventTypeRule;
    enricher: Enricher;
    signal?: AbortSignal;
    identity?: IdentityConfig;
    /**
     * Identity mode: read the hits matching `filter` (the batch's spellings) and keep the logins whose canonical
     * identity is one of `identities` (a spelling may also name someone else in another source's context).
     */
    byIdentity?: { filter: Query; identities: ReadonlySet<string> };
  },
): Promise<BatchEvents> {
  throwIfAborted(options.signal);
  const result: BatchEvents = { events: [], hits: 0, pages: 0, rejected: {} };
  const byIdentity = options.byIdentity;
  const query: Query = {
    bool: { filter: [windowQuery, byIdentity?.filter ?? { terms: { 'user.name': [...storedNames] } }] },
  };
  const compact = new CompactLogins();
  // The source table judges every hit. Without identity mode the user key stays the stored user.name spelling
  // (canonical: false), because users are listed, batched and partitioned by that spelling (ownedUsers, partitionOf).
  const sources = { identity: options.identity ?? DEFAULT_IDENTITY_CONFIG, canonical: byIdentity !== undefined };
  await readSliced(
    pit,
    query,
    {
      pageSize: options.pageSize,
      slices: options.slices ?? 1,
      sourceFields: LOGIN_SOURCE_FIELDS,
      signal: options.signal,
    },
    (hits) => {
      result.pages++;
      result.hits += hits.length;
      for (let i = 0; i < hits.length; i++) {
        const hit = hits[i];
        // A page holds thousands of hits: the ones already normalised are let go at once, so the young-generation
        // collector, which runs several times a page, copies and promotes only the ones still ahead (paired runs over
        // the same pages: 40 % fewer bytes promoted).
        hits[i] = undefined as never;
        const normalised = normalizeLogin(hit, { eventType: options.eventType, sources });
        if (normalised.ok) {
          if (byIdentity && !byIdentity.identities.has(normalised.event.user)) continue;
          result.events.push(compact.add(normalised.event, options.enricher));
        } else result.rejected[normalised.code] = (result.rejected[normalised.code] ?? 0) + 1;
      }
    },
  );
  return result;
}

interface Shared {
  /** The normalised, not yet enriched, objects the next login is compared with. */
  source: Record<string, unknown> | undefined;
  userAgent: Record<string, unknown> | undefined;
  /** The enriched objects (GeoIP may have filled `source.geo`), shared by every login equal to them. */
  ecs: LoginEvent['ecs'];
  ip?: string;
  geo?: LoginEvent['geo'];
  asn?: LoginEvent['asn'];
  parsedAgent?: LoginEvent['userAgent'];
  intelligenceCategory?: string;
}

/**
 * Per-batch sharing of what a user's logins repeat. Each normalised login is compared with the user's previous
 * distinct `source`/`user_agent` (a structural comparison, no string building): a user mostly logs in from the same
 * place and browser, and IP, geo, ASN, category and parsed user agent are derived from those two objects alone, so
 * an equal pair shares them all — and is enriched (GeoIP, user-agent parsing) only once. Exported for
 * scripts/bench_detection.ts, which hands the core its batches as this makes them.
 */
export class CompactLogins {
  private readonly strings = new Map<string, string>();
  private readonly lastByUser = new Map<string, Shared>();

  add(normalised: LoginEvent, enricher: Enricher): LoginEvent {
    const user = this.intern(normalised.user);
    let shared = this.lastByUser.get(user);
    if (
      !shared ||
      !sameJson(shared.source, normalised.ecs.source) ||
      !sameJson(shared.userAgent, normalised.ecs.user_agent)
    ) {
      const event = enrichLogin(normalised, enricher);
      shared = {
        source: normalised.ecs.source,
        userAgent: normalised.ecs.user_agent,
        ecs: event.ecs,
        ip: event.ip,
        geo: event.geo,
        asn: event.asn,
        parsedAgent: event.userAgent,
        intelligenceCategory: event.intelligenceCategory,
      };
      this.lastByUser.set(user, shared);
    }
    // Every field in one literal, absent ones undefined: one shape for every login of the batch, and no separate
    // property store grown field by field for each of the hundred thousand logins a batch keeps.
    const out: LoginEvent = {
      id: normalised.id,
      index: this.intern(normalised.index),
      timestamp: normalised.timestamp,
      user,
      ecs: shared.ecs,
      ip: shared.ip,
      geo: shared.geo,
      asn: shared.asn,
      userAgent: shared.parsedAgent,
      intelligenceCategory: shared.intelligenceCategory,
      sourceUser: normalised.sourceUser === undefined ? undefined : this.intern(normalised.sourceUser),
      dataset: normalised.dataset === undefined ? undefined : this.intern(normalised.dataset),
    };
    return out;
  }

  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }
}

/** Equal JSON values (objects: the same keys with equal values, in any order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for…in, not Object.keys: no array per comparison on the hot path.
  let keys = 0;
  for (const key in x) {
    keys++;
    if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
    // Equal scalars (most values) are answered here, without a call.
    const xv = x[key];
    const yv = y[key];
    if (xv !== yv && !sameJson(xv, yv)) return false;
  }
  for (const key in y) if (Object.prototype.hasOwnProperty.call(y, key)) keys--;
  return keys === 0;
}
