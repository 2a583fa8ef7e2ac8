import type { HttpFetchOptions, HttpStart } from '@kbn/core/public';
import {
  API_PATHS,
  type SourcesRequest,
  type SourcesResponse,
  apiPath,
  type AlertDetailResponse,
  type AlertFilters,
  type AlertsByCountryResponse,
  type AlertsListQuery,
  type AlertsListResponse,
  type AlertsOverTimeResponse,
  type HistogramInterval,
  type MarkSafeRequest,
  type MarkSafeResponse,
  type RiskDistributionResponse,
  type SettingsHistoryResponse,
  type SettingsResponse,
  type SettingsUpdateRequest,
  type TaskStatusResponse,
  type TriageRequest,
  type TriageResponse,
  type UserDetailResponse,
  type UsersListQuery,
  type UsersListResponse,
} from '../../common/api';
import { API_VERSION } from '../../common/constants';

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

  getSettings(signal?: AbortSignal) {
    return this.get<SettingsResponse>(API_PATHS.settings, {}, signal);
  }

  updateSettings(request: SettingsUpdateRequest) {
    return this.send<SettingsResponse>('put', API_PATHS.settings, request);
  }

  settingsHistory(signal?: AbortSignal) {
    return this.get<SettingsHistoryResponse>(API_PATHS.settingsHistory, {}, signal);
  }
}
