/** Real-shaped API answers (typed by common/api.ts, so a contract change breaks these tests at compile time). */
import type {
  AlertDetailResponse,
  AlertItem,
  AlertsByCountryResponse,
  AlertsListResponse,
  AlertsOverTimeResponse,
  RiskDistributionResponse,
  SettingsHistoryResponse,
  SettingsResponse,
  UserDetailResponse,
  UsersListResponse,
} from '../../common/api';
import { API_PATHS } from '../../common/api';
import type { LearnedContextResponse } from '../../common/learned_context';
import type { Routes } from './mount_app';
import { profileDefaults } from '../../common/detection_config';

export const travelAlert: AlertItem = {
  id: 'a1',
  '@timestamp': '2024-05-03T06:00:00.000Z',
  event: { kind: 'alert', category: ['authentication'], type: ['info'], risk_score: 73, severity: 73 },
  rule: { id: 'impossible_travel', name: 'Impossible travel', description: '…', ruleset: 'buffalogs' },
  message: 'alice logged in from Milan 6,480 km from New York 1 h after: 6,480 km/h',
  user: { name: 'alice' },
  source: { ip: '203.0.113.7', geo: { country_iso_code: 'IT', country_name: 'Italy' } },
  buffalogs: {
    alert_id: 'a1',
    sort_key: 1,
    profile: 'default',
    severity: 'high',
    trigger: { event_id: 'evt-1', index: 'logs-auth' },
    filtered: false,
    filter_reasons: [],
    user_risk: { level: 'low', score: 1 },
    evidence: {
      kind: 'travel',
      from: {
        timestamp: '2024-05-03T05:00:00.000Z',
        ip: '198.51.100.4',
        location: { lat: 40.71, lon: -74 },
        country_iso_code: 'US',
        city_name: 'New York',
        as_number: 7922,
        as_organization: 'Comcast',
      },
      to: {
        timestamp: '2024-05-03T06:00:00.000Z',
        ip: '203.0.113.7',
        location: { lat: 45.46, lon: 9.19 },
        country_iso_code: 'IT',
        city_name: 'Milan',
        as_number: 3269,
        as_organization: 'Telecom Italia',
      },
      distance_km: 6480,
      effective_distance_km: 6480,
      elapsed_seconds: 3600,
      speed_kmh: 6480,
      speed_threshold_kmh: 900,
      distance_threshold_km: 500,
    },
    status: 'open',
  },
};

export const noveltyAlert: AlertItem = {
  ...travelAlert,
  id: 'a2',
  rule: { id: 'new_country', name: 'New country', description: '…', ruleset: 'buffalogs' },
  message: 'bob logged in from Brazil for the first time',
  user: { name: 'bob' },
  buffalogs: {
    ...travelAlert.buffalogs,
    alert_id: 'a2',
    sort_key: 2,
    evidence: { kind: 'novelty', field: 'country', value: 'BR', known: ['DE', 'FR'], known_count: 2 },
  },
};

export const alertsPage: AlertsListResponse = {
  items: [travelAlert, noveltyAlert],
  total: 134,
  total_relation: 'eq',
  page: 1,
  size: 25,
  next_cursor: 'cursor-page-2',
};

export const alertDetail: AlertDetailResponse = {
  alert: travelAlert,
  evidence: travelAlert.buffalogs.evidence,
  logins: [
    { timestamp: '2024-05-03T05:00:00.000Z', ip: '198.51.100.4', country_iso_code: 'US', city_name: 'New York' },
    {
      timestamp: '2024-05-03T06:00:00.000Z',
      ip: '203.0.113.7',
      country_iso_code: 'IT',
      city_name: 'Milan',
      is_trigger: true,
    },
  ],
  logins_source: 'events',
  window_hours: 24,
};

export const riskDistribution: RiskDistributionResponse = {
  levels: { no_risk: 40, low: 5, medium: 2, high: 1 },
  total: 48,
};

export const alertsOverTime: AlertsOverTimeResponse = {
  interval: 'day',
  buckets: [
    { start: '2024-05-01T00:00:00.000Z', total: 3, by_detector: { impossible_travel: 1, new_country: 2 } },
    { start: '2024-05-02T00:00:00.000Z', total: 1, by_detector: { new_device: 1 } },
  ],
  total: 4,
};

export const alertsByCountry: AlertsByCountryResponse = {
  countries: [
    { country_iso_code: 'IT', country_name: 'Italy', count: 10 },
    { country_iso_code: 'US', country_name: 'United States', count: 4 },
  ],
  travel_pairs: [
    {
      alert_id: 'a1',
      user: 'alice',
      timestamp: '2024-05-03T06:00:00.000Z',
      from: { location: { lat: 40.71, lon: -74 }, country_iso_code: 'US', city_name: 'New York' },
      to: { location: { lat: 45.46, lon: 9.19 }, country_iso_code: 'IT', city_name: 'Milan' },
      speed_kmh: 6480,
      distance_km: 6480,
    },
  ],
  unknown_country: 0,
  total: 14,
};

export const usersPage: UsersListResponse = {
  items: [
    {
      name: 'alice',
      risk_level: 'high',
      risk_score: 8,
      first_seen: '2024-04-01T00:00:00.000Z',
      last_login: '2024-05-03T06:00:00.000Z',
      countries: 3,
      devices: 2,
      ips: 5,
    },
    {
      name: 'bob',
      risk_level: 'low',
      risk_score: 1,
      first_seen: '2024-04-02T00:00:00.000Z',
      last_login: '2024-05-02T06:00:00.000Z',
      countries: 1,
      devices: 1,
      ips: 1,
    },
  ],
  total: 2,
  total_relation: 'eq',
  page: 1,
  size: 25,
};

export const userDetail: UserDetailResponse = {
  user: usersPage.items[0],
  profile: {
    countries: [
      { value: 'US', first_seen: '2024-04-01T00:00:00.000Z', last_seen: '2024-05-03T05:00:00.000Z', count: 31 },
    ],
    devices: [
      {
        value: 'Mac OS X / Chrome',
        first_seen: '2024-04-01T00:00:00.000Z',
        last_seen: '2024-05-03T05:00:00.000Z',
        count: 30,
      },
    ],
    ips: [
      {
        value: '198.51.100.4',
        first_seen: '2024-04-01T00:00:00.000Z',
        last_seen: '2024-05-03T05:00:00.000Z',
        count: 29,
      },
    ],
    asns: [],
  },
  recent_logins: alertDetail.logins,
  alerts: [travelAlert],
  alerts_total: 1,
  risk_history: [
    { timestamp: '2024-05-01T00:00:00.000Z', level: 'low', score: 1, alert_id: 'a0' },
    { timestamp: '2024-05-03T06:00:00.000Z', level: 'high', score: 8, alert_id: 'a1' },
  ],
};

export const settings: SettingsResponse = {
  profile: 'default',
  overrides: { impossibleTravel: { maxSpeedKmh: 1000 } },
  effective: {
    ...profileDefaults('default'),
    impossibleTravel: { ...profileDefaults('default').impossibleTravel, maxSpeedKmh: 1000 },
  },
  version: 3,
  updated_by: 'admin',
  updated_at: '2024-05-01T10:00:00.000Z',
};

export const settingsHistory: SettingsHistoryResponse = {
  items: [
    {
      version: 3,
      updated_by: 'admin',
      updated_at: '2024-05-01T10:00:00.000Z',
      profile: 'default',
      overrides: settings.overrides,
      changed: ['impossibleTravel.maxSpeedKmh'],
      comment: 'fewer travel alerts',
    },
  ],
  total: 1,
};

/** Settings › Learned context before any pass stored what it learned (common/learned_context.ts). */
export const learnedContextNothingYet: LearnedContextResponse = {
  learned: false,
  learning: true,
  message: 'Nothing learned yet: the detection task has not stored what it learns in this space.',
  documents: 0,
  ignoredDocuments: 0,
  skippedParts: 0,
  population: 0,
  thresholds: {
    orgMinUsersPerPrefix: 10,
    carrierMobileShare: 0.6,
    carrierMinLogins: 30,
    egressMinUsers: 3,
    rotatingMinUsers: 3,
    rareShare: 0.01,
    minPopulation: 50,
  },
  trustedCidrs: [],
  trustedAsns: [],
  networks: { total: 0, items: [] },
  carriers: { total: 0, items: [] },
  countries: { total: 0, items: [] },
  asns: { total: 0, items: [] },
};

/** Every request the Overview makes, answered (7 open alerts, 1234 observations in the range). */
export const overviewRoutes: Routes = {
  [`GET ${API_PATHS.alerts}`]: () => ({ ...alertsPage, total: 7 }),
  [`GET ${API_PATHS.riskDistribution}`]: () => riskDistribution,
  [`GET ${API_PATHS.alertsOverTime}`]: () => alertsOverTime,
  [`GET ${API_PATHS.alertsByCountry}`]: () => alertsByCountry,
  [`GET ${API_PATHS.users}`]: () => usersPage,
  [`GET ${API_PATHS.sourcesHealth}`]: () => ({ from: '', to: '', indices: ['logs-*'], rows: [] }),
  [`GET ${API_PATHS.observationsCount}`]: () => ({ total: 1234, total_relation: 'eq' }),
};
