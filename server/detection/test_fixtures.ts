/**
 * Builders that keep detection tests readable: `login({...})` with only what a test cares about, user agents by
 * name with BuffaLogs' fingerprints (spec §2.4), and a `run` helper over one or several batches.
 */
import { resolveDetectionConfig, type DetectionConfig } from '../../common/detection_config';
import type { ProfileName } from '../../common/alert_document';
import { detect, type DetectOutput, type PopulationContext } from './index';
import type { LoginEvent, ParsedUserAgent } from './types';
import { newUserState, type UserState } from './user_state';

/** User agents of BuffaLogs' tests with the fingerprints it computes for them. */
export const UA = {
  win7Firefox: ua(
    'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:109.0) Gecko/20100101 Firefox/109.0',
    'windows-7-desktop-firefox',
    'Windows',
  ),
  win7Firefox12: ua(
    'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:12.0) Gecko/20100101 Firefox/12.0',
    'windows-7-desktop-firefox',
    'Windows',
  ),
  win10Other: ua(
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)',
    'windows-10-desktop-other',
    'Windows',
  ),
  win10Chrome: ua(
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
    'windows-10-desktop-chrome',
    'Windows',
  ),
  androidFirefox: ua(
    'Mozilla/5.0 (Android 4.4; Mobile; rv:41.0) Gecko/41.0 Firefox/41.0',
    'android-4-mobile-firefoxmobile',
    'Android',
  ),
  androidChrome: ua(
    'Mozilla/5.0 (Linux; Android 13; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
    'android-13-mobile-chrome',
    'Android',
  ),
  linuxOther: ua(
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
    'linux-unknownosmajor-desktop-other',
    'Linux',
  ),
  iphone: ua(
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    'ios-17-mobile-mobilesafari',
    'iOS',
  ),
  macChrome: ua(
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
    'macosx-10-desktop-chrome',
    'Mac OS',
  ),
} as const;

function ua(original: string, fingerprint: string, osName: string): ParsedUserAgent {
  return { original, fingerprint, osName };
}

/** Places used across tests (lat, lon, country name, ISO code, city). */
export const PLACE = {
  jaipur: { lat: 26.9411, lon: 75.8773, country: 'India', iso: 'IN' },
  virginia: { lat: 38.8217, lon: -77.1814, country: 'United States', iso: 'US' },
  nagoya: { lat: 35.2196, lon: 137.062, country: 'Japan', iso: 'JP' },
  mississippi: { lat: 30.3657, lon: -88.5561, country: 'United States', iso: 'US' },
  rome: { lat: 41.9028, lon: 12.4964, country: 'Italy', iso: 'IT', city: 'Rome' },
  milan: { lat: 45.4642, lon: 9.19, country: 'Italy', iso: 'IT', city: 'Milan' },
  berlin: { lat: 52.52, lon: 13.405, country: 'Germany', iso: 'DE', city: 'Berlin' },
  newYork: { lat: 40.7128, lon: -74.006, country: 'United States', iso: 'US', city: 'New York' },
  losAngeles: { lat: 34.0522, lon: -118.2437, country: 'United States', iso: 'US', city: 'Los Angeles' },
  suva: { lat: -18.1416, lon: 178.4419, country: 'Fiji', iso: 'FJ', city: 'Suva' },
  apia: { lat: -13.8333, lon: -171.7667, country: 'Samoa', iso: 'WS', city: 'Apia' },
  sydney: { lat: -33.8688, lon: 151.2093, country: 'Australia', iso: 'AU', city: 'Sydney' },
} as const;

export type Place = { lat: number; lon: number; country?: string; iso?: string; city?: string };

export interface LoginSpec {
  user?: string;
  id?: string;
  index?: string;
  at: string | number;
  ip?: string;
  place?: Place;
  accuracyKm?: number;
  ua?: ParsedUserAgent;
  intel?: string;
  asn?: number;
  org?: string;
}

let counter = 0;

export function login(spec: LoginSpec): LoginEvent {
  const id = spec.id ?? `e${++counter}`;
  const event: LoginEvent = {
    id,
    index: spec.index ?? 'cloud-logs',
    timestamp: typeof spec.at === 'number' ? spec.at : Date.parse(spec.at),
    user: spec.user ?? 'aisha delgado',
    ecs: {},
  };
  if (spec.ip !== undefined) event.ip = spec.ip;
  if (spec.place) {
    event.geo = { lat: spec.place.lat, lon: spec.place.lon };
    if (spec.place.country !== undefined) event.geo.countryName = spec.place.country;
    if (spec.place.iso !== undefined) event.geo.countryIso = spec.place.iso;
    if (spec.place.city !== undefined) event.geo.cityName = spec.place.city;
    if (spec.accuracyKm !== undefined) event.geo.accuracyRadiusKm = spec.accuracyKm;
  }
  if (spec.ua) event.userAgent = spec.ua;
  if (spec.intel !== undefined) event.intelligenceCategory = spec.intel;
  if (spec.asn !== undefined || spec.org !== undefined) {
    event.asn = {};
    if (spec.asn !== undefined) event.asn.number = spec.asn;
    if (spec.org !== undefined) event.asn.organization = spec.org;
  }
  event.ecs = { source: { ip: spec.ip } };
  return event;
}

/** A fixed wall clock for tests: 2026-01-01. */
export const NOW = Date.parse('2026-01-01T00:00:00Z');

/**
 * A profile's settings with overrides. The default profile's verdict is off here unless the overrides turn it on, so
 * the detectors' tests see each detector's own alert; server/detection/verdict/ tests turn it on.
 */
export function config(profile: ProfileName, overrides?: unknown): DetectionConfig {
  const o = (overrides ?? {}) as { verdict?: { enabled?: boolean } };
  const withVerdict = o.verdict?.enabled !== undefined ? o : { ...o, verdict: { ...o.verdict, enabled: false } };
  return resolveDetectionConfig(profile, profile === 'default' ? withVerdict : overrides);
}

/** Runs the events through `detect` in the given batches, carrying the state; returns all alerts and the last state. */
export function run(
  batches: LoginEvent[][],
  cfg: DetectionConfig,
  opts: { now?: number; states?: Map<string, UserState>; context?: PopulationContext } = {},
): DetectOutput {
  let states = new Map(opts.states ?? []);
  const out: DetectOutput = {
    alerts: [],
    states,
    stats: { events: 0, users: 0, duplicates: 0, alerts: 0, filteredAlerts: 0, skipped: 0, outOfOrder: 0 },
    observations: [],
    context: opts.context,
  };
  for (const events of batches) {
    const r = detect({ events, states, config: cfg, now: opts.now ?? NOW, context: out.context });
    out.context = r.context;
    out.alerts.push(...r.alerts);
    out.observations.push(...r.observations);
    states = new Map([...states, ...r.states]);
    for (const k of Object.keys(r.stats) as Array<keyof typeof r.stats>) out.stats[k] += r.stats[k];
  }
  out.states = states;
  return out;
}

/** A state for `user` created long ago (outside any wall-clock learning period). */
export function oldUserState(user: string): Map<string, UserState> {
  return new Map([[user, newUserState(user, Date.parse('2020-01-01T00:00:00Z'))]]);
}

/**
 * The verdict tests' settings: the default profile with the verdict on and no learning period, plus `overrides` (their
 * `verdict` and `filters` merged into those two).
 */
export function verdictConfig(
  overrides: { verdict?: object; filters?: object; [section: string]: unknown } = {},
): DetectionConfig {
  return config('default', {
    ...overrides,
    verdict: { enabled: true, ...overrides.verdict },
    filters: { learningPeriodDays: 0, ...overrides.filters },
  });
}

/** Where the verdict tests' users log in from at home: one Rome address on their ISP (AS3269), one Mac. */
export const HOME = { ip: '192.0.2.10', asn: 3269, place: PLACE.rome, ua: UA.macChrome };

/**
 * `user`'s history before a verdict test's login: five logins from `home`, 1–5 March 2025 at 08:00, ids
 * `${idPrefix}0`…`${idPrefix}4`.
 */
export function homeHistory(
  user: string,
  idPrefix = 'h',
  home: Omit<LoginSpec, 'user' | 'id' | 'at'> = HOME,
): LoginEvent[] {
  return Array.from({ length: 5 }, (_, i) =>
    login({ user, id: `${idPrefix}${i}`, at: `2025-03-0${i + 1}T08:00:00Z`, ...home }),
  );
}

/** `user` in New York (198.51.100.7, AS29465) an hour after the last home login: far, on a network never used. */
export const newYorkLogin = (user: string, id: string, ua: ParsedUserAgent): LoginEvent =>
  login({ user, id, at: '2025-03-05T09:00:00Z', ip: '198.51.100.7', asn: 29465, place: PLACE.newYork, ua });

/** A phisher in the victim's city on the victim's ISP, from another /24 (79.20.252.0/24), on a new Windows browser. */
export const phishedLogin = (user: string): LoginEvent =>
  login({
    user,
    id: 'phished',
    at: '2025-03-06T09:00:00Z',
    ip: '79.20.252.43',
    asn: HOME.asn,
    place: PLACE.rome,
    ua: UA.win10Chrome,
  });

/** Compact view of alerts for assertions: `rule@eventId`, with `[filtered: reasons]` when filtered. */
export const summary = (alerts: DetectOutput['alerts']): string[] =>
  alerts.map(
    (a) =>
      `${a.rule.id}@${a.buffalogs.trigger.event_id}` +
      (a.buffalogs.filtered ? ` [${a.buffalogs.filter_reasons.join(', ')}]` : ''),
  );
