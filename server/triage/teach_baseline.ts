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
import { cloneUserState, findEntry, touchEntry, type BaselineEntry, type UserState } from '../detection/user_state';

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

/** The lists marking safe teaches, as the detection task read them: what it later compares a stored state with. */
export type TaughtLists = Pick<UserState, 'countries' | 'devices' | 'ips'>;

const TAUGHT: ReadonlyArray<[keyof TaughtLists, keyof Teaching]> = [
  ['countries', 'country'],
  ['devices', 'device'],
  ['ips', 'ip'],
];

const copyEntries = (list: readonly BaselineEntry[]): BaselineEntry[] => list.map((e) => ({ ...e }));

/** A copy of the taught lists, taken before the detector updates the state in place. */
export function taughtLists(state: UserState): TaughtLists {
  return { countries: copyEntries(state.countries), devices: copyEntries(state.devices), ips: copyEntries(state.ips) };
}

/**
 * The detector computed `computed` from a state whose taught lists were `base` (none: a user not stored yet), but
 * meanwhile someone marked an alert safe and `stored` is what is stored now. Every value `stored` knows more of than
 * `base` did (new, or seen more often) was taught in between: it is taught again, at its last sighting, on top of
 * the detector's result, which is otherwise kept as computed (logins, risk, alerts).
 */
export function reapplyTeaching(
  computed: UserState,
  base: TaughtLists | undefined,
  stored: TaughtLists,
  bounds: Pick<BaselineConfig, 'maxCountries' | 'maxDevices' | 'maxIps'>,
): UserState {
  let next = computed;
  for (const [list, kind] of TAUGHT) {
    for (const entry of stored[list]) {
      const before = base ? findEntry(base[list], entry.value) : undefined;
      if (before && before.count >= entry.count && before.last >= entry.last) continue;
      next = teachBaseline(next, { [kind]: entry.value }, entry.last, bounds);
    }
  }
  return next;
}
