/**
 * What the detection core remembers about one user between batches: a JSON-serialisable plain object, stored as an
 * Elasticsearch document by the task and in the CLI's --state file. Every list is bounded (see
 * `DetectionConfig.baseline`), so memory grows with users, not with logins.
 */
import { RISK_LEVELS, type RiskLevel, type RuleId } from '../../common/constants';
import { usableList } from '../stored_list';
import type { IncidentState } from './verdict/incident';
import {
  MAX_VALUE_LENGTH,
  cloneHabitModel,
  isHabitModel,
  laidOutHabitModel,
  type HabitModel,
} from './verdict/user_model';

/**
 * v2: `seen` holds event identities only (v1: [identity, login time] pairs and a time floor `seenFloor`, below which
 * every login was dropped as "late", so out-of-order logins were lost); `judgedTo` added. v1 states are read by
 * `readUserState`.
 */
export const USER_STATE_VERSION = 2;

/** One known value (a country, a device fingerprint, an IP, an ASN) with when it was first/last seen (login time). */
export interface BaselineEntry {
  value: string;
  first: number;
  last: number;
  count: number;
}

/**
 * A past login, as much as travel evidence and the comparisons need. With the `unique_login_rows` store it is one of
 * BuffaLogs' unique-login rows: keyed by (index, country name, user agent), overwritten by later logins of the same
 * combination, `seq` its insertion order and `insertedAt` the wall-clock insertion time its retention counts from.
 */
export interface StoredLogin {
  at: number;
  eventId: string;
  index: string;
  ip?: string;
  lat: number;
  lon: number;
  accuracyKm?: number;
  /** Country identity used for comparisons (ISO code, else name; BuffaLogs rows: the name). */
  country?: string;
  countryName?: string;
  countryIso?: string;
  city?: string;
  asn?: number;
  asOrg?: string;
  mobile: boolean;
  /** From a trusted (allow-listed) network: never a travel end. */
  trusted?: boolean;
  /** Unique-login rows only. */
  fingerprint?: string;
  uaKey?: number;
  seq?: number;
  insertedAt?: number;
}

/** An alert remembered for the risk level. */
export interface RiskAlertEntry {
  rule: RuleId;
  /** The triggering login's time. */
  at: number;
  /** Wall-clock time the alert was produced (`now`). */
  createdAt: number;
  /** `risk.model: 'alert_scores'` only: the alert's own 0–100 score and whether it is a takeover pattern. */
  score?: number;
  takeover?: boolean;
}

export interface UserState {
  version: typeof USER_STATE_VERSION;
  user: string;
  /** Wall-clock time (`now`) the detector first saw the user: BuffaLogs' `User.created`. */
  firstSeenAt: number;
  lastSeenAt: number;
  /** Login times of the user's first and newest processed logins. */
  firstLoginAt?: number;
  lastLoginAt?: number;
  risk: { level: RiskLevel; score: number };
  countries: BaselineEntry[];
  devices: BaselineEntry[];
  ips: BaselineEntry[];
  asns: BaselineEntry[];
  /** `per_attribute`: the most recent logins, ascending by time. `unique_login_rows`: the rows, in insertion order. */
  logins: StoredLogin[];
  riskAlerts: RiskAlertEntry[];
  /**
   * Identities (hash of index + id) of the most recently judged events, oldest first, at most
   * `baseline.dedupWindow`: a login delivered again (an overlapping read, the same line twice) is not judged twice.
   * Bounded by count, not time: a login older than the newest judged one is still judged (against the state as it is).
   */
  seen: number[];
  /**
   * Set by the detection pass, not the core: every login of this user at or before this time (epoch ms) in a
   * checkpointed window is in this state. A window read again (an interrupted pass resumed, a new partition layout
   * starting earlier) skips those logins however many there were, beyond what `seen` remembers.
   */
  judgedTo?: number;
  /** Insertion counter of unique-login rows. */
  nextSeq: number;
  /** Default profile's verdict: `<device kind>|<AS number>` pairs the user logged in with (server/detection/verdict/). */
  habits?: BaselineEntry[];
  /**
   * Identity mode (`buffalogs.identity`): each source's spelling of this person, `<dataset>\n<name>` (sourceNameKey),
   * at most MAX_SOURCE_NAMES, for the user page's "as seen in". Absent when the user key is the stored spelling.
   */
  names?: BaselineEntry[];
  /**
   * Default profile's verdict: the user's latest incident (server/detection/verdict/incident.ts), so a suspicious login
   * in a later batch or pass updates its alert instead of raising another. One per user, bounded (a few KB at most).
   */
  incident?: IncidentState;
  /**
   * Default profile's per-user habit model (server/detection/verdict/user_model.ts): decayed counts of the user's
   * countries, cities, networks, devices and login hours. Bounded: ≤ ~1 KB of JSON at its caps.
   */
  model?: HabitModel;
  /**
   * Alerts marked safe whose login was taught to `asns`, `habits` and `model` (server/triage/teach_baseline.ts), the
   * most recent last, at most 16: the detection pass re-applies those it did not read when its write races the route.
   */
  taught?: TaughtLogin[];
}

/** A login an analyst vouched for ("mark safe" on a suspicious_login alert): what it teaches beyond the lists. */
export interface TaughtLogin {
  /** The alert id (one teaching per alert). */
  id: string;
  at: number;
  country?: string;
  city?: string;
  asn?: string;
  device?: string;
  /** Device kind (`desktop`, `mobile`…) for the device × network habit. */
  kind?: string;
  /** The habit key of the exact agent (judge.ts `agentKey`). */
  agent?: string;
}

export function newUserState(user: string, now: number): UserState {
  return {
    version: USER_STATE_VERSION,
    user,
    firstSeenAt: now,
    lastSeenAt: now,
    risk: { level: 'no_risk', score: 0 },
    countries: [],
    devices: [],
    ips: [],
    asns: [],
    logins: [],
    riskAlerts: [],
    seen: [],
    nextSeq: 0,
    // Every optional field present from the start (undefined: JSON leaves it out), in inStateOrder's order, so a state
    // has one hidden class from its creation on, whatever its user's logins add first: a field added later forks the
    // class, and code optimized on the first batch's new states (all without the field) was thrown away and compiled
    // again at the next batch. firstLoginAt and lastLoginAt too: holding undefined first, each store of a time boxes
    // it, so the engine stores lastLoginAt once per batch and firstLoginAt only when it changes (engine.ts).
    judgedTo: undefined,
    habits: undefined,
    names: undefined,
    incident: undefined,
    model: undefined,
    taught: undefined,
    firstLoginAt: undefined,
    lastLoginAt: undefined,
  };
}

/** A copy the core may mutate: the caller's state objects are never changed. */
export function cloneUserState(s: UserState): UserState {
  return {
    ...s,
    risk: { ...s.risk },
    countries: s.countries.map(cloneEntry),
    devices: s.devices.map(cloneEntry),
    ips: s.ips.map(cloneEntry),
    asns: s.asns.map(cloneEntry),
    logins: s.logins.map(cloneLogin),
    riskAlerts: s.riskAlerts.map((a) =>
      a.score === undefined
        ? { rule: a.rule, at: a.at, createdAt: a.createdAt }
        : a.takeover
          ? { rule: a.rule, at: a.at, createdAt: a.createdAt, score: a.score, takeover: true }
          : { rule: a.rule, at: a.at, createdAt: a.createdAt, score: a.score },
    ),
    seen: s.seen.slice(),
    ...(s.habits ? { habits: s.habits.map(cloneEntry) } : {}),
    ...(s.names ? { names: s.names.map(cloneEntry) } : {}),
    // Its signals and logins are replaced, never mutated, by incident.ts: a shallow copy keeps the caller's intact.
    ...(s.incident ? { incident: { ...s.incident } } : {}),
    ...(s.model ? { model: cloneHabitModel(s.model) } : {}),
    ...(s.taught ? { taught: s.taught.map((t) => ({ ...t })) } : {}),
  };
}

/** Source spellings kept per person: a person rarely has more than a few sources. */
export const MAX_SOURCE_NAMES = 20;

/** The `names` entry of one source's spelling: the dataset ('' when unknown) and the name, split by a newline. */
export const sourceNameKey = (dataset: string | undefined, name: string) => `${dataset ?? ''}\n${name}`;

export function parseSourceNameKey(key: string): { dataset?: string; name: string } {
  const cut = key.indexOf('\n');
  const dataset = cut > 0 ? key.slice(0, cut) : undefined;
  return { ...(dataset ? { dataset } : {}), name: key.slice(cut + 1) };
}

const cloneEntry = (e: BaselineEntry): BaselineEntry => ({
  value: e.value,
  first: e.first,
  last: e.last,
  count: e.count,
});

/**
 * Every StoredLogin is created with all its fields (absent ones `undefined`, which JSON omits), so all logins share one
 * object shape and the hot path stays monomorphic.
 */
export function makeStoredLogin(l: StoredLogin): StoredLogin {
  return {
    at: l.at,
    eventId: l.eventId,
    index: l.index,
    ip: l.ip,
    lat: l.lat,
    lon: l.lon,
    accuracyKm: l.accuracyKm,
    country: l.country,
    countryName: l.countryName,
    countryIso: l.countryIso,
    city: l.city,
    asn: l.asn,
    asOrg: l.asOrg,
    mobile: l.mobile,
    trusted: l.trusted,
    fingerprint: l.fingerprint,
    uaKey: l.uaKey,
    seq: l.seq,
    insertedAt: l.insertedAt,
  };
}
const cloneLogin = makeStoredLogin;

/**
 * A stored state as this version uses it: a current one as it is, a version-1 one upgraded (its remembered
 * identities kept, its time floor dropped), anything else undefined. States come from files and indices.
 */
export function readUserState(value: unknown): UserState | undefined {
  if (isUserState(value)) return inCoreShapes(inStateOrder(withBoundedLists(withUsableModel(value))));
  if (typeof value !== 'object' || value === null || (value as { version?: unknown }).version !== 1) return undefined;
  const { seenFloor: _floor, seen, ...rest } = value as UserState & { seenFloor?: number };
  const identities: number[] = [];
  if (Array.isArray(seen))
    for (let i = 0; i < seen.length; i += 2) if (typeof seen[i] === 'number') identities.push(seen[i]);
  const upgraded = { ...rest, version: USER_STATE_VERSION, seen: identities };
  return isUserState(upgraded) ? inCoreShapes(inStateOrder(withBoundedLists(withUsableModel(upgraded)))) : undefined;
}

/**
 * The state without list entries a state cannot hold: a value longer than MAX_VALUE_LENGTH (states written before
 * such values were refused, from a hostile log line's megabyte address or device, keep them otherwise — a
 * BuffaLogs-profile address is never pruned — and every pass reads and writes them again), and an entry that is not
 * of its type (a null, a time that is text, a number where the address was: left by a hand edit or another writer,
 * which isUserState does not look into). Detection reads those fields as their types: a null recent login made every
 * pass over the user throw, and so fail the whole batch, for as long as the state was stored; a time stored as text
 * stayed in the list for ever. Habits that are no list are no habits; times and counters that are no numbers are
 * absent (the next login sets them again). The lists are copied only when one has such an entry (the usual state is
 * returned as it is: usableList gives back the very list, which the comparisons below rely on). isUserState has
 * checked that each is a list (`names` when present), so usableList's "anything else is empty" never applies here.
 */
function withBoundedLists(s: UserState): UserState {
  const countries = usableList(s.countries, usableEntry);
  const devices = usableList(s.devices, usableEntry);
  const ips = usableList(s.ips, usableEntry);
  const asns = usableList(s.asns, usableEntry);
  const logins = usableList(s.logins, usableLogin);
  const riskAlerts = usableList(s.riskAlerts, usableRiskAlert);
  const seen = usableList(s.seen, Number.isFinite);
  const habits = Array.isArray(s.habits) ? usableList(s.habits, usableEntry) : undefined;
  const names = s.names && usableList(s.names, usableEntry);
  const times = TIME_FIELDS.filter((field) => s[field] !== undefined && !Number.isFinite(s[field]));
  const nextSeq = Number.isSafeInteger(s.nextSeq) && s.nextSeq >= 0 ? s.nextSeq : nextSeqAfter(logins);
  if (
    countries === s.countries &&
    devices === s.devices &&
    ips === s.ips &&
    asns === s.asns &&
    logins === s.logins &&
    riskAlerts === s.riskAlerts &&
    seen === s.seen &&
    habits === s.habits &&
    names === s.names &&
    times.length === 0 &&
    nextSeq === s.nextSeq
  )
    return s;
  const out: UserState = { ...s, countries, devices, ips, asns, logins, riskAlerts, seen, habits, names, nextSeq };
  for (const field of times) out[field] = undefined;
  return out;
}

/** The state's optional times (epoch ms): absent when stored as anything but a number. */
const TIME_FIELDS = ['firstLoginAt', 'lastLoginAt', 'judgedTo'] as const;

/** A unique-login rows' insertion counter lost (not a whole number): one past the rows' highest. */
function nextSeqAfter(logins: readonly StoredLogin[]): number {
  let next = 0;
  for (const l of logins) if (l.seq !== undefined && l.seq >= next) next = l.seq + 1;
  return next;
}

const isObject = (e: unknown): e is Record<string, unknown> => typeof e === 'object' && e !== null;
const boundedText = (v: unknown): boolean => typeof v === 'string' && v.length <= MAX_VALUE_LENGTH;
const optional = (v: unknown, usable: (v: unknown) => boolean): boolean => v === undefined || usable(v);

function usableEntry(e: unknown): boolean {
  return (
    isObject(e) &&
    boundedText(e.value) &&
    Number.isFinite(e.first) &&
    Number.isFinite(e.last) &&
    Number.isFinite(e.count)
  );
}

/** A recent login: its time and place numbers (travel is computed from them), every other field absent or typed. */
function usableLogin(l: unknown): boolean {
  if (!isObject(l) || !Number.isFinite(l.at) || !Number.isFinite(l.lat) || !Number.isFinite(l.lon)) return false;
  for (const field of STORED_LOGIN_TEXT) if (!optional(l[field], boundedText)) return false;
  for (const field of STORED_LOGIN_NUMBERS) if (!optional(l[field], Number.isFinite)) return false;
  return optional(l.mobile, isBoolean) && optional(l.trusted, isBoolean);
}
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const STORED_LOGIN_TEXT = [
  'eventId',
  'index',
  'ip',
  'country',
  'countryName',
  'countryIso',
  'city',
  'asOrg',
  'fingerprint',
] as const satisfies ReadonlyArray<keyof StoredLogin>;
const STORED_LOGIN_NUMBERS = ['accuracyKm', 'asn', 'uaKey', 'seq', 'insertedAt'] as const satisfies ReadonlyArray<
  keyof StoredLogin
>;

function usableRiskAlert(a: unknown): boolean {
  return (
    isObject(a) &&
    typeof a.rule === 'string' &&
    Number.isFinite(a.at) &&
    Number.isFinite(a.createdAt) &&
    optional(a.score, Number.isFinite) &&
    optional(a.takeover, isBoolean)
  );
}

/**
 * The state with its fields in newUserState's order (then any others it carries): a state read back from storage
 * lacks the fields that were undefined when it was written, and one set later would otherwise come last, so a state
 * carried through storage between batches would serialise in another order than one kept in memory — and take
 * another hidden class. The nested values are the same objects.
 */
function inStateOrder(s: UserState): UserState {
  const ordered: UserState = {
    version: s.version,
    user: s.user,
    firstSeenAt: s.firstSeenAt,
    lastSeenAt: s.lastSeenAt,
    risk: s.risk,
    countries: s.countries,
    devices: s.devices,
    ips: s.ips,
    asns: s.asns,
    logins: s.logins,
    riskAlerts: s.riskAlerts,
    seen: s.seen,
    nextSeq: s.nextSeq,
    judgedTo: s.judgedTo,
    habits: s.habits,
    names: s.names,
    incident: s.incident,
    model: s.model,
    taught: s.taught,
    firstLoginAt: s.firstLoginAt,
    lastLoginAt: s.lastLoginAt,
  };
  // Then the state itself over it (a data copy, never a setter: a stored `__proto__` key stays a plain key): values in
  // place, and any field this version does not know after them, kept as before.
  return { ...ordered, ...s };
}

/**
 * The state's recent logins and habit model, read from JSON, rebuilt in the shapes the core makes them (`ordered`: a
 * new object of inStateOrder's, so the state given is left as it was). Parsed, a stored login has only the keys it
 * was written with (JSON drops the undefined ones: 14 of 19, or fewer), so the core's code met logins of several
 * shapes and gave each refill of one (fillStoredLogin) five new keys; a model's whole-number arrays were laid out for
 * small integers. The task reads every batch's states so: counted by valgrind (`npm run bench:detection:counts --
 * --parsed-states`), ~14 % more instructions a login than on the states the core built. A login with a key this
 * version does not know (a later version's) is kept as it is.
 */
function inCoreShapes(ordered: UserState): UserState {
  const logins = ordered.logins;
  const shaped = new Array<StoredLogin>(logins.length);
  for (let i = 0; i < logins.length; i++)
    shaped[i] = onlyStoredLoginKeys(logins[i]) ? makeStoredLogin(logins[i]) : logins[i];
  ordered.logins = shaped;
  if (ordered.model !== undefined) ordered.model = laidOutHabitModel(ordered.model);
  return ordered;
}

const STORED_LOGIN_KEYS = new Set(
  Object.keys(makeStoredLogin({ at: 0, eventId: '', index: '', lat: 0, lon: 0, mobile: false })),
);
function onlyStoredLoginKeys(l: StoredLogin): boolean {
  for (const key in l) if (!STORED_LOGIN_KEYS.has(key)) return false;
  return true;
}

/**
 * A habit model or teaching log this version cannot use (another version's, a hand-edited state file) is dropped —
 * the model relearns — rather than trusted: every later lookup assumes its shape.
 */
function withUsableModel(s: UserState): UserState {
  const badModel = s.model !== undefined && !isHabitModel(s.model);
  const badTaught =
    s.taught !== undefined &&
    !(
      Array.isArray(s.taught) &&
      s.taught.length <= 64 &&
      s.taught.every((t) => typeof t?.id === 'string' && typeof t.at === 'number')
    );
  if (!badModel && !badTaught) return s;
  const { model, taught, ...rest } = s;
  return { ...rest, ...(badModel ? {} : { model }), ...(badTaught ? {} : { taught }) } as UserState;
}

/** Checks that a stored object is a state of this version (see `readUserState` for older ones). */
export function isUserState(value: unknown): value is UserState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<UserState>;
  return (
    s.version === USER_STATE_VERSION &&
    typeof s.user === 'string' &&
    typeof s.firstSeenAt === 'number' &&
    typeof s.risk === 'object' &&
    s.risk !== null &&
    (RISK_LEVELS as readonly string[]).includes(s.risk.level) &&
    Array.isArray(s.countries) &&
    Array.isArray(s.devices) &&
    Array.isArray(s.ips) &&
    Array.isArray(s.asns) &&
    Array.isArray(s.logins) &&
    Array.isArray(s.riskAlerts) &&
    Array.isArray(s.seen) &&
    (s.names === undefined || Array.isArray(s.names))
  );
}

export function findEntry(list: readonly BaselineEntry[], value: string): BaselineEntry | undefined {
  for (let i = 0; i < list.length; i++) if (list[i].value === value) return list[i];
  return undefined;
}

/**
 * Records a sighting; when the list is full the least recently seen entry makes room. Returns the entry touched (the
 * first with this value: what findEntry would now return).
 */
export function touchEntry(list: BaselineEntry[], value: string, at: number, max: number): BaselineEntry {
  const found = findEntry(list, value);
  if (found) {
    found.count++;
    if (at > found.last) found.last = at;
    if (at < found.first) found.first = at;
    return found;
  }
  return addEntry(list, value, at, max);
}

/**
 * touchEntry at a login's time, read here from the login: a time passed to a function not inlined is boxed into a new
 * heap number at every call (16 bytes a list a login), and an entry already known (the usual case) needs no box.
 */
export function touchEntryAtLogin(
  list: BaselineEntry[],
  value: string,
  login: { readonly timestamp: number },
  max: number,
): BaselineEntry {
  const found = findEntry(list, value);
  if (found) {
    found.count++;
    const at = login.timestamp;
    if (at > found.last) found.last = at;
    if (at < found.first) found.first = at;
    return found;
  }
  return addEntry(list, value, login.timestamp, max);
}

/**
 * The list after a login's sighting of `value` (touchEntryAtLogin), for the caller to store back: a list with entries
 * is touched in place; an empty one (a new user's first device, country or AS) gives way to a one-entry list
 * (firstEntry). The login's time is read here on every call, not only in the rare branch: a read first made after the
 * code was optimized meets the kinds of login it has not seen (a login with an intelligence category has another
 * shape) and throws the code away.
 */
export function sightAtLogin(
  list: BaselineEntry[],
  value: string,
  login: { readonly timestamp: number },
  max: number,
): BaselineEntry[] {
  const at = login.timestamp;
  if (list.length > 0) {
    touchEntryAtLogin(list, value, login, max);
    return list;
  }
  return value.length > MAX_VALUE_LENGTH ? list : firstEntry(value, at); // see addEntry
}

/**
 * A list's first entry, as a one-entry list: a push into the state's empty list would give it a 17-slot store, and a new
 * user's countries, devices and networks mostly stay at one value.
 */
function firstEntry(value: string, at: number): BaselineEntry[] {
  return [{ value, first: at, last: at, count: 1 }];
}

/**
 * touchEntry's new value: when the list is full, the least recently seen entry makes room. A value longer than the
 * state holds (MAX_VALUE_LENGTH: a hostile log line's megabyte address or device) is kept in no list, whose entries
 * would otherwise be written and read back by every later pass: its sighting is an entry of its own, in none.
 */
function addEntry(list: BaselineEntry[], value: string, at: number, max: number): BaselineEntry {
  if (value.length > MAX_VALUE_LENGTH) return { value, first: at, last: at, count: 1 };
  if (list.length >= max) {
    let oldest = 0;
    for (let i = 1; i < list.length; i++) if (list[i].last < list[oldest].last) oldest = i;
    list.splice(oldest, 1);
  }
  const entry = { value, first: at, last: at, count: 1 };
  list.push(entry);
  return entry;
}

const asnKeys = new Map<number, string>();
/**
 * The AS number as the baselines and the population count it (`String(asn)`), cached: the same string object for
 * every login from that AS, instead of a new string per login that must then be hashed again for every map lookup.
 */
export function asnKey(asn: number): string {
  // A user's logins come in a row, mostly from one AS, and each asks up to three times: the last answer first.
  if (asn === lastAsn) return lastAsnKey;
  let key = asnKeys.get(asn);
  if (key === undefined) {
    if (asnKeys.size >= 100_000) asnKeys.clear();
    asnKeys.set(asn, (key = String(asn)));
  }
  lastAsn = asn;
  lastAsnKey = key;
  return key;
}
let lastAsn = NaN;
let lastAsnKey = '';

/** Drops entries last seen before `cutoff`. */
export function pruneEntries(list: BaselineEntry[], cutoff: number): BaselineEntry[] {
  let keep = true;
  for (let i = 0; i < list.length; i++) if (list[i].last < cutoff) keep = false;
  return keep ? list : list.filter((e) => e.last >= cutoff);
}

/** knownValues' order: the most recently seen first, then by value. */
const newerFirst = (a: BaselineEntry, b: BaselineEntry): number => b.last - a.last || (a.value < b.value ? -1 : 1);

/** A compact list of known values for evidence: the most recently seen first, at most `limit`. */
export function knownValues(list: readonly BaselineEntry[], limit = 10): string[] {
  // Most lists hold one or two values (a new device's evidence lists the user's one or two known ones): answered
  // without the copy, the sort's closure and the slice. Two entries come out in the order the sort gives them: its
  // insertion of the second one before the first exactly when the comparator says so.
  if (list.length <= 2 && limit >= list.length) {
    if (list.length === 0) return [];
    if (list.length === 1) return [list[0].value];
    const a = list[0];
    const b = list[1];
    return newerFirst(b, a) < 0 ? [b.value, a.value] : [a.value, b.value];
  }
  return [...list]
    .sort(newerFirst)
    .slice(0, limit)
    .map((e) => e.value);
}

/**
 * 53-bit hash of one or two strings (two 32-bit multiplicative hashes), for dedup keys and user-agent keys where the
 * string itself would be too big to keep. Two strings hash as if joined by a separator, without building the join.
 */
export function hashString(text: string, second?: string): number {
  let h1: number;
  let h2: number;
  if (second !== undefined && text === pairFirst) {
    // The same first string as the last pair (an event's index, for every login of a batch): its state is kept.
    h1 = pairH1;
    h2 = pairH2;
  } else {
    h1 = 0x811c9dc5;
    h2 = 0x01000193 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    if (second === undefined) return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995);
    pairFirst = text;
    pairH1 = h1;
    pairH2 = h2;
  }
  for (let i = 0; i < second.length; i++) {
    const c = second.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

let lastUser: string | undefined;
let lastUserHash = 0;
/**
 * hashString of one string, remembering the last one: the population counts a user's hash several times per login
 * (its prefix, country, AS and the population), and a user's logins come in a row.
 */
export function hashUser(user: string): number {
  if (user !== lastUser) {
    lastUserHash = hashString(user);
    lastUser = user;
  }
  return lastUserHash;
}

/** hashString's state after the first string of the last pair and the separator (the same first string recurs). */
let pairFirst: string | undefined;
let pairH1 = 0;
let pairH2 = 0;

/**
 * Duplicate check across batches, by event identity. Returns false for an identity among the last `window` judged
 * (a re-delivery), else remembers it (the oldest goes) and returns true. Time plays no part: a login older than
 * others already judged is new all the same.
 */
export function rememberEvent(state: UserState, key: number, window: number): boolean {
  const seen = state.seen;
  const length = seen.length;
  for (let i = 0; i < length; i++) if (seen[i] === key) return false;
  if (length <= window && window > 0) {
    // Full (the steady state): the oldest goes and the others slide down in place (push + shift would left-trim the
    // array's store and make the next push grow a new one); not full: the key is appended. One code for both, the
    // slide by 0 places copying each identity onto itself: a window first fills in a user's later batches, and a
    // branch of its own first ran after the code was optimized on the first batch, which threw the code away
    // (processUser and rememberEvent compiled again).
    const drop = length === window ? 1 : 0;
    for (let i = drop; i < length; i++) seen[i - drop] = seen[i];
    seen[length - drop] = key;
    return true;
  }
  // A window smaller than the list (the setting lowered since): the oldest go.
  seen.push(key);
  while (seen.length > window) seen.shift();
  return true;
}
