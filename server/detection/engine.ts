/**
 * One user's logins, in time order, against that user's state: the per-login algorithm of both state models.
 * Mutates the state it is given (a private copy made by `detect`); appends alerts to the sink.
 *
 * Per login, in BuffaLogs' order (spec §2.3): anonymous IP → new device → new/atypical country → impossible travel,
 * each alert followed at once by the user-risk-threshold alert it may cause. The login is recorded after the checks,
 * so every detector compares against the history before it.
 */
import type { AlertDocument, AlertEvidence, RiskEvidence } from '../../common/alert_document';
import { alertId, alertRiskScore, buildAlertDocument } from './alert_document';
import { UNKNOWN_FINGERPRINT } from './baselines';
import type { CompiledConfig } from './compiled_config';
import { anonymousIpDetector } from './detectors/anonymous_ip';
import { atypicalCountryDetector } from './detectors/atypical_country';
import type { Detector, LoginContext } from './detectors/detector';
import { impossibleTravelDetector } from './detectors/impossible_travel';
import { newCountryDetector } from './detectors/new_country';
import { newDeviceDetector } from './detectors/new_device';
import { userRiskThresholdDetector, type RiskChange } from './detectors/user_risk_threshold';
import { filterReasons } from './filters';
import { countedAlerts, currentRisk, pruneRiskAlerts, riskLevelForCount, scoredRiskAt } from './risk';
import { isTakeoverAlert } from './user_risk';
import type { DetectionStats, LoginEvent } from './types';
import { endPastIncident, joinIncident, openIncident } from './verdict/incident';
import { judgeLogin, learnLogin, suspiciousLoginDetector } from './verdict/judge';
import { observationOf, type Observation } from './verdict/observation';
import { MAX_VALUE_LENGTH } from './verdict/user_model';
import type { PopulationContext } from './verdict/population_context';
import {
  asnKey,
  hashString,
  MAX_SOURCE_NAMES,
  pruneEntries,
  rememberEvent,
  sourceNameKey,
  sightAtLogin,
  touchEntryAtLogin,
  type RiskAlertEntry,
  type StoredLogin,
  type UserState,
} from './user_state';

const DAY_MS = 86_400_000;
/** A risk-threshold alert can itself be counted (if configured) and raise the level again; stop the cascade here. */
const MAX_RISK_CASCADE = 3;

export interface Sink {
  alerts: AlertDocument[];
  stats: DetectionStats;
  /** Verdicts below the alerting threshold (default profile). */
  observations: Observation[];
  /** What the verdict learns across users (default profile). */
  population?: PopulationContext;
}

/** BuffaLogs' index name normalisation (elasticsearch_ingestion.py): `fw-…` → `fw-proxy`, else up to the first `-`. */
export function shortIndexName(index: string): string {
  if (index.startsWith('fw-')) return 'fw-proxy';
  const dash = index.indexOf('-');
  return dash < 0 ? index : index.slice(0, dash);
}

/**
 * `from` and `to`: the user's logins are `events[from]` up to `events[to]` (detect passes the whole batch grouped by
 * user, rather than a copy of each user's share: 13 bytes a login less to collect).
 */
export function processUser(
  events: readonly LoginEvent[],
  state: UserState,
  cc: CompiledConfig,
  now: number,
  sink: Sink,
  from = 0,
  to = events.length,
): void {
  const rows = cc.config.baseline.store === 'unique_login_rows';
  state.lastSeenAt = now;
  if (rows) {
    // BuffaLogs purges login rows `login_max_days` after insertion, however active they are (spec §6.3).
    const cutoff = now - cc.config.baseline.retentionDays * DAY_MS;
    if (state.logins.some((r) => (r.insertedAt ?? 0) <= cutoff)) {
      state.logins = state.logins.filter((r) => (r.insertedAt ?? 0) > cutoff);
    }
  }
  // One context for every user (reset here): nothing keeps it past the user's logins, and a new one per user was
  // the batch's largest allocation after the alerts (12 bytes a login).
  const ctx = scratchContext;
  ctx.event = events[from];
  ctx.state = state;
  ctx.cc = cc;
  ctx.country = undefined;
  ctx.mobile = false;
  ctx.trusted = false;
  ctx.anonymous = undefined;
  ctx.hasHistory = false;
  const window = cc.config.baseline.dedupWindow;
  // The user's first and newest login times, read once and kept here as plain numbers (NaN: no login yet): the
  // state's fields may hold undefined, and a time stored there is boxed into a new heap number. firstLoginAt is
  // written back whenever it changes (rarely: the first login, a late one), as the learning-period filter reads it
  // during a login; lastLoginAt, read only after the logins (risk pruning, incidents), once after the loop. The `+`
  // types them as numbers for the optimizing compiler: a field that may hold undefined reads as any value, and the loop
  // then kept `last` as a tagged value, boxing each login's time into it (processUser: 30 → 16 bytes a login).
  let first = +(state.firstLoginAt ?? NaN);
  let last = +(state.lastLoginAt ?? NaN);
  // The address findings of the user's last login that had no anonymiser, with what they were found from: the
  // anonymiser check reads only the config, the address, the AS number and the intelligence category, and the trust
  // only the config, the address and the AS number, so a login with the same three (most logins: the user's usual
  // address, often the very string the reader shared with the previous login) has the same findings, without parsing
  // its address again (a CIDR lookup). Only "none" is remembered: an anonymiser's evidence is a new object per login.
  // Locals of this call, so nothing outlives the user's logins (NaN: nothing remembered; `===` never matches it).
  let noAnonymousIp: unknown = NaN;
  let noAnonymousAsn: unknown = NaN;
  let noAnonymousCategory: unknown = NaN;
  let noAnonymousTrusted = false;
  // The same for the mobile OS list: a function of the agent's OS name.
  let mobileOsName: unknown = NaN;
  let mobileOs = false;
  for (let i = from; i < to; i++) {
    const event = events[i];
    if (rows && !hasBuffaLogsRequiredFields(event)) {
      sink.stats.skipped++;
      continue;
    }
    if (!rememberEvent(state, hashString(event.index, event.id), window)) {
      sink.stats.duplicates++;
      continue;
    }
    // Older than a login already judged (another batch, a backfill): judged all the same, against the state as it is.
    const at = event.timestamp;
    if (at < last) sink.stats.outOfOrder++;
    ctx.event = event;
    ctx.hasHistory = !Number.isNaN(last);
    const geo = event.geo;
    const country = rows ? geo?.countryName : geo ? (geo.countryIso ?? geo.countryName) : undefined;
    // A country longer than the state holds (a hostile log line's megabyte) is none: neither learned nor compared.
    ctx.country = country !== undefined && country.length > MAX_VALUE_LENGTH ? undefined : country;
    const osName = event.userAgent?.osName;
    if (osName !== mobileOsName) {
      mobileOsName = osName;
      mobileOs = osName !== undefined && cc.mobileOs.has(osName);
    }
    ctx.mobile = mobileOs;
    const ip = event.ip;
    const asn = event.asn?.number;
    const category = event.intelligenceCategory;
    if (ip === noAnonymousIp && asn === noAnonymousAsn && category === noAnonymousCategory) {
      ctx.anonymous = null;
      ctx.trusted = noAnonymousTrusted;
    } else {
      // Evaluated once per login: the trust below, the verdict and the population learning all ask (a CIDR lookup).
      ctx.anonymous = anonymousIpDetector.evaluate(ctx) ?? null;
      // An anonymiser's address is never trusted, whatever the lists say (a Tor exit inside a trusted range stays Tor).
      ctx.trusted =
        ((ip !== undefined && cc.trustedCidrs.size > 0 && cc.trustedCidrs.has(ip)) ||
          (asn !== undefined && cc.trustedAsns.has(asn))) &&
        ctx.anonymous === null;
      if (ctx.anonymous === null) {
        noAnonymousIp = ip;
        noAnonymousAsn = asn;
        noAnonymousCategory = category;
        noAnonymousTrusted = ctx.trusted;
      } else noAnonymousIp = NaN;
    }
    if (rows) processRowLogin(ctx, now, sink);
    else processAttributeLogin(ctx, now, sink);
    if (event.sourceUser !== undefined)
      touchEntryAtLogin((state.names ??= []), sourceNameKey(event.dataset, event.sourceUser), event, MAX_SOURCE_NAMES);
    if (!(at >= first)) first = state.firstLoginAt = event.timestamp;
    if (!(at <= last)) last = at;
  }
  if (!Number.isNaN(last) && state.lastLoginAt !== last) state.lastLoginAt = last;
  if (!rows && !Number.isNaN(last)) {
    // Only memory: lookups already ignore entries older than the retention (so batch boundaries change nothing).
    const cutoff = last - cc.config.baseline.retentionDays * DAY_MS;
    state.countries = pruneEntries(state.countries, cutoff);
    state.devices = pruneEntries(state.devices, cutoff);
    state.ips = pruneEntries(state.ips, cutoff);
    state.asns = pruneEntries(state.asns, cutoff);
  }
  pruneRiskAlerts(state, cc, now);
  if (cc.config.risk.model === 'alert_scores' && !Number.isNaN(last) && state.risk.score > 0) {
    // Stored as of the user's newest login: what the alerts left of it has faded since the last alert.
    state.risk = scoredRiskAt(state, cc, last);
  }
  if (state.incident !== undefined) endPastIncident(state, cc); // verdict/incident.ts
}

/** processUser's context, reused user after user (every field set there first). */
const scratchContext: LoginContext = {
  event: undefined as unknown as LoginEvent,
  state: undefined as unknown as UserState,
  cc: undefined as unknown as CompiledConfig,
  country: undefined,
  mobile: false,
  trusted: false,
  anonymous: undefined,
  hasHistory: false,
};

/**
 * BuffaLogs' normalisation keeps a login only if timestamp, ip, country, lat and lon are truthy (0 is falsy); a country
 * name longer than the state holds is none (processUser).
 */
function hasBuffaLogsRequiredFields(e: LoginEvent): boolean {
  return (
    !!e.ip &&
    !!e.geo &&
    !!e.geo.countryName &&
    e.geo.countryName.length <= MAX_VALUE_LENGTH &&
    !!e.geo.lat &&
    !!e.geo.lon
  );
}

/** BuffaLogs' check_fields against unique-login rows (spec §2.3). */
function processRowLogin(ctx: LoginContext, now: number, sink: Sink): void {
  const { event, state, cc } = ctx;
  if (ctx.anonymous) raise(ctx, anonymousIpDetector, ctx.anonymous, now, sink, 0); // evaluated by processUser
  const index = shortIndexName(event.index);
  const ua = event.userAgent?.original ?? '';
  const uaKey = hashString(ua);
  const geo = event.geo!;
  const country = ctx.country!;
  if (!state.logins.some((r) => r.index === index)) {
    // First login of the user in this index: learnt silently, no device/country/travel checks.
    insertRow(ctx, index, uaKey, now);
    touchEntryAtLogin(state.ips, event.ip!, event, cc.config.baseline.maxIps);
    return;
  }
  if (ua) fire(ctx, newDeviceDetector, now, sink);
  if (!fire(ctx, newCountryDetector, now, sink)) fire(ctx, atypicalCountryDetector, now, sink);
  fire(ctx, impossibleTravelDetector, now, sink); // BuffaLogs: only for an IP new to the user (onlyNewIp)
  touchEntryAtLogin(state.ips, event.ip!, event, cc.config.baseline.maxIps);
  const row = state.logins.find((r) => r.index === index && r.country === country && r.uaKey === uaKey);
  if (row) {
    // An existing combination: the row now describes this login (its fingerprint is kept, as BuffaLogs).
    row.at = event.timestamp;
    row.lat = geo.lat;
    row.lon = geo.lon;
    row.eventId = event.id;
    row.ip = event.ip;
    row.accuracyKm = geo.accuracyRadiusKm;
    row.city = geo.cityName;
    row.countryIso = geo.countryIso;
    row.asn = event.asn?.number;
    row.asOrg = event.asn?.organization;
    row.mobile = ctx.mobile;
  } else {
    insertRow(ctx, index, uaKey, now);
  }
}

function insertRow(ctx: LoginContext, index: string, uaKey: number, now: number): void {
  const { event, state, cc } = ctx;
  const login = storedLogin(ctx);
  login.index = index;
  login.uaKey = uaKey;
  login.fingerprint = event.userAgent?.original ? event.userAgent.fingerprint : UNKNOWN_FINGERPRINT;
  login.seq = state.nextSeq++;
  login.insertedAt = now;
  state.logins.push(login);
  if (state.logins.length > cc.config.baseline.maxRecentLogins) {
    let oldest = 0;
    for (let i = 1; i < state.logins.length; i++) if (state.logins[i].at < state.logins[oldest].at) oldest = i;
    state.logins.splice(oldest, 1);
  }
}

/** The default model: bounded per-attribute baselines and the most recent logins in time order. */
function processAttributeLogin(ctx: LoginContext, now: number, sink: Sink): void {
  const { event, state, cc } = ctx;
  const limits = cc.config.baseline;
  if (sink.population) {
    // The verdict: one alert per suspicious login, weaker findings as an observation (server/detection/verdict/).
    const verdict = judgeLogin(ctx, sink.population);
    if (verdict && verdict.score >= verdict.threshold) {
      // Incidents (verdict/incident.ts): a suspicious login within minutes of the user's open incident updates that
      // incident's alert instead of raising another; otherwise it raises its own and opens an incident.
      if (!joinIncident(ctx, verdict, now, sink.alerts)) {
        const position = sink.alerts.length;
        raise(ctx, suspiciousLoginDetector, verdict, now, sink, 0);
        openIncident(ctx, sink.alerts, position);
      }
    } else if (verdict && verdict.score > 0) {
      const observations = sink.observations;
      observations[observations.length] = observationOf(event, verdict); // appended as raise's alerts (see there)
    }
  } else if (ctx.anonymous) {
    raise(ctx, anonymousIpDetector, ctx.anonymous, now, sink, 0); // evaluated by processUser
  }
  if (ctx.hasHistory && !sink.population) {
    // Not the user's first login: judge it against the history.
    fire(ctx, newDeviceDetector, now, sink);
    if (!fire(ctx, newCountryDetector, now, sink)) fire(ctx, atypicalCountryDetector, now, sink);
    fire(ctx, impossibleTravelDetector, now, sink);
  }
  // touchEntryAtLogin reads the login's time itself: passed as a number, it was boxed at each login.
  // sightAtLogin: a new user's first device, country and AS as a one-entry list, not a push into the empty one.
  if (event.userAgent?.original)
    state.devices = sightAtLogin(state.devices, event.userAgent.fingerprint, event, limits.maxDevices);
  if (ctx.country !== undefined)
    state.countries = sightAtLogin(state.countries, ctx.country, event, limits.maxCountries);
  const ip = event.ip !== undefined ? touchEntryAtLogin(state.ips, event.ip, event, limits.maxIps) : undefined;
  // asnKey: the same String(number), cached, instead of a new string per login.
  if (event.asn?.number !== undefined)
    state.asns = sightAtLogin(state.asns, asnKey(event.asn.number), event, limits.maxAsns);
  // A login from a trusted network (VPN egress) is never a travel end, so it need not be remembered for travel.
  if (event.geo && !ctx.trusted) recordRecentLogin(ctx, limits.maxRecentLogins);
  if (sink.population) learnLogin(ctx, sink.population, ip);
}

/**
 * Adds the login to `logins`, kept ascending by time and at most `max` long (the oldest goes). When full, the evicted
 * object is refilled rather than a new one allocated: in steady state recording a login allocates nothing.
 */
function recordRecentLogin(ctx: LoginContext, max: number): void {
  const logins = ctx.state.logins;
  const at = ctx.event.timestamp;
  let i = logins.length;
  while (i > 0 && logins[i - 1].at > at) i--;
  if (i === 0 && logins.length >= max) return; // older than everything kept: nothing later will compare with it
  const length = logins.length;
  if (length === max && i === length) {
    // Full, and the newest (the usual case): slide the others down in place and refill the evicted object at the
    // end. shift + push would left-trim the array's store and make the push grow a new one.
    const evicted = logins[0];
    for (let k = 1; k < length; k++) logins[k - 1] = logins[k];
    logins[length - 1] = fillStoredLogin(evicted, ctx);
    return;
  }
  let login: StoredLogin;
  if (logins.length >= max) {
    login = fillStoredLogin(logins.shift()!, ctx);
    i--;
  } else {
    login = storedLogin(ctx);
  }
  if (i === logins.length) logins.push(login);
  else logins.splice(i, 0, login);
}

function fillStoredLogin(l: StoredLogin, ctx: LoginContext): StoredLogin {
  const { event } = ctx;
  const geo = event.geo!;
  l.at = event.timestamp;
  l.eventId = event.id;
  l.index = event.index;
  l.ip = event.ip;
  l.lat = geo.lat;
  l.lon = geo.lon;
  l.accuracyKm = geo.accuracyRadiusKm;
  l.country = ctx.country;
  l.countryName = geo.countryName;
  l.countryIso = geo.countryIso;
  l.city = geo.cityName;
  l.asn = event.asn?.number;
  l.asOrg = event.asn?.organization;
  l.mobile = ctx.mobile;
  l.trusted = ctx.trusted || undefined;
  l.fingerprint = undefined;
  l.uaKey = undefined;
  l.seq = undefined;
  l.insertedAt = undefined;
  return l;
}

function storedLogin(ctx: LoginContext): StoredLogin {
  const { event } = ctx;
  const geo = event.geo!;
  // Same fields in the same order as makeStoredLogin: one object shape for every stored login.
  return {
    at: event.timestamp,
    eventId: event.id,
    index: event.index,
    ip: event.ip,
    lat: geo.lat,
    lon: geo.lon,
    accuracyKm: geo.accuracyRadiusKm,
    country: ctx.country,
    countryName: geo.countryName,
    countryIso: geo.countryIso,
    city: geo.cityName,
    asn: event.asn?.number,
    asOrg: event.asn?.organization,
    mobile: ctx.mobile,
    trusted: ctx.trusted || undefined,
    fingerprint: undefined,
    uaKey: undefined,
    seq: undefined,
    insertedAt: undefined,
  };
}

/** Runs a login detector; when it fires, produces its alert. Returns whether it fired. */
function fire<E extends AlertEvidence>(
  ctx: LoginContext,
  detector: Detector<LoginContext, E>,
  now: number,
  sink: Sink,
): boolean {
  const evidence = detector.evaluate(ctx);
  if (evidence === undefined) return false;
  raise(ctx, detector, evidence, now, sink, 0);
  return true;
}

/**
 * BuffaLogs' set_alert: filter the alert (it is produced either way), count it for risk, and raise a
 * user-risk-threshold alert right after it when the level rises to the threshold.
 */
function raise<I, E extends AlertEvidence>(
  ctx: LoginContext,
  detector: Detector<I, E>,
  evidence: E,
  now: number,
  sink: Sink,
  depth: number,
): void {
  const { event, state, cc } = ctx;
  const rule = detector.id;
  const riskConf = cc.config.risk;
  const before = currentRisk(state, cc, event.timestamp, now);
  const reasons = filterReasons({ ctx, rule, evidence, riskBefore: before.level, now });
  const filtered = reasons.length > 0;
  const id = alertId(event.user, rule, event, evidence.kind === 'risk' ? (evidence as RiskEvidence).level : undefined);

  const scored = riskConf.model === 'alert_scores';
  const entry: RiskAlertEntry = { rule, at: event.timestamp, createdAt: now };
  if (scored) {
    entry.score = alertRiskScore(evidence, detector.severity(evidence));
    if (isTakeoverAlert(evidence)) entry.takeover = true; // absent when false: 64 of them in a state
  }
  // Appended by an indexed store, not push: a list still empty (a new user's, the batch's alerts) holds small
  // integers as far as the engine knows, and the optimized push of an object onto it is thrown away (the first such
  // push in each batch recompiled raise), where an indexed store changes the list's kind in place.
  const riskAlerts = state.riskAlerts;
  riskAlerts[riskAlerts.length] = entry;
  if (riskAlerts.length > cc.config.baseline.maxRiskAlerts) riskAlerts.shift();
  let change: RiskChange | undefined;
  if (scored) {
    // The score model raises no risk alert: every alert that makes the score is itself an open alert.
    state.risk = currentRisk(state, cc, event.timestamp, now);
  } else if (riskConf.recomputeOn === 'every_alert') {
    const after = currentRisk(state, cc, event.timestamp, now);
    state.risk = after;
    if (cc.countedRules.has(rule)) change = riskChange(before.level, after.level, after.score, id, rule, cc);
  } else if (!filtered) {
    const score = countedAlerts(state, cc, event.timestamp, now);
    const level = riskLevelForCount(score, riskConf);
    const previous = state.risk.level;
    state.risk = { level, score };
    change = riskChange(previous, level, score, id, rule, cc);
  }

  const alert = buildAlertDocument({
    id,
    event,
    rule: { id: rule, name: detector.name, description: detector.description },
    message: detector.message(event.user, evidence),
    severity: detector.severity(evidence),
    evidence,
    filterReasons: reasons,
    risk: state.risk,
    profile: cc.config.profile,
    now,
  });
  const alerts = sink.alerts;
  alerts[alerts.length] = alert;
  sink.stats.alerts++;
  if (filtered) sink.stats.filteredAlerts++;

  if (change && depth < MAX_RISK_CASCADE) {
    const riskEvidence = userRiskThresholdDetector.evaluate(change);
    if (riskEvidence) raise(ctx, userRiskThresholdDetector, riskEvidence, now, sink, depth + 1);
  }
}

function riskChange(
  previous: RiskChange['previous'],
  level: RiskChange['level'],
  score: number,
  causedByAlertId: string,
  causedByRule: RiskChange['causedByRule'],
  cc: CompiledConfig,
): RiskChange {
  return { previous, level, score, threshold: cc.config.risk.alertAtLevel, causedByAlertId, causedByRule };
}
