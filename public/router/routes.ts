/**
 * The app's URLs, parsed and built in one place so that every page is a deep link that survives a reload:
 *   /                      overview (`?start&end`: the time range)
 *   /alerts?…filters       the alert list; /alerts/<id>?…filters the same list with that alert's flyout open
 *   /observations?…filters logins under the alerting threshold, every user's (`start&end&user&signal&page&size`)
 *   /users, /users/<name>  users by risk, one user's page
 *   /sources               attacking addresses and networks (`?start&end`)
 *   /settings              detection settings
 *   /sequence_rules        sequence rules: list, editor, import, dry run
 *   /web, /web/addresses/<ip>  web traffic (`?start&end`), one client address's traffic and alerts
 *   /analyses, /analyses/<name>  the anomaly explorer's saved analyses, one analysis (editor, run, report)
 * Paths are relative to the app (the ScopedHistory adds `/app/buffalogs`).
 */
import { SIGNAL_IDS, type Severity, type SignalId } from '../../common/alert_document';
import {
  ALERT_TIME_FIELDS,
  ALERT_SORT_FIELDS,
  API_LIMITS,
  CHANNEL_NAME,
  isDetectorFilter,
  USER_SORT_FIELDS,
  type AlertSortField,
  type DetectorFilter,
  type AlertTimeField,
  type FilteredMode,
  type SortDirection,
} from '../../common/api';
import type { UserSortField } from '../../common/api';
import { ALERT_STATUSES, type AlertStatus } from '../../common/constants';
import { isSequenceRuleId, RULE_ID_MAX_LENGTH, SEVERITIES } from '../../common/sequence_rule';

export const DEFAULT_START = 'now-30d';
export const DEFAULT_END = 'now';

/** Time range as EuiSuperDatePicker speaks it (date math such as `now-7d`, or ISO dates). */
export interface TimeRange {
  start: string;
  end: string;
}

export interface AlertsUrlState extends TimeRange {
  /** Fixed detectors and sequence rules by their own ids (a summary's link names a channel's rules so). */
  detector: DetectorFilter[];
  status: AlertStatus[];
  user?: string;
  country?: string;
  filtered?: FilteredMode;
  /** One sequence rule's alerts (`sequence_rule` in the URL and the API). */
  sequenceRule?: string;
  search?: string;
  /** A notification summary's filters (its link carries them: `min_severity`, `min_score`, `users`, `time_field`). */
  minSeverity?: Severity;
  minScore?: number;
  users: string[];
  /**
   * The channel whose users to take, as the server reads them from its configuration (`channel_users`): a summary's
   * link names its channel so when its users would not fit in a URL. Replaces `users`.
   */
  channelUsers?: string;
  /** `event.created`: the range is on alert creation time, as a summary's period; absent: on login time. */
  timeField?: AlertTimeField;
  /** The channel whose summary linked here (`channel`): said above the list, never sent. */
  channel?: string;
  sort: AlertSortField;
  direction: SortDirection;
  /** 0-based, as EuiBasicTable counts. */
  pageIndex: number;
  pageSize: number;
}

/** The Observations page's filters and page, all in the URL so a filtered view is a link (the Overview's figure's). */
export interface ObservationsUrlState extends TimeRange {
  /** Exact user name. */
  user?: string;
  /** One signal id (SIGNAL_IDS). */
  signal?: SignalId;
  /** 0-based, as EuiBasicTable counts. */
  pageIndex: number;
  pageSize: number;
}

export interface UsersUrlState {
  search?: string;
  sort: UserSortField;
  direction: SortDirection;
  pageIndex: number;
  pageSize: number;
}

export type Route =
  | { page: 'overview'; range: TimeRange }
  | { page: 'alerts'; state: AlertsUrlState; alertId?: string }
  | { page: 'observations'; state: ObservationsUrlState }
  | { page: 'users'; state: UsersUrlState }
  | { page: 'user'; userName: string }
  | { page: 'sources'; range: TimeRange }
  | { page: 'settings' }
  | { page: 'sequences' }
  | { page: 'web'; range: TimeRange }
  | { page: 'webAddress'; ip: string; range: TimeRange }
  | { page: 'analyses'; name?: string }
  | { page: 'notFound'; path: string };

export type PageId =
  'overview' | 'alerts' | 'observations' | 'users' | 'sources' | 'web' | 'sequences' | 'analyses' | 'settings';

export const PAGE_SIZES = [10, 25, 50, 100];
const FILTERED_MODES: readonly FilteredMode[] = ['unfiltered', 'filtered', 'all'];

const pick = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));
const one = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const optional = (value: string | null) => (value === null || value.trim() === '' ? undefined : value.trim());
const nonNegativeInt = (value: string | null, fallback: number) => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 0 ? n : fallback;
};
const pageSize = (value: string | null) => {
  const n = Number(value);
  return PAGE_SIZES.includes(n) ? n : 25;
};

/** A rule id the API takes: another value (a hand-edited URL) would make the list a 400, so it is no filter. */
const sequenceRule = (value: string | null) => {
  const id = optional(value);
  return id !== undefined && id.length <= RULE_ID_MAX_LENGTH && isSequenceRuleId(id) ? id : undefined;
};

/** A score the API takes (0–100); another value is no filter. */
const minScore = (value: string | null) => {
  const n = value === null || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
};
/**
 * The detectors the API takes (fixed ones, sequence rules by id), once each, at most its count: a hand-edited value it
 * would refuse is dropped, so the page still opens.
 */
const detectors = (values: string[]) =>
  [...new Set(values.filter(isDetectorFilter))].slice(0, API_LIMITS.maxDetectorFilter);

/** The users the API takes: non-empty, within its length, at most its count (as many as a channel may have). */
const users = (values: string[]) =>
  values.filter((u) => u !== '' && u.length <= API_LIMITS.maxUsersFilterLength).slice(0, API_LIMITS.maxUsersFilter);

/** A channel's name the API takes (kibana.yml's alphabet); another value is no filter. */
const channelUsers = (value: string | null) => {
  const name = optional(value);
  return name !== undefined && CHANNEL_NAME.test(name) ? name : undefined;
};

function parseRange(q: URLSearchParams): TimeRange {
  return { start: optional(q.get('start')) ?? DEFAULT_START, end: optional(q.get('end')) ?? DEFAULT_END };
}

/** Unknown or malformed values fall back to defaults: a hand-edited URL still opens a page. */
export function parseAlertsState(search: string): AlertsUrlState {
  const q = new URLSearchParams(search);
  const filtered = q.get('filtered');
  const fromChannel = channelUsers(q.get('channel_users'));
  return {
    ...parseRange(q),
    detector: detectors(q.getAll('detector')),
    status: pick(ALERT_STATUSES, q.getAll('status')),
    user: optional(q.get('user')),
    country: optional(q.get('country'))?.toUpperCase(),
    filtered: filtered && (FILTERED_MODES as string[]).includes(filtered) ? (filtered as FilteredMode) : undefined,
    sequenceRule: sequenceRule(q.get('sequence_rule')),
    search: optional(q.get('search')),
    minSeverity: pick(SEVERITIES, [q.get('min_severity') ?? ''])[0],
    minScore: minScore(q.get('min_score')),
    // The API takes `users` or `channel_users`, not both: a hand-edited URL with both keeps the channel's.
    users: fromChannel === undefined ? users(q.getAll('users')) : [],
    channelUsers: fromChannel,
    timeField: pick(ALERT_TIME_FIELDS, [q.get('time_field') ?? ''])[0],
    channel: optional(q.get('channel')),
    sort: one(ALERT_SORT_FIELDS, q.get('sort'), 'timestamp'),
    direction: one(['asc', 'desc'] as const, q.get('direction'), 'desc'),
    pageIndex: Math.max(nonNegativeInt(q.get('page'), 1) - 1, 0),
    pageSize: pageSize(q.get('size')),
  };
}

/** Unknown or malformed values fall back to defaults (a signal the API would refuse is no filter). */
export function parseObservationsState(search: string): ObservationsUrlState {
  const q = new URLSearchParams(search);
  const user = optional(q.get('user'));
  return {
    ...parseRange(q),
    user: user !== undefined && user.length <= API_LIMITS.maxUserNameLength ? user : undefined,
    signal: pick(SIGNAL_IDS, [q.get('signal') ?? ''])[0],
    pageIndex: Math.max(nonNegativeInt(q.get('page'), 1) - 1, 0),
    pageSize: pageSize(q.get('size')),
  };
}

export function parseUsersState(search: string): UsersUrlState {
  const q = new URLSearchParams(search);
  const page = nonNegativeInt(q.get('page'), 1);
  return {
    search: optional(q.get('search')),
    sort: one(USER_SORT_FIELDS, q.get('sort'), 'risk'),
    direction: one(['asc', 'desc'] as const, q.get('direction'), 'desc'),
    pageIndex: page > 0 ? page - 1 : 0,
    pageSize: pageSize(q.get('size')),
  };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (rest.length === 0) {
    if (first === undefined) return { page: 'overview', range: parseRange(new URLSearchParams(search)) };
    if (first === 'alerts') {
      const alertId = second === undefined ? undefined : decodeSegment(second);
      if (second === undefined || alertId) return { page: 'alerts', state: parseAlertsState(search), alertId };
    }
    if (first === 'observations' && second === undefined)
      return { page: 'observations', state: parseObservationsState(search) };
    if (first === 'users' && second === undefined) return { page: 'users', state: parseUsersState(search) };
    if (first === 'users' && second !== undefined) {
      const userName = decodeSegment(second);
      if (userName) return { page: 'user', userName };
    }
    if (first === 'sources' && second === undefined)
      return { page: 'sources', range: parseRange(new URLSearchParams(search)) };
    if (first === 'settings' && second === undefined) return { page: 'settings' };
    if (first === 'sequence_rules' && second === undefined) return { page: 'sequences' };
    if (first === 'web' && second === undefined) return { page: 'web', range: parseRange(new URLSearchParams(search)) };
    if (first === 'analyses') {
      const name = second === undefined ? undefined : decodeSegment(second);
      if (second === undefined || name) return { page: 'analyses', name };
    }
  }
  if (first === 'web' && second === 'addresses' && rest.length === 1) {
    const ip = decodeSegment(rest[0]);
    if (ip) return { page: 'webAddress', ip, range: parseRange(new URLSearchParams(search)) };
  }
  return { page: 'notFound', path: pathname };
}

function queryString(entries: Array<[string, string | number | undefined]>): string {
  const q = new URLSearchParams();
  for (const [key, value] of entries) if (value !== undefined && value !== '') q.append(key, String(value));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Only non-default values go into the URL, so links stay short and readable. */
export function alertsSearch(state: Partial<AlertsUrlState>): string {
  return queryString([
    ['start', state.start !== DEFAULT_START ? state.start : undefined],
    ['end', state.end !== DEFAULT_END ? state.end : undefined],
    ...(state.detector ?? []).map((d): [string, string] => ['detector', d]),
    ...(state.status ?? []).map((s): [string, string] => ['status', s]),
    ['user', state.user],
    ['country', state.country],
    ['filtered', state.filtered],
    ['sequence_rule', state.sequenceRule],
    ['search', state.search],
    ['min_severity', state.minSeverity],
    ['min_score', state.minScore],
    ...(state.users ?? []).map((u): [string, string] => ['users', u]),
    ['channel_users', state.channelUsers],
    ['time_field', state.timeField],
    ['channel', state.channel],
    ['sort', state.sort !== 'timestamp' ? state.sort : undefined],
    ['direction', state.direction !== 'desc' ? state.direction : undefined],
    ['page', state.pageIndex ? state.pageIndex + 1 : undefined],
    ['size', state.pageSize !== 25 ? state.pageSize : undefined],
  ]);
}

export function observationsSearch(state: Partial<ObservationsUrlState>): string {
  return queryString([
    ['start', state.start !== DEFAULT_START ? state.start : undefined],
    ['end', state.end !== DEFAULT_END ? state.end : undefined],
    ['user', state.user],
    ['signal', state.signal],
    ['page', state.pageIndex ? state.pageIndex + 1 : undefined],
    ['size', state.pageSize !== 25 ? state.pageSize : undefined],
  ]);
}

export function usersSearch(state: Partial<UsersUrlState>): string {
  return queryString([
    ['search', state.search],
    ['sort', state.sort !== 'risk' ? state.sort : undefined],
    ['direction', state.direction !== 'desc' ? state.direction : undefined],
    ['page', state.pageIndex ? state.pageIndex + 1 : undefined],
    ['size', state.pageSize !== 25 ? state.pageSize : undefined],
  ]);
}

const rangeSearch = (range?: TimeRange) =>
  queryString([
    ['start', range && range.start !== DEFAULT_START ? range.start : undefined],
    ['end', range && range.end !== DEFAULT_END ? range.end : undefined],
  ]);

export const paths = {
  overview: (range?: TimeRange) => `/${rangeSearch(range)}`,
  alerts: (state: Partial<AlertsUrlState> = {}) => `/alerts${alertsSearch(state)}`,
  alert: (id: string, state: Partial<AlertsUrlState> = {}) => `/alerts/${encodeURIComponent(id)}${alertsSearch(state)}`,
  observations: (state: Partial<ObservationsUrlState> = {}) => `/observations${observationsSearch(state)}`,
  users: (state: Partial<UsersUrlState> = {}) => `/users${usersSearch(state)}`,
  user: (name: string) => `/users/${encodeURIComponent(name)}`,
  sources: (range?: TimeRange) =>
    `/sources${queryString([
      ['start', range && range.start !== DEFAULT_START ? range.start : undefined],
      ['end', range && range.end !== DEFAULT_END ? range.end : undefined],
    ])}`,
  settings: () => '/settings',
  sequences: () => '/sequence_rules',
  web: (range?: TimeRange) => `/web${rangeSearch(range)}`,
  webAddress: (ip: string, range?: TimeRange) => `/web/addresses/${encodeURIComponent(ip)}${rangeSearch(range)}`,
  analyses: (name?: string) => (name === undefined ? '/analyses' : `/analyses/${encodeURIComponent(name)}`),
};

/** Which tab a route belongs to. */
export function pageOf(route: Route): PageId | undefined {
  if (route.page === 'user') return 'users';
  if (route.page === 'webAddress') return 'web';
  if (route.page === 'notFound') return undefined;
  return route.page;
}
