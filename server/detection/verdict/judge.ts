/**
 * The default profile's verdict on one login (issue 12): run the detectors, establish the context (the user's
 * devices and networks, the organisation's networks, the population, the journey from the previous login), turn the
 * findings into weighted signals (signals.ts) and score them. The engine raises one `suspicious_login` alert when the
 * score reaches `verdict.alertThreshold`; a lower score with any signal is an observation.
 *
 * Why one rule id (`suspicious_login`) rather than the strongest signal's: the alert is the verdict on a login, not a
 * detector's finding — a takeover is "new device + new network + rare country", and calling it "new device" would
 * hide the rest; the signals (with their detector ids) are in the evidence, and the user's risk counts one alert per
 * suspicious login instead of three.
 */
import type { NoveltyEvidence, SessionEvidence, VerdictEvidence } from '../../../common/alert_document';
import type { VerdictConfig } from '../../../common/detection_config';
import { ANY_NUMBER } from '../../../common/number_layout';
import { knownDevices, travelBaseline } from '../baselines';
import type { OrgNetwork } from '../context/org_networks';
import { anonymousIpDetector } from '../detectors/anonymous_ip';
import { atypicalCountryDetector } from '../detectors/atypical_country';
import { placeOfEvent, placeOfStored, type LoginContext, type LoginDetector } from '../detectors/detector';
import { impossibleTravelDetector } from '../detectors/impossible_travel';
import { newCountryDetector } from '../detectors/new_country';
import { newDeviceDetector } from '../detectors/new_device';
import { distanceKm } from '../geo';
import {
  asnKey,
  findEntry,
  hashString,
  knownValues,
  touchEntry,
  type BaselineEntry,
  type StoredLogin,
} from '../user_state';
import type { PopulationContext } from './population_context';
import { loginSignals, verdictScore, verdictWhy, type LoginFacts } from './signals';
import { learnHabits, newHabitModel, scoreHabits, type HabitLogin } from './user_model';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Below this, two places are one as far as GeoIP can tell (city-level error), so a "far away" session is not. */
const SESSION_MIN_KM = 100;

export const suspiciousLoginDetector: LoginDetector<VerdictEvidence> = {
  id: 'suspicious_login',
  name: 'Suspicious login',
  description:
    "The login's signals (new device, new network or country, impossible travel, anonymiser…), weighed in the context " +
    'learned from the data, reach the alerting threshold.',
  evaluate: () => undefined, // the verdict is computed by judgeLogin, with the population context
  severity: (e) => (e.score >= 80 ? 'high' : e.score >= 60 ? 'medium' : 'low'),
  message: (user, e) => `Suspicious login for ${user}: ${e.why}`,
};

const live = (list: readonly BaselineEntry[] | undefined, value: string, cutoff: number) => {
  const e = list ? findEntry(list, value) : undefined;
  return e !== undefined && e.last >= cutoff;
};

/** Every field from the start: one object shape for every login keeps the hot path monomorphic. */
const scratchFacts: LoginFacts = {
  knownDevice: false,
  ownNetwork: false,
  anonymous: undefined,
  newDevice: undefined,
  upgradeOf: undefined,
  newNetwork: undefined,
  newNetworkForDevice: undefined,
  newCountry: undefined,
  atypicalCountry: undefined,
  countryRarity: undefined,
  networkRarity: undefined,
  travel: undefined,
  journey: undefined,
  session: undefined,
  orgHere: undefined,
  orgFrom: undefined,
  exitHere: undefined,
  exitFrom: undefined,
  unfamiliarAddress: undefined,
  habits: undefined,
};

/**
 * The anonymiser evidence of the login: the engine evaluates it once per login (`ctx.anonymous`, null when none);
 * a context built without it (a test's) evaluates it here.
 */
function anonymousOf(ctx: LoginContext) {
  return ctx.anonymous === undefined ? anonymousIpDetector.evaluate(ctx) : (ctx.anonymous ?? undefined);
}

/**
 * The facts of signals.ts for this login, read from the user's state BEFORE the login is recorded. The object is
 * reused by the next call: read it before judging another login.
 */
export function loginFacts(ctx: LoginContext, population: PopulationContext): LoginFacts {
  const { event, state, cc, country } = ctx;
  const at = event.timestamp;
  const cutoff = at - cc.config.baseline.retentionDays * DAY_MS;
  const v = cc.config.verdict;
  const hasHistory = ctx.hasHistory ?? state.lastLoginAt !== undefined;
  const ua = event.userAgent?.original ? event.userAgent : undefined;
  // Device continuity needs the device itself: the exact agent string, not BuffaLogs' fingerprint (which ignores the
  // browser's version, so an attacker's current Chrome on Windows "is" the victim's two-versions-old one).
  // No closure in this function: one capturing a local (`cutoff`) made V8 allocate a context, and box `cutoff` in it,
  // on every call — some 60 bytes a login, the verdict's largest allocation.
  // One object reused for every login (reset here, field by field): the facts never outlive the verdict on their
  // login — signals keep the evidence objects they point to, never the facts — and a fresh 17-field object per login
  // was the core's largest allocation.
  const facts = scratchFacts;
  // The verdict runs with per-attribute baselines only (index.ts), where a known device is a live `devices` entry:
  // read here against `cutoff` rather than through hasDevice, whose time argument cost a boxed number a login.
  facts.knownDevice =
    ua !== undefined && liveHabit(state.habits, agentKey(ua), cutoff) && live(state.devices, ua.fingerprint, cutoff);
  facts.ownNetwork = false;
  facts.anonymous = anonymousOf(ctx);
  facts.newDevice = undefined;
  facts.upgradeOf = undefined;
  facts.newNetwork = undefined;
  facts.newNetworkForDevice = undefined;
  facts.newCountry = undefined;
  facts.atypicalCountry = undefined;
  facts.countryRarity = undefined;
  facts.networkRarity = undefined;
  facts.travel = undefined;
  facts.journey = undefined;
  facts.session = undefined;
  facts.orgHere = undefined;
  facts.orgFrom = undefined;
  facts.exitHere = undefined;
  facts.exitFrom = undefined;
  facts.unfamiliarAddress = undefined;
  facts.habits = undefined;
  if (!hasHistory) return facts;

  // A known device (its agent and fingerprint both live, checked above) is never new: the usual login skips the scans.
  facts.newDevice = facts.knownDevice ? undefined : newDeviceDetector.evaluate(ctx);
  if (facts.newDevice && ua) facts.upgradeOf = upgradeOf(ua.fingerprint, knownDevicesOf(ctx));
  // A country the user logged in from fewer than atypicalCountry.days ago is neither new nor atypical: one lookup
  // answers for the usual login, instead of the two detectors' three scans of the countries. (baselines.ts
  // lastSeenInCountry for per-attribute baselines, read here: its `number | undefined` made V8 box the time into a
  // new heap number at every login, and so did every number passed below to a function not inlined — `at` and
  // `cutoff` are therefore recomputed from `ctx` by the callees of the rarer paths.)
  const seen = country !== undefined ? findEntry(state.countries, country) : undefined;
  if (
    seen === undefined ||
    !(seen.last >= cutoff) ||
    !(Math.floor((at - seen.last) / DAY_MS) < cc.config.atypicalCountry.days)
  ) {
    facts.newCountry = newCountryDetector.evaluate(ctx);
    if (!facts.newCountry) facts.atypicalCountry = atypicalCountryDetector.evaluate(ctx);
  }
  if (facts.newCountry && country !== undefined)
    facts.countryRarity = { value: country, rarity: population.share('country', country, false) };

  const asn = event.asn?.number;
  if (asn !== undefined) {
    const key = asnKey(asn);
    // One scan for both: whether the AS is the user's (its first entry, as findEntry) and whether any AS is live.
    const asns = state.asns;
    let found = false;
    let anyAsn = false;
    for (let i = 0; i < asns.length; i++) {
      const e = asns[i];
      const isLive = e.last >= cutoff;
      if (isLive) anyAsn = true;
      if (!found && e.value === key) {
        found = true;
        facts.ownNetwork = isLive;
      }
    }
    if (anyAsn && !facts.ownNetwork) {
      facts.newNetwork = novelty('asn', key, liveSince(state.asns, ctx));
      facts.networkRarity = { value: key, rarity: population.share('asn', asn, false) };
    } else if (facts.ownNetwork && ua?.device && facts.newDevice && state.habits) {
      // Only a new device can be alerted on for it (30 + 20), so the habit is only read then: it costs a scan.
      facts.newNetworkForDevice = deviceNetworkNovelty(state.habits, ua.device, key, ctx);
    }
  }

  facts.travel = impossibleTravelDetector.evaluate(ctx);
  // An agent the user never used (a new device, or a known one updated) on an address the user never used: a
  // phisher's or sprayer's browser "like the victim's" on their own ISP's or a hosting range (see signals.ts).
  const strangeAgent = ua !== undefined && !facts.knownDevice;
  // The context below only changes the weight of place signals: most logins have none and skip it (hot path).
  const placeSignal =
    facts.travel ||
    facts.newCountry ||
    facts.atypicalCountry ||
    facts.newNetwork ||
    facts.newNetworkForDevice ||
    strangeAgent;
  if (!placeSignal) return facts;
  // A network trusted in Settings is the organisation's by the analyst's word (issue 12: "trust it organisation-wide").
  facts.orgHere = ctx.trusted ? trustedNetwork(ctx) : population.orgNetwork(event.ip, asn);
  // Why a network many colleagues use is not trusted (said in the evidence): a VPN provider's rotating exit.
  if (!facts.orgHere && !ctx.trusted) facts.exitHere = population.rotatingExit(event.ip);
  if (strangeAgent && event.ip !== undefined && !facts.orgHere)
    facts.unfamiliarAddress = unfamiliarAddress(ctx, population);
  const prev = travelBaselineOf(ctx);
  const geo = event.geo;
  if (prev && geo) {
    const d = journeyKm(cc, prev, geo);
    const elapsedMs = at - prev.at;
    const journey = {
      distanceKm: ANY_NUMBER, // overwritten at once (common/number_layout.ts)
      elapsedMs,
      plausible: elapsedMs / HOUR_MS >= journeyHours(d, v),
      sameCountry: country !== undefined && prev.country === country,
    };
    journey.distanceKm = d;
    facts.journey = journey;
    facts.orgFrom = population.orgNetwork(prev.ip, prev.asn);
    stolenSession(ctx, facts, prev, journey, population);
  }
  return facts;
}

/**
 * The stolen-session facts (`session`, `exitFrom`): a known device, far away, faster than any journey, within
 * `sessionMinutes` of the previous login, on a network the user never used. Called for every login with a journey,
 * and tested here: a stolen session is rare, the first one long after loginFacts was optimised, and code reached for
 * the first time in an optimised function throws that code away (V8 had no feedback for it). This call is reached
 * early, and only on the logins with a place signal and a journey: too few for V8 to inline it into loginFacts, so
 * the deopt, if any, is this small function's.
 */
function stolenSession(
  ctx: LoginContext,
  facts: LoginFacts,
  prev: StoredLogin,
  journey: NonNullable<LoginFacts['journey']>,
  population: PopulationContext,
): void {
  const { event } = ctx;
  const d = journey.distanceKm;
  const elapsedMs = journey.elapsedMs;
  const ua = event.userAgent;
  if (
    !facts.knownDevice ||
    !ua ||
    journey.plausible ||
    !(d > SESSION_MIN_KM) ||
    !(elapsedMs <= ctx.cc.config.verdict.sessionMinutes * 60_000) ||
    !facts.newNetwork
  )
    return;
  const session: SessionEvidence = {
    kind: 'session',
    device: ua.fingerprint,
    from: placeOfStored(prev),
    to: placeOfEvent(event),
    distance_km: Math.round(d),
    elapsed_seconds: elapsedMs / 1000,
    new_network: `AS${event.asn?.number}`,
  };
  facts.session = session;
  if (!facts.orgFrom && !prev.trusted) facts.exitFrom = population.rotatingExit(prev.ip);
}

/**
 * The new_network_for_device novelty: the login's AS is the user's, never with this kind of device (while the kind
 * has a live habit). One function for the test and the finding: the finding is rare, and reached for the first time
 * inside loginFacts' optimised code it threw that code away (see stolenSession); this call is reached whenever a new
 * device is on a known network.
 */
function deviceNetworkNovelty(
  pairs: readonly BaselineEntry[],
  kind: string,
  asKey: string,
  ctx: LoginContext,
): NoveltyEvidence | undefined {
  const pair = `${kind}|${asKey}`;
  if (!knowsKind(pairs, `${kind}|`, ctx) || live(pairs, pair, cutoffOf(ctx))) return undefined;
  return novelty('device_network', pair, liveSince(pairs, ctx));
}

/** The oldest time the baselines remember at the login (its retention), from `ctx`: see loginFacts. */
const cutoffOf = (ctx: LoginContext): number => ctx.event.timestamp - ctx.cc.config.baseline.retentionDays * DAY_MS;
const knownDevicesOf = (ctx: LoginContext) => knownDevices(ctx.state, ctx.event.timestamp, ctx.cc, 50).known;
const travelBaselineOf = (ctx: LoginContext) => travelBaseline(ctx.state, ctx.event.timestamp, ctx.cc);

/** The entries seen within the retention. */
function liveSince(list: readonly BaselineEntry[], ctx: LoginContext): BaselineEntry[] {
  const cutoff = cutoffOf(ctx);
  const out: BaselineEntry[] = [];
  for (let i = 0; i < list.length; i++) if (list[i].last >= cutoff) out.push(list[i]);
  return out;
}

/** Whether a device kind × network habit of this kind (`prefix`: "<kind>|") was seen within the retention. */
function knowsKind(pairs: readonly BaselineEntry[], prefix: string, ctx: LoginContext): boolean {
  const cutoff = cutoffOf(ctx);
  for (let i = 0; i < pairs.length; i++) if (pairs[i].last >= cutoff && pairs[i].value.startsWith(prefix)) return true;
  return false;
}

/** The distance between two logins, less both GeoIP accuracy radii (what the places cannot tell apart). */
function journeyKm(
  cc: LoginContext['cc'],
  prev: StoredLogin,
  geo: { lat: number; lon: number; accuracyRadiusKm?: number },
): number {
  const raw = distanceKm(cc.config.impossibleTravel.distance, prev.lat, prev.lon, geo.lat, geo.lon);
  return Math.max(0, raw - (prev.accuracyKm ?? 0) - (geo.accuracyRadiusKm ?? 0));
}

/** The hours a person needs to cover `km`: by plane with the airports' overhead, or by ground when shorter. */
function journeyHours(km: number, v: VerdictConfig): number {
  return Math.min(km / v.groundSpeedKmh, km / v.journeySpeedKmh + v.journeyOverheadHours);
}

/**
 * Learns whether this login (an address new to the user, on the organisation's network) arrived there from a network
 * that is not the organisation's, in another country, faster than any journey: the person stayed where they were and
 * the organisation's address is an egress far from them (VPN concentrator, virtual desktop). Enough colleagues doing
 * it make the prefix an egress (PopulationContext.orgNetwork); the stolen-session signal then discounts a previous
 * login there (signals.ts). An office's NAT is where its users are: they reach it at a journey's speed.
 */
function learnFarArrival(ctx: LoginContext, population: PopulationContext): void {
  const { event, state, cc } = ctx;
  const geo = event.geo;
  if (!geo || ctx.trusted || event.ip === undefined || ctx.country === undefined) return;
  let prev: StoredLogin | undefined;
  for (const l of state.logins)
    if (l.eventId !== event.id && !l.trusted && l.at <= event.timestamp && (!prev || l.at > prev.at)) prev = l;
  // Most new addresses are in the country of the previous login: no lookup.
  if (!prev || prev.country === undefined || prev.country === ctx.country) return;
  if (!population.orgNetwork(event.ip, event.asn?.number)) return;
  if (population.orgNetwork(prev.ip, prev.asn)) return; // from another of its networks: neither end is a place
  const d = journeyKm(cc, prev, geo);
  if (d <= SESSION_MIN_KM || (event.timestamp - prev.at) / HOUR_MS >= journeyHours(d, cc.config.verdict)) return;
  population.observeFarArrival(event.ip, event.user, event.timestamp);
}

/** The trusted network (Settings) this login matched: its address when a trusted range holds it, else its AS. */
function trustedNetwork(ctx: LoginContext): OrgNetwork {
  const { event, cc } = ctx;
  const byRange = event.ip !== undefined && cc.trustedCidrs.has(event.ip);
  return {
    kind: byRange ? 'prefix' : 'asn',
    value: byRange ? event.ip! : `AS${event.asn!.number}`,
    users: 0,
    saturated: false,
    trusted: true,
  };
}

/**
 * The login's /24 or /48 when the user never logged in from it (their remembered addresses) and it is not a mobile
 * carrier's range on a phone — a carrier hands each session another address, so a phone there is ordinary.
 */
function unfamiliarAddress(ctx: LoginContext, population: PopulationContext): NoveltyEvidence | undefined {
  const { event, state } = ctx;
  const cutoff = cutoffOf(ctx);
  const device = event.userAgent?.device;
  if ((device === 'mobile' || device === 'tablet') && population.isCarrier(event.asn?.number)) return undefined;
  const prefix = population.prefixOfIp(event.ip!);
  if (prefix === undefined) return undefined;
  const known: BaselineEntry[] = [];
  for (const e of state.ips) {
    if (e.last < cutoff) continue;
    if (population.prefixOfIp(e.value) === prefix) return undefined;
    known.push(e);
  }
  if (known.length === 0) return undefined;
  return {
    kind: 'novelty',
    field: 'address_prefix',
    value: prefix,
    known: knownValues(known, 10),
    known_count: known.length,
  };
}

/** The habit key of an exact user agent (hashed: agents are long and hostile). "Mark safe" teaches it too. */
export const agentHabitKey = (original: string): string => `ua#${hashString(original)}`;

/** agentHabitKey, cached per parsed agent (parsed agents are shared). */
const agentKeys = new WeakMap<object, string>();
/** The last agent asked for: loginFacts and learnLogin ask for the same login's in a row (a WeakMap lookup saved). */
let lastAgent: object | undefined;
let lastAgentKey = '';
function agentKey(ua: { original: string }): string {
  if (ua === lastAgent) return lastAgentKey;
  let key = agentKeys.get(ua);
  if (key === undefined) {
    key = agentHabitKey(ua.original);
    agentKeys.set(ua, key);
  }
  lastAgent = ua;
  lastAgentKey = key;
  return key;
}

const pairKeys = new WeakMap<object, Map<number, string>>();
/**
 * The last few pairs asked for: a user's logins are judged in a row, mostly with one to three agents on one or two
 * networks, so a small ring answers nearly every login without the two map lookups (the per-agent maps hold every AS
 * seen with that agent: thousands, and a lookup there is a cache miss).
 */
const RING = 4;
const ringUa: Array<object | undefined> = new Array<object | undefined>(RING).fill(undefined);
const ringAsn: number[] = new Array<number>(RING).fill(-1);
const ringKey: string[] = new Array<string>(RING).fill('');
let ringNext = 0;
/** `<device kind>|<AS number>`, cached per parsed agent (building the string per login shows in the profile). */
function pairKey(ua: { device?: string }, asn: number): string {
  for (let i = 0; i < RING; i++) if (ringUa[i] === ua && ringAsn[i] === asn) return ringKey[i];
  let byAsn = pairKeys.get(ua);
  if (!byAsn) pairKeys.set(ua, (byAsn = new Map()));
  let key = byAsn.get(asn);
  if (key === undefined) byAsn.set(asn, (key = `${ua.device}|${asn}`));
  ringUa[ringNext] = ua;
  ringAsn[ringNext] = asn;
  ringKey[ringNext] = key;
  ringNext = (ringNext + 1) % RING;
  return key;
}

/**
 * touchEntry for the habits, searched from the end, where a hit is moved: a user's everyday agent and network stay
 * last, so the usual login finds them at once instead of scanning the list.
 */
/** A habit seen since `cutoff`, searched from the end where touchHabit keeps the everyday ones. */
function liveHabit(list: readonly BaselineEntry[] | undefined, value: string, cutoff: number): boolean {
  if (!list) return false;
  for (let i = list.length - 1; i >= 0; i--)
    if (list[i].value === value) {
      habitHit = list;
      habitHitAt = i;
      return list[i].last >= cutoff;
    }
  return false;
}

/**
 * Where liveHabit last found a value (the login's agent): learnLogin's touchHabit of that same agent, on the same
 * list, starts there instead of scanning again. Checked before use and used once, so it can never be stale.
 */
let habitHit: readonly BaselineEntry[] | undefined;
let habitHitAt = -1;

/** `event`: the login, whose time is read here (a time passed as an argument was boxed by every caller). */
function touchHabit(list: BaselineEntry[], value: string, event: { timestamp: number }, max: number): void {
  const at = event.timestamp;
  const last = list.length - 1;
  // The hint is the same index the scan from the end would reach: nothing touches the habits in between.
  const hinted = habitHit === list && habitHitAt <= last && list[habitHitAt].value === value ? habitHitAt : last;
  habitHit = undefined;
  for (let i = hinted; i >= 0; i--) {
    const e = list[i];
    if (e.value !== value) continue;
    e.count++;
    if (at > e.last) e.last = at;
    if (at < e.first) e.first = at;
    if (i !== last) {
      list[i] = list[last];
      list[last] = e;
    }
    return;
  }
  touchEntry(list, value, at, max);
}

function novelty(field: string, value: string, known: readonly BaselineEntry[]): NoveltyEvidence {
  return { kind: 'novelty', field, value, known: knownValues(known, 10), known_count: known.length };
}

/** A known fingerprint with the same OS, device type and browser and another OS major version (an OS update). */
export function upgradeOf(fingerprint: string, known: readonly string[]): string | undefined {
  const parts = fingerprint.split('-');
  if (parts.length !== 4) return undefined;
  return known.find((k) => {
    const o = k.split('-');
    return o.length === 4 && o[0] === parts[0] && o[2] === parts[2] && o[3] === parts[3] && o[1] !== parts[1];
  });
}

/** The verdict on a login: its signals, score and sentence; undefined when no signal fired. */
export function judgeLogin(ctx: LoginContext, population: PopulationContext): VerdictEvidence | undefined {
  const v = ctx.cc.config.verdict;
  const f = loginFacts(ctx, population);
  // Most logins: nothing found, nothing to weigh (hot path).
  if (
    !f.anonymous &&
    !f.newDevice &&
    !f.newNetwork &&
    !f.newNetworkForDevice &&
    !f.newCountry &&
    !f.atypicalCountry &&
    !f.travel &&
    !f.unfamiliarAddress
  )
    return undefined;
  // The per-user habit model refines a login another signal found (user_model.ts says why not alone).
  f.habits = habitsOf(ctx, f);
  const signals = loginSignals(f, v);
  if (signals.length === 0) return undefined;
  const score = verdictScore(signals);
  const verdict: VerdictEvidence = {
    kind: 'verdict',
    score: ANY_NUMBER, // overwritten at once (common/number_layout.ts: whole scores, then 42.5)
    threshold: v.alertThreshold,
    signals,
    why: verdictWhy(score, v.alertThreshold, signals),
  };
  verdict.score = score;
  return verdict;
}

/**
 * The habit model's judgement of this login (user_model.ts), its place features discounted in the verdict's context:
 * nothing on the organisation's network, ×travellerFactor for a known device arriving at a plausible speed.
 */
function habitsOf(ctx: LoginContext, f: LoginFacts) {
  const model = ctx.state.model;
  if (!model) return undefined;
  const v = ctx.cc.config.verdict;
  const place = f.orgHere
    ? {
        factor: 0,
        why: f.orgHere.trusted
          ? `a trusted network (${f.orgHere.value})`
          : `the organisation's network ${f.orgHere.value}`,
      }
    : f.knownDevice && f.journey?.plausible && !f.journey.sameCountry
      ? { factor: v.travellerFactor, why: 'a known device arriving at a plausible speed: a traveller' }
      : NO_DISCOUNT;
  return scoreHabits(model, habitLogin(ctx, scratch), {
    minLogins: v.unusualMinLogins,
    threshold: v.unusualThreshold,
    halfLifeDays: v.unusualHalfLifeDays,
    place,
  });
}

const NO_DISCOUNT = { factor: 1 };

/** One reused object for the login's features: learning runs on every login and must not allocate (hot path). */
const scratch: HabitLogin = { at: 0, country: undefined, city: undefined, asn: undefined, device: undefined };
function habitLogin(ctx: LoginContext, into: HabitLogin): HabitLogin {
  const { event } = ctx;
  into.at = event.timestamp;
  into.country = ctx.country;
  into.city = event.geo?.cityName || undefined;
  into.asn = event.asn?.number !== undefined ? asnKey(event.asn.number) : undefined;
  into.device = event.userAgent?.original ? event.userAgent.fingerprint : undefined;
  return into;
}

/**
 * After the login is recorded: the user's device-kind × network habit, the habit model, and the population.
 * `ipEntry`: the login's address entry in `state.ips`, as the engine just touched it (else it is looked up).
 */
export function learnLogin(ctx: LoginContext, population: PopulationContext, ipEntry?: BaselineEntry): void {
  const { event, state, cc } = ctx;
  // The time read here, on every login: read only for a user's first login (the `??=` below), the load's feedback
  // knew the event shapes of the first users' logins, and the first new user with another shape deoptimised
  // learnLogin and the engine's login path that inlines it ("wrong map").
  const at = event.timestamp;
  const ua = event.userAgent?.original ? event.userAgent : undefined;
  const asn = event.asn?.number;
  const v = cc.config.verdict;
  state.model ??= newHabitModel(Math.floor(at / DAY_MS));
  learnHabits(state.model, habitLogin(ctx, scratch), v.unusualHalfLifeDays);
  const max = cc.config.baseline.maxAsns + cc.config.baseline.maxDevices;
  if (ua) {
    state.habits ??= [];
    touchHabit(state.habits, agentKey(ua), event, max);
    if (ua.device && asn !== undefined) touchHabit(state.habits, pairKey(ua, asn), event, max);
  }
  // An address the user already used adds nobody to any count (the user is counted): skip the population (hot path).
  const ip = event.ip !== undefined ? (ipEntry ?? findEntry(state.ips, event.ip)) : undefined;
  // An anonymiser's exit is shared by strangers (a privacy VPN, Tor), so however many colleagues use it, it is not the
  // organisation's network: learning it as one would clear a phisher's travel through the same service.
  if (!ip || ip.count <= 1) {
    const anonymous = anonymousOf(ctx) !== undefined;
    population.observe(event, ctx.country, anonymous);
    learnFarArrival(ctx, population);
    if (!anonymous) learnHop(ctx, population);
  }
}

/**
 * Learns whether this address's /24 and one of another country in the user's recent logins are two exits of one
 * service the same colleagues rotate among (PopulationContext.observeHop): a privacy VPN's customers change exits,
 * and countries, every few sessions. Runs on a user's first login from an address only, over the bounded recent
 * logins, and stops at once for an address fewer than three colleagues use (nearly all of them).
 */
function learnHop(ctx: LoginContext, population: PopulationContext): void {
  const { event, state, country } = ctx;
  if (event.ip === undefined || country === undefined || ctx.trusted) return;
  for (const l of state.logins)
    if (l.ip !== undefined && !l.trusted && l.country !== undefined && l.country !== country)
      population.observeHop(event.ip, l.ip, event.timestamp);
}
