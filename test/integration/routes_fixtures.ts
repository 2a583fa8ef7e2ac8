/**
 * Deterministic alerts, user states and source login events for the route tests and the route benchmark: realistic
 * shapes (the detector's own AlertDocument and UserState), with ids, users, countries and detectors spread so every
 * filter has something to find.
 */
import { createHash } from 'node:crypto';
import type { AlertDocument, AlertEvidence } from '../../common/alert_document';
import { RISK_LEVELS, RULE_IDS, type AlertStatus, type RuleId } from '../../common/constants';
import { alertSortKey } from '../../server/detection/alert_document';
import { newUserState, type UserState } from '../../server/detection/user_state';

export const COUNTRIES = [
  { iso: 'IT', name: 'Italy', lat: 45.46, lon: 9.19, city: 'Milan' },
  { iso: 'US', name: 'United States', lat: 40.71, lon: -74.0, city: 'New York' },
  { iso: 'BR', name: 'Brazil', lat: -23.55, lon: -46.63, city: 'São Paulo' },
  { iso: 'JP', name: 'Japan', lat: 35.68, lon: 139.69, city: 'Tokyo' },
  { iso: 'DE', name: 'Germany', lat: 52.52, lon: 13.4, city: 'Berlin' },
  { iso: 'NG', name: 'Nigeria', lat: 6.52, lon: 3.38, city: 'Lagos' },
];

export const userName = (u: number): string => `user${String(u).padStart(6, '0')}`;
export const alertIdOf = (i: number): string => createHash('sha1').update(`alert-${i}`).digest('hex');

const SEVERITY = { low: 21, medium: 47, high: 73, critical: 99 } as const;
const STATUSES: AlertStatus[] = ['open', 'open', 'open', 'acknowledged', 'closed', 'false_positive'];

export interface AlertSpec {
  i: number;
  users: number;
  start: number;
  spacingMs: number;
  sourceIndex?: string;
}

/** BuffaLogs' six detectors, whose evidence shapes the fixtures spread (the verdict has its own tests). */
const FIXTURE_RULES: readonly RuleId[] = RULE_IDS.filter((r) => r !== 'suspicious_login');

/** Alert number `i`: user i % users, detector i % 6, country i % 6, status/filtered spread over i. */
export function makeAlert({ i, users, start, spacingMs, sourceIndex = 'logs-auth-default' }: AlertSpec): AlertDocument {
  const rule = FIXTURE_RULES[i % FIXTURE_RULES.length];
  const c = COUNTRIES[i % COUNTRIES.length];
  const prev = COUNTRIES[(i + 1) % COUNTRIES.length];
  const ts = new Date(start + i * spacingMs).toISOString();
  const user = userName(i % users);
  const severity = (['low', 'medium', 'high', 'critical'] as const)[i % 4];
  const ip = `198.51.${(i >> 8) & 255}.${i & 255}`;
  let evidence: AlertEvidence;
  if (rule === 'impossible_travel') {
    evidence = {
      kind: 'travel',
      from: {
        timestamp: new Date(start + i * spacingMs - 3_600_000).toISOString(),
        ip: '192.0.2.1',
        location: { lat: prev.lat, lon: prev.lon },
        country_iso_code: prev.iso,
        city_name: prev.city,
      },
      to: { timestamp: ts, ip, location: { lat: c.lat, lon: c.lon }, country_iso_code: c.iso, city_name: c.city },
      distance_km: 6000,
      effective_distance_km: 5900,
      elapsed_seconds: 3600,
      speed_kmh: 6000,
      speed_threshold_kmh: 900,
      distance_threshold_km: 500,
    };
  } else if (rule === 'new_device') {
    evidence = {
      kind: 'novelty',
      field: 'device_fingerprint',
      value: `linux-5-desktop-firefox-${i % 7}`,
      known: ['windows-10-desktop-chrome'],
      known_count: 1,
    };
  } else if (rule === 'anonymous_ip') {
    evidence = { kind: 'anonymous_ip', signal: 'source.intelligence_category', matched: 'anonymizer', ip };
  } else if (rule === 'user_risk_threshold') {
    evidence = {
      kind: 'risk',
      previous_level: 'low',
      level: 'medium',
      score: 4,
      threshold_level: 'medium',
      caused_by_alert_id: alertIdOf(i - 1),
      caused_by_rule_id: 'new_country',
    };
  } else {
    evidence = { kind: 'novelty', field: 'country', value: c.iso, known: [prev.iso], known_count: 1 };
  }
  const riskScore = 1 + (Math.floor(i / users) % 8);
  const level = riskScore >= 7 ? 'high' : riskScore >= 4 ? 'medium' : 'low';
  return {
    '@timestamp': ts,
    event: {
      kind: 'alert',
      category: ['authentication'],
      type: ['info'],
      risk_score: SEVERITY[severity],
      severity: SEVERITY[severity],
      created: ts,
    },
    rule: { id: rule, name: rule.replace(/_/g, ' '), description: `BuffaLogs ${rule}`, ruleset: 'buffalogs' },
    message: `${user} logged in from ${c.name} (${rule.replace(/_/g, ' ')})`,
    user: { name: user },
    source: {
      ip,
      geo: { country_iso_code: c.iso, country_name: c.name, city_name: c.city, location: { lat: c.lat, lon: c.lon } },
    },
    user_agent: { original: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0' },
    buffalogs: {
      alert_id: alertIdOf(i),
      sort_key: alertSortKey(alertIdOf(i)),
      profile: 'default',
      severity,
      trigger: { event_id: `evt-${i}`, index: sourceIndex },
      filtered: i % 5 === 0,
      filter_reasons: i % 5 === 0 ? ['learning_period'] : [],
      user_risk: { level, score: riskScore },
      evidence,
      status: STATUSES[i % STATUSES.length],
    },
  };
}

/** User number `u`'s state: a home country, a device, an IP, a risk level cycling through the four. */
export function makeUserState(u: number, start: number): UserState {
  const s = newUserState(userName(u), start);
  const c = COUNTRIES[u % COUNTRIES.length];
  const at = start + u * 1000;
  s.firstLoginAt = start;
  s.lastLoginAt = at;
  s.risk = { level: RISK_LEVELS[u % RISK_LEVELS.length], score: [0, 2, 5, 8][u % 4] };
  s.countries.push({ value: c.iso, first: start, last: at, count: 3 });
  s.devices.push({ value: 'windows-10-desktop-chrome', first: start, last: at, count: 3 });
  s.ips.push({ value: `192.0.2.${u % 250}`, first: start, last: at, count: 3 });
  s.logins.push({
    at,
    eventId: `home-${u}`,
    index: 'logs-auth-default',
    ip: `192.0.2.${u % 250}`,
    lat: c.lat,
    lon: c.lon,
    country: c.iso,
    countryIso: c.iso,
    countryName: c.name,
    city: c.city,
    mobile: false,
  });
  return s;
}

/** An ECS login event of `user` at `ts` from country `c`. */
export function makeLoginEvent(user: string, ts: string, eventId: string, c = COUNTRIES[0]) {
  return {
    '@timestamp': ts,
    event: { id: eventId, category: ['authentication'], type: ['start'], outcome: 'success' },
    user: { name: user },
    source: {
      ip: '203.0.113.7',
      geo: { country_iso_code: c.iso, country_name: c.name, city_name: c.city, location: { lat: c.lat, lon: c.lon } },
    },
    user_agent: { original: 'Mozilla/5.0 (Windows NT 10.0) Chrome/124.0' },
  };
}
