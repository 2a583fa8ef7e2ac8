/**
 * Users come from the per-user state index the detection task writes (server/storage/templates.ts STATE_TEMPLATE):
 * a few indexed summary fields (`user.name`, `risk.*`, `first_login`, `last_login`) for searching and sorting, and
 * the detection core's whole `UserState` under `state` (stored, not indexed) for the profile.
 */
import type { estypes } from '@elastic/elasticsearch';
import type {
  BaselineValue,
  LoginSummary,
  SourceName,
  UserDetailResponse,
  UserSortField,
  UsersListQuery,
  UsersListResponse,
  SortDirection,
  UserSummary,
} from '../../common/api';
import { API_LIMITS } from '../../common/api';
import { alertTime, timeMs, type AlertDocument } from '../../common/alert_document';
import { RISK_LEVELS, type RiskLevel } from '../../common/constants';
import { parseSourceNameKey, type BaselineEntry, type StoredLogin, type UserState } from '../detection/user_state';
import { aggregationSearch } from './aggregation_search';
import { containsClause, timeRangeClause } from './alert_filters';
import { currentRiskLevelsAgg, currentRiskSort, levelsClause, type CurrentRiskSettings } from './current_risk';
import { MAX_DATE_SORT_VALUE, MAX_FLOAT_SORT_VALUE, nextCursor, planPage, totalOf, type SortValue } from './pagination';

/** A state document as stored; every part optional because older or foreign documents may lack some. */
export interface StateDocument {
  user?: { name?: string };
  risk?: { level?: RiskLevel; score?: number };
  first_login?: string | number;
  last_login?: string | number;
  countries?: string[];
  updated_at?: string | number;
  state?: Partial<UserState>;
}

export const STATE_FIELDS = {
  user: 'user.name',
  riskLevel: 'risk.level',
  riskScore: 'risk.score',
  firstLogin: 'first_login',
  lastLogin: 'last_login',
} as const;

/**
 * A stored time (a user-state document's first/last login: epoch ms, or text another writer or a hand edit left) as
 * ISO text, read as Elasticsearch reads a date (alertTime); undefined when it is none. `new Date(v)` threw on
 * epoch-millisecond text or any other string it could not read (a 500 for the whole users list).
 */
export const toIso = (v: string | number | undefined): string | undefined => {
  const at = timeMs(v);
  return at === undefined ? undefined : new Date(at).toISOString();
};

// ---- risk distribution ------------------------------------------------------------------------------------------

/** Users per level; with `current` (the score model), per current level (server/queries/current_risk.ts). */
export function buildRiskDistributionSearch(
  index: string,
  range: { from?: string; to?: string },
  current?: { now: number; risk: CurrentRiskSettings },
): estypes.SearchRequest {
  const time = timeRangeClause(STATE_FIELDS.lastLogin, range.from, range.to);
  return {
    ...aggregationSearch(index),
    query: time ? { bool: { filter: [time] } } : { match_all: {} },
    aggs: {
      levels: current
        ? currentRiskLevelsAgg(current.now, current.risk)
        : { terms: { field: STATE_FIELDS.riskLevel, size: RISK_LEVELS.length } },
    },
  };
}

export function shapeRiskDistribution(result: estypes.SearchResponse<unknown>): {
  levels: Record<RiskLevel, number>;
  total: number;
} {
  const levels = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0])) as Record<RiskLevel, number>;
  const raw = (
    result.aggregations?.levels as
      { buckets?: Array<{ key: string; doc_count: number }> | Record<string, { doc_count: number }> } | undefined
  )?.buckets;
  // A terms aggregation answers a list of buckets, a keyed filters aggregation an object by level.
  const buckets = Array.isArray(raw)
    ? raw
    : Object.entries(raw ?? {}).map(([key, b]) => ({ key, doc_count: b.doc_count }));
  for (const b of buckets)
    if ((RISK_LEVELS as readonly string[]).includes(b.key)) levels[b.key as RiskLevel] = b.doc_count;
  return { levels, total: totalOf(result.hits.total).total };
}

// ---- users list -------------------------------------------------------------------------------------------------

/** The requested order, ending with the user name (one state document per user: a unique tiebreaker). */
export function userSort(
  field: UserSortField = 'risk',
  direction: SortDirection = field === 'name' ? 'asc' : 'desc',
): estypes.SortCombinations[] {
  const byName = { [STATE_FIELDS.user]: { order: field === 'name' ? direction : 'asc' } } as estypes.SortCombinations;
  if (field === 'name') return [byName];
  const primary = {
    risk: STATE_FIELDS.riskScore,
    last_login: STATE_FIELDS.lastLogin,
    first_seen: STATE_FIELDS.firstLogin,
  }[field];
  // Users without a login date (what mark safe stores for a user it had no state of) sort last through a date a
  // cursor can carry back: with '_last' Elasticsearch gave them ±2^63 ms, which it then refused in search_after. A
  // state without risk.score (another writer's) likewise through the largest float: '_last' gave the string
  // "Infinity", which the next cursor refused.
  const last = primary === STATE_FIELDS.riskScore ? MAX_FLOAT_SORT_VALUE : MAX_DATE_SORT_VALUE;
  const missing = direction === 'asc' ? last : -last;
  return [{ [primary]: { order: direction, missing } }, byName];
}

/** The parts of `state` a summary needs: the lists are small (bounded by the baseline config). */
const SUMMARY_SOURCE = [
  'user',
  'risk',
  'first_login',
  'last_login',
  'state.countries',
  'state.devices',
  'state.ips',
  'state.logins.fingerprint',
  'state.logins.country',
];

/** The sort fields whose cursor values are strings; the others (risk score, login dates) are numbers. */
const KEYWORD_SORT_FIELDS: ReadonlySet<string> = new Set([STATE_FIELDS.user]);
/** The sort fields that are dates: their cursor values are bounded (pagination.ts). */
const DATE_SORT_FIELDS: ReadonlySet<string> = new Set([STATE_FIELDS.firstLogin, STATE_FIELDS.lastLogin]);

/**
 * The list's search. With `current` (the score model) the risk order and level filter are the current risk's
 * (server/queries/current_risk.ts, at `current.now`); without it, the detector's stored `risk.*` (the count model).
 */
export function buildUsersListSearch(
  index: string,
  query: UsersListQuery,
  maxResultWindow: number,
  current?: { now: number; risk: CurrentRiskSettings },
) {
  const size = query.size ?? API_LIMITS.defaultPageSize;
  const filter: estypes.QueryDslQueryContainer[] = [];
  if (query.search !== undefined && query.search.trim() !== '')
    filter.push(containsClause(STATE_FIELDS.user, query.search.trim()));
  if (query.risk_level?.length)
    filter.push(
      current
        ? levelsClause(query.risk_level, current.now, current.risk)
        : { terms: { [STATE_FIELDS.riskLevel]: query.risk_level } },
    );
  let sort = userSort(query.sort, query.direction);
  let rankedQuery: estypes.QueryDslQueryContainer = filter.length ? { bool: { filter } } : { match_all: {} };
  if (current && (query.sort ?? 'risk') === 'risk') {
    const ranked = currentRiskSort(filter, query.direction ?? 'desc', current.now, current.risk, STATE_FIELDS.user);
    sort = ranked.sort;
    rankedQuery = ranked.query;
  }
  const plan = planPage(
    { page: query.page, size, cursor: query.cursor },
    sort,
    maxResultWindow,
    KEYWORD_SORT_FIELDS,
    DATE_SORT_FIELDS,
  );
  const request: estypes.SearchRequest = {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    query: rankedQuery,
    sort,
    size,
    track_total_hits: true,
    _source: SUMMARY_SOURCE,
    ...(plan.from !== undefined ? { from: plan.from } : {}),
    ...(plan.search_after ? { search_after: plan.search_after } : {}),
  };
  return { request, sort, page: plan.page, size };
}

/** Distinct values across the two state models: per-attribute lists, or BuffaLogs' unique-login rows. */
function distinctCount(
  list: BaselineEntry[] | undefined,
  rows: Array<Partial<StoredLogin>> | undefined,
  pick: (r: Partial<StoredLogin>) => string | undefined,
) {
  if (list && list.length > 0) return list.length;
  return new Set((rows ?? []).map(pick).filter((v) => v !== undefined)).size;
}

export function toUserSummary(doc: StateDocument, fallbackName = ''): UserSummary {
  const s = doc.state ?? {};
  return {
    name: doc.user?.name ?? s.user ?? fallbackName,
    risk_level: doc.risk?.level ?? s.risk?.level ?? 'no_risk',
    risk_score: doc.risk?.score ?? s.risk?.score ?? 0,
    ...(toIso(doc.first_login ?? s.firstLoginAt) ? { first_seen: toIso(doc.first_login ?? s.firstLoginAt) } : {}),
    ...(toIso(doc.last_login ?? s.lastLoginAt) ? { last_login: toIso(doc.last_login ?? s.lastLoginAt) } : {}),
    countries: distinctCount(s.countries, s.logins, (r) => r.country),
    devices: distinctCount(s.devices, s.logins, (r) => r.fingerprint),
    ips: s.ips?.length ?? 0,
  };
}

export function shapeUsersPage(
  result: estypes.SearchResponse<StateDocument>,
  sort: estypes.SortCombinations[],
  size: number,
  page?: number,
): UsersListResponse {
  const hits = result.hits.hits;
  const { total, relation } = totalOf(result.hits.total);
  const cursor = nextCursor(sort, hits as Array<{ sort?: SortValue[] }>, size);
  const seen = (page ? (page - 1) * size : 0) + hits.length;
  return {
    items: hits.map((h) => toUserSummary(h._source ?? {}, h._id ?? '')),
    total,
    total_relation: relation,
    ...(page !== undefined ? { page } : {}),
    size,
    ...(cursor && (page === undefined || seen < total || relation === 'gte') ? { next_cursor: cursor } : {}),
  };
}

// ---- user detail ------------------------------------------------------------------------------------------------

export function stateLookup(index: string, user: string): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 1,
    seq_no_primary_term: true,
    query: { term: { [STATE_FIELDS.user]: user } },
  };
}

/**
 * The state's own entries as the page reads them: the state document is read as stored (another writer's, a hand
 * edit), and a list entry that is no object (a null) threw in the sort, a 500 for the whole user page.
 */
const storedEntries = <T extends object>(list: readonly T[] | undefined): T[] =>
  Array.isArray(list) ? list.filter((e): e is T => typeof e === 'object' && e !== null) : [];

/** Newest first; a value whose last time is none comes last, its times empty (the page shows a dash). */
const baselineValues = (list: BaselineEntry[] | undefined): BaselineValue[] =>
  storedEntries(list)
    .filter((e) => typeof e.value === 'string')
    .map((e) => ({ e, last: timeMs(e.last) ?? -Infinity }))
    .sort((a, b) => (a.last === b.last ? 0 : b.last - a.last))
    .map(({ e }) => ({
      value: e.value,
      first_seen: toIso(e.first) ?? '',
      last_seen: toIso(e.last) ?? '',
      count: typeof e.count === 'number' ? e.count : 0,
    }));

/** BuffaLogs' row model keeps no per-attribute lists: derive them from the rows (first/last login of each value). */
function valuesFromRows(rows: StoredLogin[], pick: (r: StoredLogin) => string | undefined): BaselineValue[] {
  const acc = new Map<string, { first: number; last: number; count: number }>();
  for (const r of storedEntries(rows)) {
    const v = pick(r);
    const at = timeMs(r.at);
    if (typeof v !== 'string' || at === undefined) continue;
    const e = acc.get(v);
    if (!e) acc.set(v, { first: at, last: at, count: 1 });
    else {
      e.first = Math.min(e.first, at);
      e.last = Math.max(e.last, at);
      e.count++;
    }
  }
  return baselineValues([...acc.entries()].map(([value, e]) => ({ value, ...e })));
}

export function storedLoginSummary(l: StoredLogin): LoginSummary {
  return {
    timestamp: new Date(l.at).toISOString(),
    ...(l.eventId ? { event_id: l.eventId } : {}),
    ...(l.index ? { index: l.index } : {}),
    ...(l.ip ? { ip: l.ip } : {}),
    ...(l.countryIso ? { country_iso_code: l.countryIso } : {}),
    ...(l.countryName ? { country_name: l.countryName } : {}),
    ...(l.city ? { city_name: l.city } : {}),
    ...(Number.isFinite(l.lat) && Number.isFinite(l.lon) ? { location: { lat: l.lat, lon: l.lon } } : {}),
    ...(l.asOrg ? { as_organization: l.asOrg } : {}),
    ...(l.fingerprint ? { device: l.fingerprint } : {}),
  };
}

export function userProfile(state: Partial<UserState>): UserDetailResponse['profile'] {
  const rows = state.logins ?? [];
  const pick = (list: BaselineEntry[] | undefined, fromRows: (r: StoredLogin) => string | undefined) =>
    list && list.length > 0 ? baselineValues(list) : valuesFromRows(rows, fromRows);
  return {
    countries: pick(state.countries, (r) => r.country),
    devices: pick(state.devices, (r) => r.fingerprint),
    ips: pick(state.ips, (r) => r.ip),
    asns: baselineValues(state.asns),
  };
}

/** The source spellings the detector remembered for an identity (identity mode), newest first. */
export function sourceNames(state: Partial<UserState>): SourceName[] | undefined {
  if (!Array.isArray(state.names) || state.names.length === 0) return undefined;
  return baselineValues(state.names).map(({ value, ...seen }) => ({ ...parseSourceNameKey(value), ...seen }));
}

export function recentLogins(state: Partial<UserState>, limit = 50): LoginSummary[] {
  return storedEntries(state.logins)
    .flatMap((l) => {
      const at = timeMs(l.at);
      return at === undefined ? [] : [{ ...l, at }];
    })
    .sort((a, b) => b.at - a.at)
    .slice(0, limit)
    .map(storedLoginSummary);
}

/** The user's newest alerts (for the page) and the risk trail (oldest first, only the points where it changed). */
export function buildUserAlertsSearch(index: string, user: string, size: number): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size,
    track_total_hits: true,
    query: { bool: { filter: [{ term: { 'user.name': user } }] } },
    sort: [{ '@timestamp': { order: 'desc' } }, { 'buffalogs.alert_id': { order: 'asc' } }],
  };
}

/** At most this many alerts are scanned for the risk history (the risk model forgets after its retention anyway). */
export const RISK_HISTORY_SCAN = 1000;

export function buildRiskHistorySearch(
  index: string,
  user: string,
  maxResultWindow = RISK_HISTORY_SCAN,
): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: Math.min(RISK_HISTORY_SCAN, maxResultWindow),
    track_total_hits: false,
    query: { bool: { filter: [{ term: { 'user.name': user } }] } },
    sort: [{ '@timestamp': { order: 'desc' } }, { 'buffalogs.alert_id': { order: 'asc' } }],
    _source: ['@timestamp', 'buffalogs.alert_id', 'buffalogs.user_risk'],
  };
}

/**
 * Each alert records the user's risk after it counted; keep the points where level or score changed.
 * One login can raise several alerts with the same timestamp (a new device, then a new country that counts), in no
 * stored order; risk never falls within one login, so each timestamp's point is its highest score.
 */
export function riskHistory(hitsNewestFirst: Array<Partial<AlertDocument>>): UserDetailResponse['risk_history'] {
  const out: UserDetailResponse['risk_history'] = [];
  for (const doc of [...hitsNewestFirst].reverse()) {
    const risk = doc.buffalogs?.user_risk;
    // As Elasticsearch read it to sort (ISO or epoch-millisecond text, or a number): compared as stored, one moment
    // written two ways was two points, and the chart got epoch text for a time.
    const at = alertTime(doc as Pick<AlertDocument, '@timestamp'>);
    if (!risk || Number.isNaN(at)) continue;
    const timestamp = new Date(at).toISOString();
    let prev = out[out.length - 1];
    if (prev && prev.timestamp === timestamp) {
      if (risk.score <= prev.score) continue;
      out.pop();
      prev = out[out.length - 1];
    }
    if (prev && prev.level === risk.level && prev.score === risk.score) continue;
    out.push({ timestamp, level: risk.level, score: risk.score, alert_id: doc.buffalogs?.alert_id ?? '' });
  }
  return out;
}
