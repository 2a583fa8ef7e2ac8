/**
 * From what the detectors found on one login, and the context around it, to weighted signals (issue 12). Pure: every
 * input is a plain fact already established by `judge.ts`, so each signal and each context rule is testable alone.
 *
 * Signals and the context that changes their weight (weights: common/detection_config.ts, `verdict`):
 * - anonymous_ip: the login's address is on an anonymiser list or categorised so.
 * - new_device / device_upgrade: a fingerprint the user never used; an upgrade when a known device differs only by
 *   its OS major version.
 * - new_network: an AS the user never used; new_network_for_device: a known AS, never with this kind of device.
 * - new_country / atypical_country: as the detectors.
 * - rare_country / rare_network: the new country or AS is used by (almost) no colleague; scaled by how rare.
 * - impossible_travel: as the detector; ×sameCountryTravelFactor inside one country (GeoIP jitter, carrier egress);
 *   ×ownNetworkTravelFactor on a known device arriving on one of the user's own networks (a roaming phone, the user's
 *   own VPN exits); 0 when either end is the organisation's network (an office NAT, VPN egress).
 * - stolen_session: a known device, far away, faster than any journey, within `sessionMinutes` of the previous login,
 *   on a network the user never used — the session (cookie) went somewhere the person did not. 0 from the
 *   organisation's network; ×0.5 when the previous login came through one of its egresses (colleagues arrive at it
 *   from abroad faster than any journey: a VPN concentrator's place is not the person's) or one of a VPN service's
 *   rotating exits (population_context.ts `rotatingExit`), and then never ×sameCountryTravelFactor (the exit's country
 *   is not the person's either); in full after an office's NAT.
 * - unfamiliar_address: an agent the user never used (a new device, or a known one updated) from a /24 or /48 the
 *   user never logged in from, neither the organisation's network nor a mobile carrier's range on a phone. An
 *   innocent new laptop or browser update first logs in where its owner always does (home, office, the VPN); a
 *   phisher's or sprayer's browser "like the victim's" arrives on an address of its own, even inside the victim's ISP.
 * - unusual_for_user: the per-user habit model (user_model.ts) finds the login unlike the user's countries, cities,
 *   networks, devices and hours; weight × the model's 0–1 score, from `unusualThreshold`; only beside another signal.
 * Place novelty (new country, new network, rarity) is 0 on the organisation's network and ×travellerFactor when a
 * known device got there at a plausible speed (a traveller). A /24 many colleagues use that is a VPN service's rotating
 * exit is not the organisation's: its place signals weigh in full and say why the network is not trusted.
 */
import type {
  AnonymousIpEvidence,
  HabitEvidence,
  NoveltyEvidence,
  SessionEvidence,
  SignalEvidence,
  SignalId,
  TravelEvidence,
  VerdictSignal,
} from '../../../common/alert_document';
import type { VerdictConfig } from '../../../common/detection_config';
import { ANY_NUMBER } from '../../../common/number_layout';
import type { OrgNetwork } from '../context/org_networks';
import type { Rarity } from '../context/population';
import { deviceText, upgradeText } from './device_text';
import type { RotatingExit } from './population_context';
import { describeHabits } from './user_model';

/** What judge.ts established about the login. */
export interface LoginFacts {
  anonymous?: AnonymousIpEvidence;
  newDevice?: NoveltyEvidence;
  /** The new fingerprint is a known device with another OS major version. */
  upgradeOf?: string;
  /** The device's fingerprint is among the user's known devices. */
  knownDevice: boolean;
  newNetwork?: NoveltyEvidence;
  newNetworkForDevice?: NoveltyEvidence;
  newCountry?: NoveltyEvidence;
  atypicalCountry?: NoveltyEvidence;
  countryRarity?: { value: string; rarity: Rarity };
  networkRarity?: { value: string; rarity: Rarity };
  travel?: TravelEvidence;
  /** The previous login (the travel baseline) and whether a journey from it was plausible. */
  journey?: { distanceKm: number; elapsedMs: number; plausible: boolean; sameCountry: boolean };
  session?: SessionEvidence;
  /** The organisation's network at this login's end, and at the travel's other end. */
  orgHere?: OrgNetwork;
  orgFrom?: OrgNetwork;
  /** A /24 many colleagues use that is a VPN service's rotating exit (so not the organisation's), here and at the
   * previous login (read only for a stolen session). */
  exitHere?: RotatingExit;
  exitFrom?: RotatingExit;
  /** The login's AS is one the user already uses. */
  ownNetwork: boolean;
  /** An agent the user never used, from a /24 or /48 the user never used (not the organisation's, not a carrier's for a phone). */
  unfamiliarAddress?: NoveltyEvidence;
  /** The per-user habit model's judgement (user_model.ts), its place features already discounted by the context. */
  habits?: HabitEvidence;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const describeExit = (e: RotatingExit) =>
  `${e.value}, a VPN service's exit, not the organisation's network (${e.rotating} of its ${e.users} colleagues rotate between it and another exit abroad)`;
const describeOrg = (o: OrgNetwork) =>
  o.trusted
    ? `a network trusted in Settings (${o.value})`
    : `the organisation's network ${o.value} (${o.users}${o.saturated ? '+' : ''} users)`;

/** One signal, its base weight multiplied by each context factor, the factors' reasons said. */
function addSignal(
  out: VerdictSignal[],
  id: SignalId,
  base: number,
  evidence: SignalEvidence,
  reason: string,
  factors: Array<[number, string]>,
): void {
  let weight = base;
  const context: string[] = [];
  for (const [factor, why] of factors) {
    weight *= factor;
    context.push(why);
  }
  weight = round1(weight);
  // Two literals rather than a spread of `{ context }` into one (the same keys in the same order): a spread copies
  // through the runtime on every signal, and most signals have no context. The weight is overwritten at once
  // (common/number_layout.ts: whole weights, then 12.5).
  const signal: VerdictSignal = context.length
    ? {
        id,
        weight: ANY_NUMBER,
        base_weight: base,
        reason: `${reason} (${context.join('; ')}: ${weight} of ${base})`,
        context,
        evidence,
      }
    : { id, weight: ANY_NUMBER, base_weight: base, reason, evidence };
  signal.weight = weight;
  out.push(signal);
}

/** The context of a place signal: the organisation's network, a rotating exit, a traveller. */
function placeFactors(f: LoginFacts, traveller: [number, string] | undefined): Array<[number, string]> {
  if (f.orgHere) return [[0, `from ${describeOrg(f.orgHere)}`]];
  const out: Array<[number, string]> = f.exitHere ? [[1, `from ${describeExit(f.exitHere)}`]] : [];
  if (traveller) out.push(traveller);
  return out;
}

/** A population rarity signal, scaled by how rare, when the population is large enough to tell. */
function addRare(
  out: VerdictSignal[],
  f: LoginFacts,
  v: VerdictConfig,
  traveller: [number, string] | undefined,
  id: 'rare_country' | 'rare_network',
  base: number,
  field: 'country' | 'asn',
  r?: { value: string; rarity: Rarity },
): void {
  if (!r || r.rarity.population < v.minPopulation || !(r.rarity.share < v.rareShare)) return;
  const scale = 1 - r.rarity.share / v.rareShare;
  const shown = field === 'asn' ? `AS${r.value}` : r.value;
  addSignal(
    out,
    id,
    base,
    {
      kind: 'rarity',
      field,
      value: r.value,
      others: r.rarity.others,
      population: r.rarity.population,
      share: r.rarity.share,
      rare_below: v.rareShare,
    },
    `${r.rarity.others} of ${r.rarity.population} other users log in from ${shown}`,
    [
      ...(scale < 1 ? ([[scale, `used by ${r.rarity.others} colleagues`]] as Array<[number, string]>) : []),
      ...placeFactors(f, traveller),
    ],
  );
}

/**
 * The login's signals. No closure is made per login: the dev loader (tsx, keepNames) names each one with a
 * defineProperty call, which showed in the profile.
 */
export function loginSignals(f: LoginFacts, v: VerdictConfig): VerdictSignal[] {
  const out: VerdictSignal[] = [];
  const traveller =
    f.knownDevice && f.journey !== undefined && f.journey.plausible && !f.journey.sameCountry
      ? ([v.travellerFactor, 'a known device arriving at a plausible speed: a traveller'] as [number, string])
      : undefined;

  if (f.anonymous)
    addSignal(
      out,
      'anonymous_ip',
      v.weightAnonymousIp,
      f.anonymous,
      `anonymiser (${f.anonymous.signal}: ${f.anonymous.matched})`,
      [],
    );
  if (f.newDevice) {
    if (f.upgradeOf !== undefined)
      addSignal(
        out,
        'device_upgrade',
        v.weightDeviceUpgrade,
        f.newDevice,
        upgradeText(f.newDevice.value, f.upgradeOf),
        [],
      );
    else
      addSignal(
        out,
        'new_device',
        v.weightNewDevice,
        f.newDevice,
        `${deviceText('new', f.newDevice.value)} (${f.newDevice.known_count} known)`,
        [],
      );
  }
  if (f.newNetwork)
    addSignal(
      out,
      'new_network',
      v.weightNewNetwork,
      f.newNetwork,
      `new network AS${f.newNetwork.value} (${f.newNetwork.known_count} known)`,
      placeFactors(f, traveller),
    );
  else if (f.newNetworkForDevice)
    addSignal(
      out,
      'new_network_for_device',
      v.weightNewNetworkForDevice,
      f.newNetworkForDevice,
      `a ${f.newNetworkForDevice.value.split('|')[0]} on AS${f.newNetworkForDevice.value.split('|')[1]} for the first time`,
      f.orgHere ? [[0, `from ${describeOrg(f.orgHere)}`]] : [],
    );
  if (f.newCountry)
    addSignal(
      out,
      'new_country',
      v.weightNewCountry,
      f.newCountry,
      `new country ${f.newCountry.value} (${f.newCountry.known_count} known)`,
      placeFactors(f, traveller),
    );
  else if (f.atypicalCountry)
    addSignal(
      out,
      'atypical_country',
      v.weightAtypicalCountry,
      f.atypicalCountry,
      `back in ${f.atypicalCountry.value} after ${f.atypicalCountry.days_since_last_seen} days`,
      placeFactors(f, traveller),
    );
  if (f.newCountry) addRare(out, f, v, traveller, 'rare_country', v.weightRareCountry, 'country', f.countryRarity);
  if (f.newNetwork) addRare(out, f, v, traveller, 'rare_network', v.weightRareNetwork, 'asn', f.networkRarity);
  if (f.travel) {
    const factors: Array<[number, string]> = [];
    if (f.orgHere || f.orgFrom)
      factors.push([0, `an end is ${describeOrg((f.orgHere ?? f.orgFrom)!)}: not where the user is`]);
    else {
      if (f.journey?.sameCountry)
        factors.push([v.sameCountryTravelFactor, 'inside one country (GeoIP and carrier egress)']);
      if (f.knownDevice && f.ownNetwork)
        factors.push([v.ownNetworkTravelFactor, "a known device on the user's own network"]);
    }
    const t = f.travel;
    addSignal(
      out,
      'impossible_travel',
      v.weightImpossibleTravel,
      t,
      `${Math.round(t.distance_km)} km in ${Math.round(t.elapsed_seconds / 60)} min = ${t.speed_kmh} km/h`,
      factors,
    );
  }
  if (f.unfamiliarAddress)
    addSignal(
      out,
      'unfamiliar_address',
      v.weightUnfamiliarAddress,
      f.unfamiliarAddress,
      `a browser the user never used, from ${f.unfamiliarAddress.value}, an address range the user never used (${f.unfamiliarAddress.known_count} addresses known)`,
      [],
    );
  if (f.session && !f.orgHere) addSessionSignal(out, f, f.session, v);
  if (f.habits && f.habits.score >= f.habits.threshold)
    addSignal(out, 'unusual_for_user', v.weightUnusualForUser, f.habits, describeHabits(f.habits), [
      [f.habits.score, `the model finds the login ${Math.round(f.habits.score * 100)} % unusual`],
    ]);
  return out;
}

/**
 * The stolen_session signal. Its own function: its doubts (below) are each rarer still, the first of them reached
 * long after loginSignals was optimised, and code reached for the first time in an optimised function throws that code
 * away (V8 had no feedback for it); this call, reached at every stolen session, stays out of loginSignals' code.
 */
function addSessionSignal(out: VerdictSignal[], f: LoginFacts, session: SessionEvidence, v: VerdictConfig): void {
  const factors: Array<[number, string]> = [];
  // Where the previous login was is blurred when it came through the organisation's egress (colleagues arrive at it
  // from abroad within minutes: it is not where they are), and inside one country by GeoIP. An office's NAT is where
  // the person was: the session leaving it for a far network within minutes is what a replay looks like.
  // A VPN provider's rotating exit is no more where the person was: the same doubt.
  const fromEgress = f.orgFrom?.egressUsers !== undefined;
  if (fromEgress)
    factors.push([
      0.5,
      `the previous login was from ${describeOrg(f.orgFrom!)}, an egress ${f.orgFrom!.egressUsers}+ colleagues reached from other countries faster than any journey`,
    ]);
  else if (f.exitFrom) factors.push([0.5, `the previous login was from ${describeExit(f.exitFrom)}`]);
  // "The same country" as an egress says nothing about the person, who was elsewhere: the halving above is the doubt.
  else if (f.journey?.sameCountry)
    factors.push([v.sameCountryTravelFactor, 'inside one country (GeoIP and carrier egress)']);
  addSignal(
    out,
    'stolen_session',
    v.weightStolenSession,
    session,
    `${deviceText('known', session.device)} ${Math.round(session.distance_km)} km away ${Math.round(session.elapsed_seconds / 60)} min after the previous login, on new network ${session.new_network}`,
    factors,
  );
}

/** The score (0–100) of a login's signals. */
export function verdictScore(signals: readonly VerdictSignal[]): number {
  let sum = 0;
  for (const s of signals) sum += s.weight;
  return Math.min(100, round1(sum));
}

/** One sentence: why this score, strongest signals first. */
export function verdictWhy(score: number, threshold: number, signals: readonly VerdictSignal[]): string {
  const verdict =
    score >= threshold
      ? `reaches the alerting threshold ${threshold}`
      : `stays below the alerting threshold ${threshold}`;
  return `Score ${score} ${verdict}: ${weighedParts(signals) || 'no signal weighs anything in this context'}.`;
}

/** The signals that weigh, strongest first (stable: equal weights keep their order), as "<reason> +<weight>, …". */
function weighedParts(signals: readonly VerdictSignal[]): string {
  // Most logins have one or two signals that weigh: joined here without the filter, sort and map arrays. Two come out
  // as the sort orders them: the second before the first exactly when it weighs more.
  let first: VerdictSignal | undefined;
  let second: VerdictSignal | undefined;
  let n = 0;
  for (let i = 0; i < signals.length; i++)
    if (signals[i].weight > 0) {
      if (n === 0) first = signals[i];
      else second = signals[i];
      if (++n > 2) break;
    }
  if (n === 0) return '';
  if (n === 1) return part(first!);
  if (n === 2)
    return first!.weight - second!.weight < 0
      ? `${part(second!)}, ${part(first!)}`
      : `${part(first!)}, ${part(second!)}`;
  return manyWeighedParts(signals);
}

/**
 * weighedParts for three signals or more. Its own function: few logins have that many, and the arrays it builds
 * changed shape at their first (a "wrong map" deopt that threw away verdictWhy's optimised code, which inlines
 * weighedParts); here a deopt is this small function's own.
 */
function manyWeighedParts(signals: readonly VerdictSignal[]): string {
  return signals
    .filter((s) => s.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map(part)
    .join(', ');
}

const part = (s: VerdictSignal): string => `${s.reason} +${s.weight}`;
