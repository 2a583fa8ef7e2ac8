/**
 * The fixed shape of a detector (after Panther's rules): does it fire for this login (returning its evidence), how
 * it explains itself, how severe it is. Detectors read the user's state as it was BEFORE the login; they never
 * change it — recording the login is the engine's job, so each detector can be tested on a hand-made state.
 */
import type { AlertEvidence, AnonymousIpEvidence, LoginPlace, Severity } from '../../../common/alert_document';
import type { RuleId } from '../../../common/constants';
import type { CompiledConfig } from '../compiled_config';
import type { LoginEvent } from '../types';
import type { StoredLogin, UserState } from '../user_state';

export interface Detector<TInput, TEvidence extends AlertEvidence> {
  id: RuleId;
  /** Human name, the alert's `rule.name`. */
  name: string;
  /** What the detector looks for, the alert's `rule.description`. */
  description: string;
  /** The evidence when the detector fires, else undefined. */
  evaluate(input: TInput): TEvidence | undefined;
  severity(evidence: TEvidence): Severity;
  /** One sentence with the numbers. */
  message(user: string, evidence: TEvidence): string;
}

/** One login being judged, with what the engine derived from it once. */
export interface LoginContext {
  event: LoginEvent;
  /** The user's state before this login. */
  state: UserState;
  cc: CompiledConfig;
  /** Country identity for comparisons: BuffaLogs rows use the name; otherwise the ISO code, else the name. */
  country?: string;
  /** A mobile OS (filters.mobileOsNames). */
  mobile: boolean;
  /** From a trusted network (impossibleTravel.trustedCidrs/trustedAsns). */
  trusted: boolean;
  /**
   * The anonymous-IP detector's finding on this login, evaluated once by the engine (null: none); undefined when
   * not evaluated (a context made by hand), and readers then evaluate it themselves.
   */
  anonymous?: AnonymousIpEvidence | null;
  /**
   * Whether the user logged in before this login (`state.lastLoginAt` is set), kept by the engine so the verdict need
   * not read the optional time (see engine.ts); undefined in a context made by hand, and readers then look.
   */
  hasHistory?: boolean;
}

export type LoginDetector<TEvidence extends AlertEvidence> = Detector<LoginContext, TEvidence>;

const isoTime = (ms: number): string => new Date(ms).toISOString();

/** The login being judged, as evidence shows it. */
export function placeOfEvent(event: LoginEvent): LoginPlace {
  const place: LoginPlace = { timestamp: isoTime(event.timestamp), event_id: event.id };
  if (event.ip !== undefined) place.ip = event.ip;
  const geo = event.geo;
  if (geo) {
    place.location = { lat: geo.lat, lon: geo.lon };
    if (geo.countryIso !== undefined) place.country_iso_code = geo.countryIso;
    if (geo.countryName !== undefined) place.country_name = geo.countryName;
    if (geo.cityName !== undefined) place.city_name = geo.cityName;
    if (geo.accuracyRadiusKm !== undefined) place.accuracy_radius_km = geo.accuracyRadiusKm;
  }
  if (event.asn?.number !== undefined) place.as_number = event.asn.number;
  if (event.asn?.organization !== undefined) place.as_organization = event.asn.organization;
  return place;
}

/** A remembered login, as evidence shows it. */
export function placeOfStored(login: StoredLogin): LoginPlace {
  const place: LoginPlace = {
    timestamp: isoTime(login.at),
    event_id: login.eventId,
    location: { lat: login.lat, lon: login.lon },
  };
  if (login.ip !== undefined) place.ip = login.ip;
  if (login.countryIso !== undefined) place.country_iso_code = login.countryIso;
  if (login.countryName !== undefined) place.country_name = login.countryName;
  if (login.city !== undefined) place.city_name = login.city;
  if (login.accuracyKm !== undefined) place.accuracy_radius_km = login.accuracyKm;
  if (login.asn !== undefined) place.as_number = login.asn;
  if (login.asOrg !== undefined) place.as_organization = login.asOrg;
  return place;
}
