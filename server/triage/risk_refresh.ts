/**
 * Keeping each user's stored current risk (`risk_now`, server/queries/current_risk.ts) equal to what their alerts say,
 * so the users list's order and level filter and the Overview's pie match the risk the app shows.
 *
 * The stored key is time-independent; it changes only when the counted alerts do. Who writes it when:
 * - the triage routes (status changed, one alert or a bulk selection): the alerts' users, at once (`wait_for`);
 * - the list and pie routes, before they read: users whose oldest counted alert left the retention window
 *   (`refresh_at` passed) or whose key was made with other settings (half-life, retention, counted rules changed);
 * - the detection task after each run: every user with a counted alert, and every user with a key (the pass's new
 *   alerts, the credential families' compromised accounts, states of an older version, a write lost in a race).
 * Each is bounded by the users with counted alerts (open or acknowledged, within the retention), a few in a
 * population, read a page of users at a time (their newest RISK_ALERTS_PER_USER alerts each, as the routes read
 * them). Writes are partial-document updates of `risk_now` only (never a script), no-ops when nothing changed; a user
 * without a state document (an alert of another family only) is not in the users list and is skipped.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { RiskConfig } from '../../common/detection_config';
import { CURRENT_RISK_FIELDS, currentRiskDoc, staleRiskQuery, type CurrentRiskDoc } from '../queries/current_risk';
import {
  buildUsersRiskSearch,
  countedClauses,
  countingWindow,
  RISK_ALERT_SOURCE,
  RISK_ALERTS_PER_USER,
  riskAlertsByUser,
  scoredAlertOf,
  type RiskAlertSource,
} from '../queries/user_risk';
import type { ScoredAlert } from '../detection/user_risk';
import { esStatus } from '../routes/errors';
import { throwIfIncomplete } from '../storage/complete_read';
import type { EsClient } from '../storage/es_client';
import { stateDocId } from '../storage/user_state_store';

export type RiskKeySettings = Pick<RiskConfig, 'countedRules' | 'retentionDays' | 'halfLifeDays'>;

/** Users refreshed per search and bulk request. */
export const RISK_REFRESH_PAGE = 500;

export interface RiskRefreshOptions {
  /** `wait_for`: the caller's next search sees the new keys (the routes); the task does not wait. */
  refresh?: boolean;
  signal?: AbortSignal;
}

export interface ReconcileOptions extends RiskRefreshOptions {
  /**
   * The users this caller reconciles (default: all). Each partition's detection task passes its own users, so with
   * N partitions every key is computed and written once per interval, not N times by tasks racing on the same
   * documents.
   */
  owns?: (user: string) => boolean;
}

export interface RiskRefreshResult {
  /** Users whose key was computed. */
  users: number;
  /** Of those, users with no state document (not listed): nothing written. */
  withoutState: number;
  /** Of those, users whose stored key differed and was written. */
  written: number;
}

/** Computes and writes the current risk of `users` from their counted alerts at `now`. */
export async function refreshUsersRisk(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings,
  users: readonly string[],
  now: number,
  options: RiskRefreshOptions = {},
): Promise<RiskRefreshResult> {
  const out: RiskRefreshResult = { users: 0, withoutState: 0, written: 0 };
  const unique = [...new Set(users)].filter((u) => typeof u === 'string' && u !== '');
  for (let i = 0; i < unique.length; i += RISK_REFRESH_PAGE) {
    const page = unique.slice(i, i + RISK_REFRESH_PAGE);
    const result = await client.search(buildUsersRiskSearch(indices.alerts, page, now, risk), {
      signal: options.signal,
    });
    const alerts = riskAlertsByUser(result);
    const docs = new Map(page.map((u) => [u, currentRiskDoc(alerts.get(u) ?? [], now, risk) ?? null]));
    add(out, await writeRiskDocs(client, indices.state, docs, options));
  }
  return out;
}

function add(out: RiskRefreshResult, r: RiskRefreshResult): void {
  out.users += r.users;
  out.withoutState += r.withoutState;
  out.written += r.written;
}

/** The same key, whenever it was computed. */
function sameRisk(stored: unknown, doc: CurrentRiskDoc | null): boolean {
  if (stored === undefined || stored === null) return doc === null;
  if (doc === null || typeof stored !== 'object') return false;
  const s = stored as Partial<CurrentRiskDoc>;
  return s.key === doc.key && s.takeover === doc.takeover && s.refresh_at === doc.refresh_at && s.basis === doc.basis;
}

/**
 * Writes each user's `risk_now` where it differs from the stored one (one `mget`, one `bulk` of the changed ones):
 * the task's reconciliation mostly finds nothing to write.
 */
async function writeRiskDocs(
  client: EsClient,
  stateIndex: string,
  docs: ReadonlyMap<string, CurrentRiskDoc | null>,
  options: RiskRefreshOptions,
): Promise<RiskRefreshResult> {
  const out: RiskRefreshResult = { users: docs.size, withoutState: 0, written: 0 };
  if (docs.size === 0) return out;
  const users = [...docs.keys()];
  const stored = await client.mget<{ risk_now?: unknown }>(
    { index: stateIndex, ids: users.map(stateDocId), _source: ['risk_now'] },
    { signal: options.signal },
  );
  const changed = new Map<string, CurrentRiskDoc | null>();
  stored.docs.forEach((d, i) => {
    if (!('found' in d) || !d.found) {
      out.withoutState++; // not in the users list: nothing to rank
      return;
    }
    const doc = docs.get(users[i]) ?? null;
    if (!sameRisk(d._source?.risk_now, doc)) changed.set(users[i], doc);
  });
  add(out, await bulkRisk(client, stateIndex, changed, options));
  return out;
}

/** Partial-document updates of `risk_now`; a user without a state document is counted, not failed. */
async function bulkRisk(
  client: EsClient,
  stateIndex: string,
  docs: ReadonlyMap<string, CurrentRiskDoc | null>,
  options: RiskRefreshOptions,
): Promise<RiskRefreshResult> {
  const out: RiskRefreshResult = { users: 0, withoutState: 0, written: 0 };
  const all = [...docs];
  for (let i = 0; i < all.length; i += RISK_REFRESH_PAGE) {
    const operations: object[] = [];
    for (const [user, doc] of all.slice(i, i + RISK_REFRESH_PAGE))
      operations.push(
        { update: { _index: stateIndex, _id: stateDocId(user), retry_on_conflict: 5 } },
        { doc: { risk_now: doc } },
      );
    const written = await client.bulk(
      { operations: operations as estypes.BulkOperationContainer[], refresh: options.refresh ? 'wait_for' : false },
      { signal: options.signal },
    );
    for (const item of written.items) {
      const r = item.update;
      if (!r?.error) out.written++;
      else if (r.status === 404)
        out.withoutState++; // no state document (or deleted meanwhile)
      else throw new RiskWriteError(r.status, `${r.error.type}: ${r.error.reason ?? ''}`);
    }
  }
  return out;
}

/** A user's `risk_now` refused by Elasticsearch (its item's status: 403 for an analyst who may only read). */
export class RiskWriteError extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(`writing the current risk of a user: ${reason}`);
    this.name = 'RiskWriteError';
  }
}

/** The users of alerts `ids` (a triage selection), for refreshUsersRisk. */
export async function usersOfAlerts(
  client: EsClient,
  alertsIndex: string,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const response = await client.mget<{ user?: { name?: unknown } }>(
    { index: alertsIndex, ids: [...ids], _source_includes: ['user.name'] },
    { signal },
  );
  const users = new Set<string>();
  for (const doc of response.docs) {
    const name = 'found' in doc && doc.found ? doc._source?.user?.name : undefined;
    if (typeof name === 'string') users.add(name);
  }
  return [...users];
}

/** After a triage: the current risk of the triaged alerts' users, visible to the next search. */
export async function refreshRiskOfAlerts(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings,
  ids: readonly string[],
  now: number,
): Promise<RiskRefreshResult> {
  const users = await usersOfAlerts(client, indices.alerts, ids);
  return refreshUsersRisk(client, indices, risk, users, now, { refresh: true });
}

/** At most this many stale users are refreshed before one list or pie is read; the task refreshes the rest. */
export const MAX_STALE_PER_READ = 5_000;

/**
 * Refreshes users whose stored key is stale at `now` (module comment), up to `max`. Returns how many were refreshed
 * and whether some are left.
 */
export async function refreshStaleRisks(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings,
  now: number,
  options: RiskRefreshOptions & { max?: number } = {},
): Promise<{ refreshed: number; more: boolean }> {
  const max = options.max ?? MAX_STALE_PER_READ;
  let refreshed = 0;
  for (;;) {
    const size = Math.min(RISK_REFRESH_PAGE, max - refreshed);
    if (size <= 0) return { refreshed, more: true };
    const stale = await client.search<{ user?: { name?: unknown } }>(
      {
        index: indices.state,
        ignore_unavailable: true,
        allow_no_indices: true,
        size,
        track_total_hits: false,
        query: staleRiskQuery(now, risk),
        _source: ['user.name'],
        sort: [{ 'user.name': { order: 'asc' } }],
      },
      { signal: options.signal },
    );
    const users = stale.hits.hits.map((h) => h._source?.user?.name).filter((u): u is string => typeof u === 'string');
    if (users.length === 0) return { refreshed, more: false };
    // Refreshed keys are current (their refresh_at is later than now, their basis today's): the next search
    // finds the next ones. Always wait for them to be searchable, or the next page would find them again.
    await refreshUsersRisk(client, indices, risk, users, now, { ...options, refresh: true });
    refreshed += users.length;
    if (users.length < size) return { refreshed, more: false };
  }
}

/** Documents read per page of the reconciliation's scans. */
const SCAN_PAGE = 5_000;

/**
 * Every user with a counted alert at `now`, and every user with a stored key: their keys computed again and written
 * where they changed. The detection task's reconciliation (module comment). Two scans, no per-user request: the
 * state documents that have a key (their stored key), then the counted alerts in the window by user, newest first
 * (each user's newest RISK_ALERTS_PER_USER, as the routes read them). Only users with alerts and no stored key are
 * looked up (`mget`: a user without a state document is not listed, nothing to write). Memory: one entry per user
 * with a key or a counted alert (of the users `options.owns` keeps).
 */
export async function reconcileUsersRisk(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings,
  now: number,
  options: ReconcileOptions = {},
): Promise<RiskRefreshResult> {
  const out: RiskRefreshResult = { users: 0, withoutState: 0, written: 0 };
  const owns = options.owns ?? (() => true);
  const stored = new Map<string, unknown>();
  await scan<{ user?: { name?: unknown }; risk_now?: unknown }>(
    client,
    {
      index: indices.state,
      query: { bool: { filter: [{ exists: { field: CURRENT_RISK_FIELDS.refreshAt } }] } },
      _source: ['user.name', 'risk_now'],
      sort: [{ 'user.name': 'asc' }],
    },
    options.signal,
    (doc) => {
      if (typeof doc.user?.name === 'string' && owns(doc.user.name)) stored.set(doc.user.name, doc.risk_now);
    },
  );
  const changed = new Map<string, CurrentRiskDoc | null>();
  const unknown = new Map<string, CurrentRiskDoc | null>();
  let current: { user: string; alerts: ScoredAlert[] } | undefined;
  const close = () => {
    if (!current) return;
    out.users++;
    const doc = currentRiskDoc(current.alerts, now, risk) ?? null;
    if (!stored.has(current.user)) unknown.set(current.user, doc);
    else if (!sameRisk(stored.get(current.user), doc)) changed.set(current.user, doc);
    stored.delete(current.user);
    current = undefined;
  };
  await scan<RiskAlertSource>(
    client,
    {
      index: indices.alerts,
      query: { bool: { filter: [...countedClauses(risk), countingWindow(now, risk)] } },
      _source: RISK_ALERT_SOURCE,
      sort: [{ 'user.name': 'asc' }, { '@timestamp': 'desc' }, { 'buffalogs.alert_id': 'asc' }],
    },
    options.signal,
    (doc) => {
      const name = doc.user?.name;
      if (typeof name !== 'string') return;
      if (current?.user !== name) {
        if (!owns(name)) return;
        close();
        current = { user: name, alerts: [] };
      }
      if (current.alerts.length >= RISK_ALERTS_PER_USER) return;
      const a = scoredAlertOf(doc);
      if (a) current.alerts.push(a);
    },
  );
  close();
  // Keys of users with no counted alert any more: cleared.
  for (const user of stored.keys()) {
    out.users++;
    changed.set(user, null);
  }
  add(out, await bulkRisk(client, indices.state, changed, options));
  const users = [...unknown.keys()];
  for (let i = 0; i < users.length; i += RISK_REFRESH_PAGE) {
    const page = new Map(users.slice(i, i + RISK_REFRESH_PAGE).map((u) => [u, unknown.get(u) ?? null]));
    const r = await writeRiskDocs(client, indices.state, page, options);
    out.withoutState += r.withoutState;
    out.written += r.written;
  }
  return out;
}

/** Every hit of `request` in its sort order, a page at a time (`search_after`). */
async function scan<T>(
  client: EsClient,
  request: Pick<estypes.SearchRequest, 'index' | 'query' | '_source' | 'sort'>,
  signal: AbortSignal | undefined,
  each: (doc: T) => void,
): Promise<void> {
  let after: estypes.SortResults | undefined;
  for (;;) {
    const page = await client.search<T>(
      {
        ...request,
        ignore_unavailable: true,
        allow_no_indices: true,
        size: SCAN_PAGE,
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      },
      { signal },
    );
    // A page short because a shard failed or the search timed out is not the end: the caller would clear the keys of
    // every user it did not see.
    throwIfIncomplete(page);
    const hits = page.hits.hits;
    for (const h of hits) if (h._source) each(h._source);
    if (hits.length < SCAN_PAGE) return;
    after = hits[hits.length - 1].sort;
  }
}

/**
 * Before the users list or the pie is read: stale keys refreshed. With the analyst's credentials (routes never use
 * the internal user): one who may read but not write the state index is answered with the keys as stored (stale by
 * at most the points of alerts that left the window since the task's last run), and a warning is logged.
 */
export async function refreshStaleRisksForRead(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings,
  now: number,
  logger: { warn(message: string): void; debug(message: string): void },
): Promise<void> {
  try {
    const { more } = await refreshStaleRisks(client, indices, risk, now);
    if (more)
      logger.warn(
        `more than ${MAX_STALE_PER_READ} users' current risk was stale; the detection task refreshes the rest`,
      );
  } catch (error) {
    const message = `could not refresh users' current risk before reading it: ${(error as Error).message}`;
    // An analyst who may only read: expected, every read; the task refreshes with its own credentials.
    if (esStatus(error) === 403 || (error instanceof RiskWriteError && error.status === 403)) logger.debug(message);
    else logger.warn(message);
  }
}

/**
 * After alerts' status changed (triage, mark safe): their users' current risk, in the score model. The triage itself
 * is done and stays done if this fails (logged; the detection task's next run reconciles).
 */
export async function refreshRiskAfterTriage(
  client: EsClient,
  indices: { alerts: string; state: string },
  risk: RiskKeySettings & Pick<RiskConfig, 'model'>,
  ids: readonly string[],
  logger: { warn(message: string): void },
  now: number = Date.now(),
): Promise<void> {
  if (risk.model !== 'alert_scores' || ids.length === 0) return;
  try {
    await refreshRiskOfAlerts(client, indices, risk, ids, now);
  } catch (error) {
    logger.warn(`could not write the triaged alerts' users' current risk: ${(error as Error).message}`);
  }
}
