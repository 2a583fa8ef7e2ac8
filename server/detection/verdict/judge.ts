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
import { hasDevice, knownDevices, travelBaseline } from '../baselines';
import { anonymousIpDetector } from '../detectors/anonymous_ip';
import { atypicalCountryDetector } from '../detectors/atypical_country';
import { placeOfEvent, placeOfStored, type LoginContext, type LoginDetector } from '../detectors/detector';
import { impossibleTravelDetector } from '../detectors/impossible_travel';
import { newCountryDetector } from '../detectors/new_country';
import { newDeviceDetector } from '../detectors/new_device';
import { distanceKm } from '../geo';
import { findEntry, hashString, knownValues, touchEntry, type BaselineEntry } from '../user_state';
import type { PopulationContext } from './population_context';
import { loginSignals, verdictScore, verdictWhy, type LoginFacts } from './signals';

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

/** The facts of signals.ts for this login, read from the user's state BEFORE the login is recorded. */
export function loginFacts(ctx: LoginContext, population: PopulationContext): LoginFacts {
  const { event, state, cc, country } = ctx;
  const at = event.timestamp;
  const cutoff = at - cc.config.baseline.retentionDays * DAY_MS;
  const v = cc.config.verdict;
  const hasHistory = state.lastLoginAt !== undefined;
  const ua = event.userAgent?.original ? event.userAgent : undefined;
  // Device continuity needs the device itself: the exact agent string, not BuffaLogs' fingerprint (which ignores the
  // browser's version, so an attacker's current Chrome on Windows "is" the victim's two-versions-old one).
  const facts: LoginFacts = {
    knownDevice:
      ua !== undefined && hasDevice(state, ua.fingerprint, at, cc) && live(state.habits, agentKey(ua.original), cutoff),
    ownNetwork: false,
    anonymous: anonymousIpDetector.evaluate(ctx),
    orgHere: population.orgNetwork(event.ip),
  };
  if (!hasHistory) return facts;

  facts.newDevice = newDeviceDetector.evaluate(ctx);
  if (facts.newDevice && ua) facts.upgradeOf = upgradeOf(ua.fingerprint, knownDevices(state, at, cc, 50).known);
  facts.newCountry = newCountryDetector.evaluate(ctx);
  if (!facts.newCountry) facts.atypicalCountry = atypicalCountryDetector.evaluate(ctx);
  if (facts.newCountry && country !== undefined)
    facts.countryRarity = { value: country, rarity: population.share('country', country, false) };

  const asn = event.asn?.number;
  if (asn !== undefined) {
    const key = String(asn);
    facts.ownNetwork = live(state.asns, key, cutoff);
    const anyAsn = state.asns.some((e) => e.last >= cutoff);
    if (anyAsn && !facts.ownNetwork) {
      const liveAsns = state.asns.filter((e) => e.last >= cutoff);
      facts.newNetwork = novelty('asn', key, liveAsns);
      facts.networkRarity = { value: key, rarity: population.share('asn', asn, false) };
    } else if (facts.ownNetwork && ua?.device) {
      const kind = ua.device;
      const pairs = state.habits;
      const knowsKind = pairs?.some((e) => e.last >= cutoff && e.value.startsWith(`${kind}|`));
      if (knowsKind && !live(pairs, `${kind}|${key}`, cutoff))
        facts.newNetworkForDevice = novelty(
          'device_network',
          `${kind}|${key}`,
          pairs!.filter((e) => e.last >= cutoff),
        );
    }
  }

  facts.travel = impossibleTravelDetector.evaluate(ctx);
  const prev = travelBaseline(state, at, cc);
  const geo = event.geo;
  if (prev && geo) {
    const raw = distanceKm(cc.config.impossibleTravel.distance, prev.lat, prev.lon, geo.lat, geo.lon);
    const d = Math.max(0, raw - (prev.accuracyKm ?? 0) - (geo.accuracyRadiusKm ?? 0));
    const elapsedMs = at - prev.at;
    const hours = elapsedMs / HOUR_MS;
    const needed = Math.min(d / v.groundSpeedKmh, d / v.journeySpeedKmh + v.journeyOverheadHours);
    facts.journey = {
      distanceKm: d,
      elapsedMs,
      plausible: hours >= needed,
      sameCountry: country !== undefined && prev.country === country,
    };
    facts.orgFrom = population.orgNetwork(prev.ip);
    if (
      facts.knownDevice &&
      !facts.journey.plausible &&
      d > SESSION_MIN_KM &&
      elapsedMs <= v.sessionMinutes * 60_000 &&
      facts.newNetwork
    ) {
      const session: SessionEvidence = {
        kind: 'session',
        device: ua!.fingerprint,
        from: placeOfStored(prev),
        to: placeOfEvent(event),
        distance_km: Math.round(d),
        elapsed_seconds: elapsedMs / 1000,
        new_network: `AS${asn}`,
      };
      facts.session = session;
    }
  }
  return facts;
}

/** The habit key of an exact user agent (hashed: agents are long and hostile). */
const agentKey = (agent: string) => `ua#${hashString(agent)}`;

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
  const signals = loginSignals(loginFacts(ctx, population), v);
  if (signals.length === 0) return undefined;
  const score = verdictScore(signals);
  return {
    kind: 'verdict',
    score,
    threshold: v.alertThreshold,
    signals,
    why: verdictWhy(score, v.alertThreshold, signals),
  };
}

/** After the login is recorded: the user's device-kind × network habit, and the population. */
export function learnLogin(ctx: LoginContext, population: PopulationContext): void {
  const { event, state, cc } = ctx;
  const ua = event.userAgent?.original ? event.userAgent : undefined;
  const asn = event.asn?.number;
  const max = cc.config.baseline.maxAsns + cc.config.baseline.maxDevices;
  if (ua) {
    state.habits ??= [];
    touchEntry(state.habits, agentKey(ua.original), event.timestamp, max);
    if (ua.device && asn !== undefined) touchEntry(state.habits, `${ua.device}|${asn}`, event.timestamp, max);
  }
  population.observe(event, ctx.country);
}
