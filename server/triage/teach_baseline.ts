/**
 * "Mark safe": what an alert says about a login that the analyst now vouches for, and how that becomes part of the
 * user's baseline so the same country, device or IP does not alert again. Pure: the state in, a new state out.
 *
 * Values use the detection core's identities: a country is its ISO code (else its name) as the per-attribute model
 * compares it (server/detection/engine.ts), read from the alert's place as the normaliser reads a login's (trimmed,
 * the code upper-cased: an alert copies the source's `br`, the detector keys `BR`), a device is its BuffaLogs
 * fingerprint (only new-device evidence carries it), an IP is the login's `source.ip`. The entry is recorded at the
 * login's time, like a login the detector saw; with BuffaLogs' unique-login-row model the triggering login's row
 * already makes its country and device known, and the lists taught here (IPs in particular) are what that model
 * consults beside the rows.
 */
import { isIP } from 'node:net';
import { alertTime, type AlertDocument, type LoginPlace, type NoveltyEvidence } from '../../common/alert_document';
import type { BaselineConfig } from '../../common/detection_config';
import type { LoginGeo } from '../detection/types';
import { parseUserAgent } from '../enrichment/user_agent';
import { isPlainObject } from '../events/ecs_document';
import { readPlaceNames } from '../events/normalize_login';
import {
  cloneUserState,
  findEntry,
  touchEntry,
  type BaselineEntry,
  type TaughtLogin,
  type UserState,
} from '../detection/user_state';
import { agentHabitKey } from '../detection/verdict/judge';
import { TAUGHT_WEIGHT, holdable, learnHabits, newHabitModel } from '../detection/verdict/user_model';

export interface Teaching {
  country?: string;
  device?: string;
  ip?: string;
  /**
   * A suspicious_login alert (the default profile's verdict) teaches its whole login too: its AS (`asns`), its exact
   * agent and device kind × AS (`habits`, device continuity) and every feature of the habit model with weight
   * TAUGHT_WEIGHT — so the same login raises none of the verdict's signals again (issue 12, "mark safe teaches the
   * user's baseline and model").
   */
  login?: TaughtLogin;
}

/** The bounds and the model's half-life teaching needs (the effective detection settings). */
export type TeachingBounds = Pick<BaselineConfig, 'maxCountries' | 'maxDevices' | 'maxIps'> &
  Partial<Pick<BaselineConfig, 'maxAsns'>> & { halfLifeDays?: number };

/** Alerts marked safe remembered in the state (`UserState.taught`) for the detection pass's merge. */
const MAX_TAUGHT = 16;

export interface TeachingWanted {
  country?: boolean;
  device?: boolean;
  ip?: boolean;
  /** The login's AS (suspicious_login alerts). */
  network?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * A value to teach, as if absent when the state cannot hold it: a stored alert's evidence or source (another writer's,
 * or hand-edited: the keyword mapping keeps any length in _source) may hold a megabyte, which was taught whole into
 * the lists, the habit model and the `taught` log, read and written by every later pass. No value the detector keys
 * is that long (a country, a fingerprint of a 500-character agent), and a model holding one is dropped when read.
 */
const value = (v: unknown): string | undefined => holdable(str(v));

/** An address as the detector keys `source.ip` (trimmed, one IPv4/IPv6 address): nothing else can match a login. */
const address = (v: unknown): string | undefined => {
  const s = value(v)?.trim();
  return s && isIP(s) !== 0 ? s : undefined;
};

/** A place's country code, country name and city as a login carries them to the detector (readPlaceNames). */
function placeNames(geo: unknown): Pick<LoginGeo, 'countryIso' | 'countryName' | 'cityName'> {
  const names = {};
  if (isPlainObject(geo)) readPlaceNames(geo, names);
  return names;
}

/** The values an alert carries, limited to those the caller wants (each wanted unless explicitly `false`). */
export function teachingFromAlert(alert: AlertDocument, wanted: TeachingWanted = {}): Teaching {
  const geo = placeNames(alert.source?.geo);
  const evidence = alert.buffalogs.evidence;
  const novelty = evidence.kind === 'novelty' ? (evidence as NoveltyEvidence) : undefined;
  // Another writer's travel may have no `to` (or a null one): the login's place is then only what `source` says.
  // Its values (the detector's keys, as it wrote them) are read as strings only: the keyword mapping also stores a
  // number or a boolean, no value to teach.
  const to: Partial<LoginPlace> =
    evidence.kind === 'travel' && typeof evidence.to === 'object' && evidence.to !== null ? evidence.to : {};
  const country =
    novelty?.field === 'country'
      ? value(novelty.value)
      : (geo.countryIso ??
        geo.countryName ??
        (evidence.kind === 'travel' ? (value(to.country_iso_code) ?? value(to.country_name)) : undefined));
  const device = novelty?.field === 'device_fingerprint' ? value(novelty.value) : undefined;
  const ip =
    address(alert.source?.ip) ??
    (evidence.kind === 'travel' ? address(to.ip) : evidence.kind === 'anonymous_ip' ? address(evidence.ip) : undefined);
  const t: Teaching = {};
  const verdict = evidence.kind === 'verdict';
  const agent = str((alert.user_agent as Record<string, unknown> | undefined)?.original);
  const parsed = verdict && agent ? parseUserAgent(agent) : undefined;
  // A verdict's device: its new-device signal's fingerprint, else the login's own agent's (as the detector computes it).
  // Another writer's signals (unmapped: anything is stored) may be no list, or hold entries that are no signal.
  const signals: unknown[] = verdict && Array.isArray(evidence.signals) ? evidence.signals : [];
  const newDevice = verdict
    ? (
        signals.find((s) => {
          const e: unknown = typeof s === 'object' && s !== null ? (s as { evidence?: unknown }).evidence : undefined;
          return (
            typeof e === 'object' &&
            e !== null &&
            (e as NoveltyEvidence).kind === 'novelty' &&
            (e as NoveltyEvidence).field === 'device_fingerprint'
          );
        }) as { evidence: NoveltyEvidence } | undefined
      )?.evidence.value
    : undefined;
  const verdictDevice = verdict ? (value(newDevice) ?? value(parsed?.fingerprint)) : undefined;
  if (wanted.country !== false && country) t.country = country;
  if (wanted.device !== false && (device ?? verdictDevice)) t.device = device ?? verdictDevice;
  if (wanted.ip !== false && ip) t.ip = ip;
  // The login is remembered by its alert id in the state's `taught` log: without a bounded one, no login is taught.
  const id = value(alert.buffalogs.alert_id);
  if (verdict && id) {
    const as = (alert.source?.as ?? {}) as Record<string, unknown>;
    const asn = typeof as.number === 'number' && Number.isSafeInteger(as.number) ? String(as.number) : undefined;
    const at = alertTime(alert);
    const login: TaughtLogin = { id, at };
    if (wanted.country !== false && country) login.country = country;
    if (wanted.country !== false && geo.cityName) login.city = geo.cityName;
    if (wanted.network !== false && asn) login.asn = asn;
    if (wanted.device !== false && parsed && agent) {
      login.device = t.device;
      login.kind = parsed.device;
      login.agent = agentHabitKey(agent);
    }
    if (Number.isFinite(at) && (login.country || login.asn || login.device)) t.login = login;
  }
  return t;
}

export const isEmptyTeaching = (t: Teaching): boolean => !t.country && !t.device && !t.ip && !t.login;

/** What the analyst is told was learned: each value, the login's AS and the model's features. */
export function describeTeaching(t: Teaching): Record<string, string> {
  const out: Record<string, string> = {};
  if (t.country) out.country = t.country;
  if (t.device) out.device = t.device;
  if (t.ip) out.ip = t.ip;
  if (t.login?.asn) out.network = `AS${t.login.asn}`;
  if (t.login) {
    const l = t.login;
    const parts = [l.country, l.city, l.asn && `AS${l.asn}`, l.device].filter(Boolean);
    out.habits = `${parts.join(', ')} and its hour, as ${TAUGHT_WEIGHT} logins`;
  }
  return out;
}

/** A copy of `state` in which the taught values are known as of `at` (the alert's login time). */
export function teachBaseline(state: UserState, t: Teaching, at: number, bounds: TeachingBounds): UserState {
  const next = cloneUserState(state);
  if (t.country) touchEntry(next.countries, t.country, at, bounds.maxCountries);
  if (t.device) touchEntry(next.devices, t.device, at, bounds.maxDevices);
  if (t.ip) touchEntry(next.ips, t.ip, at, bounds.maxIps);
  if (t.login) {
    teachLogin(next, t.login, bounds);
    // Remembered (bounded) so that a detection pass that read the state before this write re-applies it.
    const taught = (next.taught ?? []).filter((x) => x.id !== t.login!.id);
    taught.push({ ...t.login });
    next.taught = taught.slice(-MAX_TAUGHT);
  }
  return next;
}

/**
 * The verdict's side of a taught login, in place: its AS known, its exact agent and device kind × AS habits (device
 * continuity: judge.ts reads them as the detector writes them), its features in the habit model with weight.
 */
function teachLogin(state: UserState, l: TaughtLogin, bounds: TeachingBounds): void {
  const maxAsns = bounds.maxAsns ?? 20;
  if (l.asn) touchEntry(state.asns, l.asn, l.at, maxAsns);
  if (l.agent) {
    state.habits ??= [];
    touchEntry(state.habits, l.agent, l.at, maxAsns + bounds.maxDevices);
    if (l.kind && l.asn) touchEntry(state.habits, `${l.kind}|${l.asn}`, l.at, maxAsns + bounds.maxDevices);
  }
  state.model ??= newHabitModel(Math.floor(l.at / 86_400_000));
  learnHabits(
    state.model,
    { at: l.at, country: l.country, city: l.city, asn: l.asn, device: l.device },
    bounds.halfLifeDays ?? 30,
    TAUGHT_WEIGHT,
  );
}

/** The lists marking safe teaches, as the detection task read them: what it later compares a stored state with. */
export type TaughtLists = Pick<UserState, 'countries' | 'devices' | 'ips'> & { taughtIds: string[] };

const TAUGHT: ReadonlyArray<['countries' | 'devices' | 'ips', 'country' | 'device' | 'ip']> = [
  ['countries', 'country'],
  ['devices', 'device'],
  ['ips', 'ip'],
];

const copyEntries = (list: readonly BaselineEntry[]): BaselineEntry[] => list.map((e) => ({ ...e }));

/** A copy of the taught lists, taken before the detector updates the state in place. */
export function taughtLists(state: UserState): TaughtLists {
  return {
    countries: copyEntries(state.countries),
    devices: copyEntries(state.devices),
    ips: copyEntries(state.ips),
    taughtIds: (state.taught ?? []).map((t) => t.id),
  };
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
  stored: Pick<UserState, 'countries' | 'devices' | 'ips' | 'taught'>,
  bounds: TeachingBounds,
): UserState {
  let next = computed;
  for (const [list, kind] of TAUGHT) {
    for (const entry of stored[list]) {
      const before = base ? findEntry(base[list], entry.value) : undefined;
      if (before && before.count >= entry.count && before.last >= entry.last) continue;
      next = teachBaseline(next, { [kind]: entry.value }, entry.last, bounds);
    }
  }
  // Logins taught (suspicious_login alerts marked safe) since the pass read the state: their AS, habits and model.
  for (const login of stored.taught ?? []) {
    if (base?.taughtIds.includes(login.id)) continue;
    next = teachBaseline(next, { login }, login.at, bounds);
  }
  return next;
}
