/**
 * Reading a user's baselines the same way whatever the state model (`baseline.store`): with BuffaLogs'
 * unique-login rows, devices and countries are whatever the rows hold; with per-attribute lists they are the lists.
 */
import type { CompiledConfig } from './compiled_config';
import { findEntry, knownValues, type BaselineEntry, type StoredLogin, type UserState } from './user_state';

/** BuffaLogs' fingerprint of an empty user agent (utils.build_device_fingerprint). */
export const UNKNOWN_FINGERPRINT = 'unknownos-unknownosmajor-unknowndevice-unknownbrowser';

const usesRows = (cc: CompiledConfig): boolean => cc.config.baseline.store === 'unique_login_rows';
const DAY_MS = 86_400_000;

/**
 * Per-attribute entries count only while seen within `baseline.retentionDays` before the login being judged; pruning
 * the lists is then a mere memory saving, and where a batch ends cannot change an outcome.
 */
function liveEntry(
  list: readonly BaselineEntry[],
  value: string,
  at: number,
  cc: CompiledConfig,
): BaselineEntry | undefined {
  const e = findEntry(list, value);
  return e && e.last >= at - cc.config.baseline.retentionDays * DAY_MS ? e : undefined;
}

function liveValues(list: readonly BaselineEntry[], at: number, cc: CompiledConfig, limit: number) {
  const cutoff = at - cc.config.baseline.retentionDays * DAY_MS;
  const live = list.filter((e) => e.last >= cutoff);
  return { known: knownValues(live, limit), count: live.length };
}

export function hasDevice(state: UserState, fingerprint: string, at: number, cc: CompiledConfig): boolean {
  if (usesRows(cc)) {
    const rows = state.logins;
    for (let i = 0; i < rows.length; i++) if (rows[i].fingerprint === fingerprint) return true;
    return false;
  }
  return liveEntry(state.devices, fingerprint, at, cc) !== undefined;
}

/** True when the user has any device baseline at all (BuffaLogs: any login row). */
export function hasDeviceBaseline(state: UserState, at: number, cc: CompiledConfig): boolean {
  if (usesRows(cc)) return state.logins.length > 0;
  return anyLive(state.devices, at - cc.config.baseline.retentionDays * DAY_MS);
}

/** True when some country is known (BuffaLogs: any login row); until then a country cannot be "new". */
export function hasCountryBaseline(state: UserState, at: number, cc: CompiledConfig): boolean {
  if (usesRows(cc)) return state.logins.length > 0;
  return anyLive(state.countries, at - cc.config.baseline.retentionDays * DAY_MS);
}

/** Whether an entry was seen since `cutoff`: `list.some(…)` without a closure per call (judged on every login). */
function anyLive(list: readonly BaselineEntry[], cutoff: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i].last >= cutoff) return true;
  return false;
}

/** Known values for evidence, most recent first, and how many there are. */
function rowValues(rows: readonly StoredLogin[], pick: (r: StoredLogin) => string | undefined, limit: number) {
  const byLast = new Map<string, number>();
  for (const r of rows) {
    const v = pick(r);
    if (v !== undefined) byLast.set(v, Math.max(byLast.get(v) ?? -Infinity, r.at));
  }
  const sorted = [...byLast.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
  return { known: sorted.slice(0, limit), count: sorted.length };
}

export function knownDevices(
  state: UserState,
  at: number,
  cc: CompiledConfig,
  limit = 10,
): { known: string[]; count: number } {
  if (usesRows(cc)) return rowValues(state.logins, (r) => r.fingerprint, limit);
  return liveValues(state.devices, at, cc, limit);
}

export function knownCountries(
  state: UserState,
  at: number,
  cc: CompiledConfig,
  limit = 10,
): { known: string[]; count: number } {
  if (usesRows(cc)) return rowValues(state.logins, (r) => r.country, limit);
  return liveValues(state.countries, at, cc, limit);
}

/**
 * When the user last logged in from a country, per `atypicalCountry.baseline`: BuffaLogs' most recently inserted
 * row of that country (`last_inserted`), or the latest login time (`last_in_time`). Undefined: never seen.
 */
export function lastSeenInCountry(
  state: UserState,
  country: string,
  at: number,
  cc: CompiledConfig,
): number | undefined {
  if (!usesRows(cc)) return liveEntry(state.countries, country, at, cc)?.last;
  const lastInserted = cc.config.atypicalCountry.baseline === 'last_inserted';
  let best: StoredLogin | undefined;
  for (const row of state.logins) {
    if (row.country !== country) continue;
    if (!best || (lastInserted ? (row.seq ?? 0) > (best.seq ?? 0) : row.at > best.at)) best = row;
  }
  return best?.at;
}

/** BuffaLogs never forgets an IP (UsersIP is not purged); per-attribute IPs expire like the other entries. */
export function hasIp(state: UserState, ip: string, at: number, cc: CompiledConfig): boolean {
  return (usesRows(cc) ? findEntry(state.ips, ip) : liveEntry(state.ips, ip, at, cc)) !== undefined;
}

/**
 * The login a new login is compared with for travel: BuffaLogs' newest row (`newest_stored`, whatever its time), or
 * the latest login at or before this one (`previous_in_time`). Logins from trusted networks are never a travel end.
 */
export function travelBaseline(state: UserState, at: number, cc: CompiledConfig): StoredLogin | undefined {
  const logins = state.logins;
  const newestStored = cc.config.impossibleTravel.baseline === 'newest_stored';
  let best: StoredLogin | undefined;
  for (let i = 0; i < logins.length; i++) {
    const l = logins[i];
    if (l.trusted) continue;
    if (!newestStored && l.at > at) continue;
    if (!best || l.at > best.at || (l.at === best.at && !newestStored)) best = l;
  }
  return best;
}
