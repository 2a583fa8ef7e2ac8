/**
 * The contract of the pure detection core: normalised logins and per-user state in, alerts and new state out.
 * Nothing here does I/O or reads a clock; callers (the CLI, the Kibana task) supply `now`.
 */
import type { AlertDocument } from '../../common/alert_document';

/** A user agent parsed once per distinct string (see `server/enrichment/`). */
export interface ParsedUserAgent {
  original: string;
  /** BuffaLogs' `os-osmajor-device-browser` fingerprint, lower-case, no spaces. */
  fingerprint: string;
  osName?: string;
  osMajor?: string;
  browserName?: string;
  /** 'mobile' | 'tablet' | 'desktop' | other device family. */
  device?: string;
}

/** Where a login came from, after GeoIP enrichment where the event had no `source.geo`. */
export interface LoginGeo {
  lat: number;
  lon: number;
  countryIso?: string;
  countryName?: string;
  cityName?: string;
  /** GeoIP accuracy radius in km when the database provides one (MaxMind City does; ip-location-db does not). */
  accuracyRadiusKm?: number;
}

/** One successful authentication, normalised from an ECS document or Elasticsearch hit. */
export interface LoginEvent {
  /** `_id` of the hit, else `event.id`. Together with `index` it identifies the event. */
  id: string;
  /** The index the event was read from; '' when unknown (offline input without `_index`). */
  index: string;
  /** `@timestamp` in epoch milliseconds. */
  timestamp: number;
  /** `user.name`, trimmed and lower-cased (BuffaLogs stores usernames lower-cased). */
  user: string;
  /** The name as the source wrote it, when the source table derived `user` (an identity) from it. */
  sourceUser?: string;
  /** `data_stream.dataset` (or `event.dataset`) the login came from, when known. */
  dataset?: string;
  ip?: string;
  geo?: LoginGeo;
  asn?: { number?: number; organization?: string };
  userAgent?: ParsedUserAgent;
  /** `source.intelligence_category` (a BuffaLogs enrichment field, not ECS). */
  intelligenceCategory?: string;
  /** The event's ECS `source` (with enriched geo) and `user_agent` objects, copied into alerts as they are. */
  ecs: { source?: Record<string, unknown>; user_agent?: Record<string, unknown> };
}

/** Counts of what a detection call saw, for logs and the CLI summary. */
export interface DetectionStats {
  events: number;
  users: number;
  /** Logins dropped because the same event (index + id) was judged already, in this batch or among the user's remembered ones. */
  duplicates: number;
  alerts: number;
  filteredAlerts: number;
  /** Logins the profile cannot judge (buffalogs profile: no IP, country name or non-zero coordinates, as BuffaLogs drops them). */
  skipped: number;
  /**
   * Logins judged although a later login of the same user was judged before them (in an earlier batch or run):
   * judged against the state as it is then, whose baselines already hold the later logins. Not dropped; counted so
   * a summary can say how much arrived out of order.
   */
  outOfOrder: number;
}
export type { AlertDocument };
