/**
 * "Mark safe": what an alert says about a login that the analyst now vouches for, and how that becomes part of the
 * user's baseline so the same country, device or IP does not alert again. Pure: the state in, a new state out.
 *
 * Values use the detection core's identities: a country is its ISO code (else its name) as the per-attribute model
 * compares it (server/detection/engine.ts), a device is its BuffaLogs fingerprint (only new-device evidence carries
 * it), an IP is the login's `source.ip`. The entry is recorded at the login's time, like a login the detector saw;
 * with BuffaLogs' unique-login-row model the triggering login's row already makes its country and device known, and
 * the lists taught here (IPs in particular) are what that model consults beside the rows.
 */
import type { AlertDocument, NoveltyEvidence } from '../../common/alert_document';
import type { BaselineConfig } from '../../common/detection_config';
import { cloneUserState, touchEntry, type UserState } from '../detection/user_state';

export interface Teaching {
  country?: string;
  device?: string;
  ip?: string;
}

export interface TeachingWanted {
  country?: boolean;
  device?: boolean;
  ip?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The values an alert carries, limited to those the caller wants (each wanted unless explicitly `false`). */
export function teachingFromAlert(alert: AlertDocument, wanted: TeachingWanted = {}): Teaching {
  const geo = (alert.source?.geo ?? {}) as Record<string, unknown>;
  const evidence = alert.buffalogs.evidence;
  const novelty = evidence.kind === 'novelty' ? (evidence as NoveltyEvidence) : undefined;
  const country =
    novelty?.field === 'country'
      ? novelty.value
      : (str(geo.country_iso_code) ??
        str(geo.country_name) ??
        (evidence.kind === 'travel' ? (evidence.to.country_iso_code ?? evidence.to.country_name) : undefined));
  const device = novelty?.field === 'device_fingerprint' ? novelty.value : undefined;
  const ip =
    str(alert.source?.ip) ??
    (evidence.kind === 'travel' ? evidence.to.ip : evidence.kind === 'anonymous_ip' ? evidence.ip : undefined);
  const t: Teaching = {};
  if (wanted.country !== false && country) t.country = country;
  if (wanted.device !== false && device) t.device = device;
  if (wanted.ip !== false && ip) t.ip = ip;
  return t;
}

export const isEmptyTeaching = (t: Teaching): boolean => !t.country && !t.device && !t.ip;

/** A copy of `state` in which the taught values are known as of `at` (the alert's login time). */
export function teachBaseline(
  state: UserState,
  t: Teaching,
  at: number,
  bounds: Pick<BaselineConfig, 'maxCountries' | 'maxDevices' | 'maxIps'>,
): UserState {
  const next = cloneUserState(state);
  if (t.country) touchEntry(next.countries, t.country, at, bounds.maxCountries);
  if (t.device) touchEntry(next.devices, t.device, at, bounds.maxDevices);
  if (t.ip) touchEntry(next.ips, t.ip, at, bounds.maxIps);
  return next;
}
