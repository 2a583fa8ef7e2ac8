import type { HttpFetchOptions, HttpStart } from '@kbn/core/public';
import {
  API_PATHS,
  type SourcesRequest,
  type SourcesResponse,
  type SourceHealthResponse,
  apiPath,
  type AlertDetailResponse,
  type AlertFilters,
  type AlertsByCountryResponse,
  type AlertsListQuery,
  type AlertsListResponse,
  type AlertsOverTimeResponse,
  type DeliveriesResponse,
  type DeliveryLogRow,
  type HistogramInterval,
  type MarkSafeRequest,
  type MarkSafeResponse,
  type NotifiersResponse,
  type NotifierTestResponse,
  type RiskDistributionResponse,
  type SequenceDryRunRequest,
  type SequenceDryRunResponse,
  type SequenceRulesImportRequest,
  type SequenceRulesImportResponse,
  type SequenceRulesResponse,
  type SequenceRulesUpdateRequest,
  type SettingsHistoryResponse,
  type SettingsResponse,
  type SettingsUpdateRequest,
  type TaskStatusResponse,
  type TriageRequest,
  type TriageResponse,
  type UserDetailResponse,
  type UserObservationsQuery,
  type UserObservationsResponse,
  type ObservationsCountResponse,
  type ObservationsListQuery,
  type ObservationsListResponse,
  type UsersListQuery,
  type UsersListResponse,
  type WebAddressResponse,
  type WebAlertsQuery,
  type WebAlertsResponse,
  type WebPagesResponse,
  type WebRangeQuery,
  type WebReferrersResponse,
  type WebTimelineResponse,
  type WebTrafficResponse,
} from '../../common/api';
import { API_VERSION } from '../../common/constants';
import { LEARNED_CONTEXT_PATH, type LearnedContextResponse } from '../../common/learned_context';

type Query = NonNullable<HttpFetchOptions['query']>;

/** Drops empty values so the URL carries only what was asked (the routes reject e.g. an empty `user`). */
export function toQuery(params: object): Query {
  const query: Query = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    query[key] = value as Query[string];
  }
  return query;
}

/**
 * The browser's client of the plugin's HTTP API (common/api.ts): one method per route, every call versioned and
 * abortable, so a page that unmounts or changes filters cancels what it no longer needs.
 */
export class BuffalogsApi {
  constructor(private readonly http: HttpStart) {}

  private get<T>(path: string, query: object = {}, signal?: AbortSignal): Promise<T> {
    return this.http.get<T>(path, { version: API_VERSION, query: toQuery(query), signal });
  }

  private send<T>(method: 'post' | 'put', path: string, body: object, signal?: AbortSignal): Promise<T> {
    return this.http[method]<T>(path, { version: API_VERSION, body: JSON.stringify(body), signal });
  }

  taskStatus(signal?: AbortSignal) {
    return this.get<TaskStatusResponse>(API_PATHS.task, {}, signal);
  }

  riskDistribution(signal?: AbortSignal) {
    return this.get<RiskDistributionResponse>(API_PATHS.riskDistribution, {}, signal);
  }

  alertsOverTime(filters: AlertFilters & { interval?: HistogramInterval }, signal?: AbortSignal) {
    return this.get<AlertsOverTimeResponse>(API_PATHS.alertsOverTime, filters, signal);
  }

  alertsByCountry(filters: AlertFilters & { travel_limit?: number }, signal?: AbortSignal) {
    return this.get<AlertsByCountryResponse>(API_PATHS.alertsByCountry, filters, signal);
  }

  listAlerts(query: AlertsListQuery, signal?: AbortSignal) {
    return this.get<AlertsListResponse>(API_PATHS.alerts, query, signal);
  }

  sources(query: SourcesRequest, signal?: AbortSignal) {
    return this.get<SourcesResponse>(API_PATHS.sources, query, signal);
  }

  /** Per index and dataset, what the source table makes of the events (default: the last day). */
  sourcesHealth(query: { from?: string; to?: string }, signal?: AbortSignal) {
    return this.get<SourceHealthResponse>(API_PATHS.sourcesHealth, query, signal);
  }

  getAlert(id: string, windowHours?: number, signal?: AbortSignal) {
    return this.get<AlertDetailResponse>(apiPath(API_PATHS.alert, { id }), { window_hours: windowHours }, signal);
  }

  triage(request: TriageRequest) {
    return this.send<TriageResponse>('post', API_PATHS.triage, request);
  }

  markSafe(id: string, request: MarkSafeRequest) {
    return this.send<MarkSafeResponse>('post', apiPath(API_PATHS.markSafe, { id }), request);
  }

  listUsers(query: UsersListQuery, signal?: AbortSignal) {
    return this.get<UsersListResponse>(API_PATHS.users, query, signal);
  }

  getUser(name: string, signal?: AbortSignal) {
    return this.get<UserDetailResponse>(apiPath(API_PATHS.user, { name }), {}, signal);
  }

  /** The user's observations (logins under the alerting threshold), newest first. */
  userObservations(name: string, query: UserObservationsQuery, signal?: AbortSignal) {
    return this.get<UserObservationsResponse>(apiPath(API_PATHS.userObservations, { name }), query, signal);
  }

  /** Every user's observations (or one user's, or one signal's), newest first, one page. */
  listObservations(query: ObservationsListQuery, signal?: AbortSignal) {
    return this.get<ObservationsListResponse>(API_PATHS.observations, query, signal);
  }

  /** How many observations the range holds (every user's). */
  observationsCount(range: { from?: string; to?: string }, signal?: AbortSignal) {
    return this.get<ObservationsCountResponse>(API_PATHS.observationsCount, range, signal);
  }

  getSettings(signal?: AbortSignal) {
    return this.get<SettingsResponse>(API_PATHS.settings, {}, signal);
  }

  updateSettings(request: SettingsUpdateRequest) {
    return this.send<SettingsResponse>('put', API_PATHS.settings, request);
  }

  settingsHistory(signal?: AbortSignal) {
    return this.get<SettingsHistoryResponse>(API_PATHS.settingsHistory, {}, signal);
  }

  /** What detection learned from the data in this space (Settings › Learned context). */
  learnedContext(signal?: AbortSignal) {
    return this.get<LearnedContextResponse>(LEARNED_CONTEXT_PATH, {}, signal);
  }

  listSequenceRules(signal?: AbortSignal) {
    return this.get<SequenceRulesResponse>(API_PATHS.sequenceRules, {}, signal);
  }

  saveSequenceRules(request: SequenceRulesUpdateRequest) {
    return this.send<SequenceRulesResponse>('put', API_PATHS.sequenceRules, request);
  }

  importSequenceRules(request: SequenceRulesImportRequest) {
    return this.send<SequenceRulesImportResponse>('post', API_PATHS.sequenceRulesImport, request);
  }

  dryRunSequenceRules(request: SequenceDryRunRequest, signal?: AbortSignal) {
    return this.send<SequenceDryRunResponse>('post', API_PATHS.sequenceRulesDryRun, request, signal);
  }

  webReferrers(query: WebRangeQuery & { size?: number }, signal?: AbortSignal) {
    return this.get<WebReferrersResponse>(API_PATHS.webReferrers, query, signal);
  }

  webPages(query: WebRangeQuery & { size?: number }, signal?: AbortSignal) {
    return this.get<WebPagesResponse>(API_PATHS.webPages, query, signal);
  }

  webTraffic(query: WebRangeQuery, signal?: AbortSignal) {
    return this.get<WebTrafficResponse>(API_PATHS.webTraffic, query, signal);
  }

  webTimeline(query: WebRangeQuery & { interval?: HistogramInterval }, signal?: AbortSignal) {
    return this.get<WebTimelineResponse>(API_PATHS.webTimeline, query, signal);
  }

  webAlerts(query: WebAlertsQuery, signal?: AbortSignal) {
    return this.get<WebAlertsResponse>(API_PATHS.webAlerts, query, signal);
  }

  webAddress(ip: string, query: WebRangeQuery, signal?: AbortSignal) {
    return this.get<WebAddressResponse>(apiPath(API_PATHS.webAddress, { ip }), query, signal);
  }

  notifiers(signal?: AbortSignal) {
    return this.get<NotifiersResponse>(API_PATHS.notifiers, {}, signal);
  }

  /** One test message through a channel; a failed send is an answer (`ok: false`), not an error. */
  testNotifier(name: string, signal?: AbortSignal) {
    return this.send<NotifierTestResponse>('post', apiPath(API_PATHS.notifierTest, { name }), {}, signal);
  }

  /** The space's delivery log, newest first. */
  notifierDeliveries(
    query: { channel?: string; status?: Exclude<DeliveryLogRow['status'], 'unknown'>; size?: number },
    signal?: AbortSignal,
  ) {
    return this.get<DeliveriesResponse>(API_PATHS.notifierDeliveries, query, signal);
  }
}
