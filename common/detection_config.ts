/**
 * Detection settings: their types, the two profiles' defaults with the reason for every value, and a pure validator
 * for user-supplied overrides (the CLI's --config file, the settings API, the browser form). No Kibana imports: this
 * file runs in the browser too.
 *
 * A profile is nothing but a set of values. `buffalogs` reproduces BuffaLogs 3.0 (certego/BuffaLogs@78cb5bd)
 * including its quirks, so a BuffaLogs user sees the same alerts; `default` is the product's own and fixes what
 * ../shared/reference/buffalogs-spec.md §11 and landscape.md §4–§6 show BuffaLogs gets wrong. Every behavioural
 * difference between the two is one of the switches below, so either profile can be tuned field by field.
 */
import type { RiskLevel, RuleId } from './constants';
import type { ProfileName } from './alert_document';
import { applyOverrides, tableErrors, type ConfigError, type ParseResult } from './config_table';
import { DETECTION_TABLE } from './detection_config_table';
import { ownValue } from './own_keys';
import { userListError, userPatternError, type UserPatternSyntax } from './user_patterns';

export const PROFILE_NAMES: readonly ProfileName[] = ['default', 'buffalogs'];

export interface ImpossibleTravelConfig {
  enabled: boolean;
  /** Alert only when the distance (after uncertainty, see below) is strictly greater than this. */
  minDistanceKm: number;
  /** Alert only when the speed is strictly greater than this. */
  maxSpeedKmh: number;
  /** BuffaLogs evaluates travel only for a login from an IP the user has not used before. */
  onlyNewIp: boolean;
  /**
   * Which earlier login a login is compared with: `newest_stored` = BuffaLogs' newest unique-login row (whatever its
   * time relative to this login); `previous_in_time` = the user's login just before this one in time.
   */
  baseline: 'newest_stored' | 'previous_in_time';
  /** `wgs84_geodesic` = geopy's geodesic (exact BuffaLogs numbers); `haversine` = sphere, 0.3 % off, much cheaper. */
  distance: 'wgs84_geodesic' | 'haversine';
  /** Subtract both logins' GeoIP accuracy radius from the distance (when the data carries one). */
  subtractAccuracyRadius: boolean;
  /** Logins from these ranges (corporate VPN / proxy egress) say nothing about where the user is: never a travel end. */
  trustedCidrs: string[];
  /** Same as `trustedCidrs`, by autonomous system number. */
  trustedAsns: number[];
  /** Two logins in the same country where either is from a mobile OS: carrier IP rotation, not travel. */
  ignoreMobileSameCountry: boolean;
  /** The same IP as the previous login is never travel, even if its geolocation changed (Panther #1734). */
  ignoreSameIp: boolean;
}

export interface AnonymousIpConfig {
  enabled: boolean;
  /** Values of `source.intelligence_category` that mean an anonymiser (BuffaLogs: exactly `anonymizer`). */
  intelligenceCategories: string[];
  /** Compare the category case-insensitively (BuffaLogs compares exactly). */
  caseInsensitive: boolean;
  /** Anonymiser ranges, IPv4 and IPv6 (e.g. a Tor exit list loaded by the CLI). */
  cidrs: string[];
  /** Anonymiser/VPN-provider autonomous systems. */
  asns: number[];
}

export interface FilterConfig {
  /** Users whose alerts are filtered: entries in the `userPatterns` syntax. */
  ignoredUsers: string[];
  /** When non-empty, only these users' alerts are unfiltered: entries in the `userPatterns` syntax. */
  enabledUsers: string[];
  /**
   * How user-list entries match (common/user_patterns.ts): `glob` = the exact name or a whole-name glob (`svc-*`);
   * `regex` = BuffaLogs' exact name or unanchored regular expression, restricted to patterns that cannot backtrack
   * without bound.
   */
  userPatterns: UserPatternSyntax;
  vipUsers: string[];
  /** Filter every alert of a user not in `vipUsers` (exact names, as BuffaLogs). */
  alertIsVipOnly: boolean;
  /** Match user lists case-insensitively (usernames are lower-cased on input, as BuffaLogs stores them). */
  caseInsensitiveUsers: boolean;
  /** Filter alerts of users whose risk (before the alert) is below this level. */
  minimumRiskLevel: RiskLevel;
  /** Filter alerts during a user's first N days (0 = off). */
  learningPeriodDays: number;
  /**
   * `first_seen_wall_clock`: days since the detector first saw the user (BuffaLogs' `User.created`; a fresh install
   * filters everything for N days, even history). `first_login_time`: days since the user's first login, in log time.
   */
  learningPeriodBasis: 'first_seen_wall_clock' | 'first_login_time';
  ignoredIps: string[];
  /** `exact`: string equality (BuffaLogs: CIDR entries never match); `cidr`: address or range match. */
  ignoredIpsMatch: 'exact' | 'cidr';
  /** Alerts on logins from these countries are filtered (BuffaLogs: exact country name; default: name or ISO code, any case). */
  allowedCountries: string[];
  /** Alerts on logins from these AS organisations are filtered (exact name). */
  ignoredIsps: string[];
  ignoreMobileLogins: boolean;
  /** OS names that make a login "mobile" (ua-parser `os.name`). */
  mobileOsNames: string[];
  /** Alerts of these detectors are produced but always filtered. */
  filteredRules: RuleId[];
  /** Filter impossible travel whose two ends are in the same country. */
  ignoreSameCountryTravel: boolean;
  /** Filter impossible travel between these pairs of countries (either direction; `[X, X]` = within X). */
  ignoredCountryCouples: Array<[string, string]>;
}

export interface RiskConfig {
  /** Alerts of these detectors raise the user's risk. */
  countedRules: RuleId[];
  /** Counted alerts needed for each level (BuffaLogs: 1–3 low, 4–6 medium, ≥7 high). */
  lowAt: number;
  mediumAt: number;
  highAt: number;
  /** A `user_risk_threshold` alert fires when the level rises to at least this level. */
  alertAtLevel: RiskLevel;
  /** Counted alerts older than this stop counting (BuffaLogs purges alerts after `alert_max_days` = 45). */
  retentionDays: number;
  /**
   * `unfiltered_alerts`: the level is recomputed only when an unfiltered alert is created (BuffaLogs ≥ 2.13; with its
   * default minimum-risk filter nothing is ever unfiltered, so the level never moves). `every_alert`: every counted
   * alert raises the level, filtered or not; suppression is a display decision, not evidence.
   * `unfiltered_alerts` also ages alerts by detection (wall-clock) time, `every_alert` by login time.
   */
  recomputeOn: 'unfiltered_alerts' | 'every_alert';
  /**
   * What the risk is made of (server/detection/user_risk.ts). `alert_count` (BuffaLogs): the number of counted alerts,
   * levels at `lowAt`/`mediumAt`/`highAt` alerts. `alert_scores`: a 0–100 score, the sum of the counted alerts' own
   * scores (`event.risk_score`) each halved every `halfLifeDays`, counting only alerts still open or acknowledged and
   * not filtered (an alert closed, or closed as a false positive, no longer counts); an open takeover pattern (a new
   * country, a new device and impossible travel in one login, or a compromised-account alert) holds it at `scoreHighAt`
   * at least. Levels at `scoreLowAt`/`scoreMediumAt`/`scoreHighAt` points.
   */
  model: 'alert_count' | 'alert_scores';
  /** `alert_scores`: an alert's points halve every this many days (of login time in the detector, of wall clock in the app). */
  halfLifeDays: number;
  /** `alert_scores`: points needed for each level. */
  scoreLowAt: number;
  scoreMediumAt: number;
  scoreHighAt: number;
}

export interface BaselineConfig {
  /**
   * How a user's history is kept. `unique_login_rows` = BuffaLogs' model: one row per (index, country, user agent)
   * holding the latest login of that combination, plus the set of known IPs; devices and countries are read from
   * the rows. `per_attribute` = bounded lists of countries, devices, IPs and ASNs with first/last seen and counts,
   * plus the most recent logins for travel.
   * It also decides what is learnt silently, without novelty or travel checks: with `unique_login_rows` the first
   * login of a user in every index (BuffaLogs, index names shortened as its ingestion does: `fw-…` → `fw-proxy`,
   * else the part before the first `-`; a known user's first login in a new index is silent too), with
   * `per_attribute` only the user's first login. `unique_login_rows` also needs a country name and non-zero
   * coordinates on every login, like BuffaLogs' normalisation: logins without them are skipped.
   */
  store: 'unique_login_rows' | 'per_attribute';
  /** Forget baseline entries (countries, devices, IPs…) not seen for this many days (BuffaLogs: 45 after insertion). */
  retentionDays: number;
  /** Bounds that keep each user's state small; the least recently seen entry is evicted first. */
  maxCountries: number;
  maxDevices: number;
  maxIps: number;
  maxAsns: number;
  /** Recent logins kept for the travel comparison (`unique_login_rows`: the number of rows kept). */
  maxRecentLogins: number;
  /**
   * Identities (index + id) of a user's most recently judged logins, kept to drop re-delivered duplicates across
   * batches. By count, not time: an older login that was never judged is judged, whenever it arrives.
   */
  dedupWindow: number;
  /** Alerts remembered for the risk level. */
  maxRiskAlerts: number;
}

/**
 * The default profile's verdict (server/detection/verdict/): each detector's finding on a login is a signal with a
 * weight; context learned from the data lowers or raises it; the login gets one alert when the weights add up to
 * `alertThreshold`, else its signals are kept as an observation. Weights are points of a 0–100 score.
 */
export interface VerdictConfig {
  /** Off: every detector's finding is its own alert (BuffaLogs). */
  enabled: boolean;
  /** A login whose score reaches this is an alert; below it, with any signal, an observation. */
  alertThreshold: number;
  weightAnonymousIp: number;
  weightNewDevice: number;
  /** A known device whose OS major version changed (an update): the fingerprint is new, the device is not. */
  weightDeviceUpgrade: number;
  /** An AS the user never logged in from. */
  weightNewNetwork: number;
  /** A known AS, but never with this kind of device (a desktop on the user's phone carrier). */
  weightNewNetworkForDevice: number;
  weightNewCountry: number;
  weightAtypicalCountry: number;
  /** Added to a new country / new network when (almost) no colleague uses it, scaled by how rare it is. */
  weightRareCountry: number;
  weightRareNetwork: number;
  weightImpossibleTravel: number;
  /** A known device far away, faster than a journey, within `sessionMinutes` of the previous login, on a new network. */
  weightStolenSession: number;
  /** An agent the user never used from a /24 or /48 the user never used (not the organisation's, not a carrier's). */
  weightUnfamiliarAddress: number;
  /** Share of an AS's logins from phones and tablets that makes it a mobile carrier (never the organisation's). */
  carrierMobileShare: number;
  /**
   * The per-user habit model (server/detection/verdict/user_model.ts): points of `unusual_for_user` at a model score
   * of 1 (scaled by the score); the score (0–1) from which it counts; the decayed logins a user needs before the model
   * says anything (cold start); the half-life of its counts, in days.
   */
  weightUnusualForUser: number;
  unusualThreshold: number;
  unusualMinLogins: number;
  unusualHalfLifeDays: number;
  /** Impossible travel inside one country (GeoIP jitter, carrier egress) weighs this fraction. */
  sameCountryTravelFactor: number;
  /** Impossible travel to a network the user already uses, on a known device (roaming phone, own VPN exits). */
  ownNetworkTravelFactor: number;
  /** A known device that got there at a plausible speed: a traveller; place novelty weighs this fraction. */
  travellerFactor: number;
  /** How long a session lasts, for the stolen-session signal. */
  sessionMinutes: number;
  /** A journey is plausible when the time allows it at this speed plus `journeyOverheadHours` (airports)… */
  journeySpeedKmh: number;
  journeyOverheadHours: number;
  /** …or, for short distances, at this ground speed (train, car). */
  groundSpeedKmh: number;
  /** Share of the other users below which a country or network is rare. */
  rareShare: number;
  /** Population rarity says nothing until this many users have been seen. */
  minPopulation: number;
  /** Distinct users from one /24 or /48 that make it the organisation's network (office NAT, VPN egress). */
  orgMinUsersPerPrefix: number;
  /**
   * A suspicious login within this many minutes of an open incident of the same user (its first to last login) joins
   * it: one alert, updated, instead of another. 0: one alert per suspicious login.
   */
  incidentMinutes: number;
}

export interface DetectionConfig {
  profile: ProfileName;
  impossibleTravel: ImpossibleTravelConfig;
  newDevice: { enabled: boolean };
  newCountry: { enabled: boolean };
  atypicalCountry: {
    enabled: boolean;
    /** A known country is atypical when its last login is at least this many (whole) days before. */
    days: number;
    /** `last_inserted` = BuffaLogs' most recently inserted row for the country; `last_in_time` = the latest login. */
    baseline: 'last_inserted' | 'last_in_time';
  };
  anonymousIp: AnonymousIpConfig;
  filters: FilterConfig;
  risk: RiskConfig;
  baseline: BaselineConfig;
  verdict: VerdictConfig;
}

/**
 * Per-user bounds of the default model, ~2–3 KB of JSON per user: Okta keeps the last 10–20 values per attribute
 * (landscape §4.2); a few recent logins suffice for travel (only the previous one in time is compared; the others
 * absorb out-of-order arrivals); 32 remembered event identities catch a login delivered twice (the same line in two
 * files, overlapping reads); a window read again as a whole is skipped by the pass (`UserState.judgedTo`).
 */
const STATE_BOUNDS = {
  maxCountries: 30,
  maxDevices: 20,
  maxIps: 30,
  maxAsns: 20,
  maxRecentLogins: 4,
  dedupWindow: 32,
  maxRiskAlerts: 64,
};

/**
 * The verdict's weights (points of a 0–100 score) and thresholds. Calibrated on the labeled month of
 * `npm run bench:quality` (seeds 1–3, scripts/quality/) so that one strong signal or two independent medium ones
 * alert and no benign confounder alone does; each value's reason is beside it.
 */
const VERDICT_DEFAULTS: VerdictConfig = {
  enabled: true,
  // Two independent medium signals (a new device AND a new network) reach it; any single one but an anonymiser does
  // not: new devices, new countries and impossible travel each have frequent innocent causes (landscape §5).
  alertThreshold: 50,
  // A published anonymiser list or the source's own category: strong alone (an employee logging in over Tor is worth
  // a look), as Entra's "Anonymous IP" is a detection of its own.
  weightAnonymousIp: 70,
  // New fingerprints are ~0.3 % of benign logins (new phones, laptops); an attacker's device is nearly always new.
  weightNewDevice: 30,
  // Same OS, device type and browser, only the OS major version moved: an update, not a new device.
  weightDeviceUpgrade: 10,
  // An AS the user never used: ISP changes and trips do it alone; with a new device it is a takeover's signature.
  weightNewNetwork: 20,
  // A desktop on the user's phone carrier (tethering is rare; an AiTM phisher on a residential/mobile proxy is not).
  weightNewNetworkForDevice: 20,
  // A new country alone is a holiday as often as an attacker.
  weightNewCountry: 25,
  // Back in a country after 30 days: weak.
  weightAtypicalCountry: 10,
  // No colleague logs in from there: the organisation's own population says it is unusual (Entra's "unfamiliar").
  weightRareCountry: 15,
  weightRareNetwork: 15,
  // Faster than a plane between two logins: strong in theory, but roaming phones and VPN exits make it common.
  weightImpossibleTravel: 30,
  // The victim's own browser far away minutes after their login (AiTM cookie replay): strong alone. Halved when the
  // previous login came through an egress of the organisation (a /24 that 3 or more colleagues reach from another
  // country faster than any journey: a VPN concentrator or virtual desktops, whose GeoIP place is not where the person
  // is, so leaving the VPN for home looks the same); in full after an office's NAT, which is where the person was.
  // Halved, too, after a VPN service's rotating exit (see orgMinUsersPerPrefix), and then never also ×0.3 as "inside
  // one country": the exit's country is not the person's either.
  weightStolenSession: 40,
  // A new browser first logs in where its owner always does (home, office, VPN): one from an address range the user
  // never used is a phisher's or sprayer's (the browser "like the victim's" in the victim's own country). Medium: a new
  // laptop on a hotel's Wi-Fi does it too, so it alerts only with a new device or a new/rare network.
  weightUnfamiliarAddress: 20,
  // Carriers' logins are nearly all phones (CGNAT egress); an office ISP's are mostly desktops, whatever its phones.
  carrierMobileShare: 0.6,
  // The per-user habit model is ONE signal, never an alert alone: busybody's model alone caught 3 of 30 takeovers
  // with 134 false alerts per 1,000 benign logins. At most 15 points (a fully unusual login), so it lifts a login that
  // a rule signal found AND that is unlike everything the user does (place, device, hour) — not a lone new device
  // (30) on the user's own network at the user's hour, which scores low in the model and stays an observation.
  weightUnusualForUser: 15,
  // Below half of the model's maximum the login is ordinary enough for this user: a new device alone, or a trip.
  unusualThreshold: 0.5,
  // About a week of an everyday user's logins: before that, "unusual" means only "new".
  unusualMinLogins: 20,
  // A month: habits that changed a month ago count half (the baseline's retention is 45 days).
  unusualHalfLifeDays: 30,
  // Inside one country, GeoIP and carrier egress put the same person hundreds of km apart (landscape §5.2).
  sameCountryTravelFactor: 0.3,
  // The user's own network on their own device: the place is wrong, not the person (roaming, privacy VPN exits).
  ownNetworkTravelFactor: 0.2,
  // A known device arriving at a plausible speed is a traveller (issue 12): new places weigh a fifth.
  travellerFactor: 0.2,
  // Web sessions last hours; Okta's and Entra's session-replay rules look at the session's first hours.
  sessionMinutes: 120,
  // Airliner cruise (Okta 805, Elastic 800) plus the hours of airports at both ends.
  journeySpeedKmh: 800,
  journeyOverheadHours: 1.5,
  // A fast train or a motorway door to door.
  groundSpeedKmh: 150,
  // Fewer than 1 % of colleagues: a branch's country is common, an attacker's hosting AS is not.
  rareShare: 0.01,
  // Under 50 users "nobody else" proves nothing.
  minPopulation: 50,
  // A home address is one household; ten users behind one /24 are an office NAT or a VPN concentrator. Not a VPN
  // service's exit, however many colleagues pass through it: when 3 or more of its first ten colleagues, and at least
  // half, are also counted on ONE other /24 that GeoIP puts in another country and go from one to the other, the
  // same few people rotate among a provider's exits that strangers share (population_context.ts ROTATING_MIN_USERS);
  // an office's people or a concentrator's remote workers from every office share no other network so.
  orgMinUsersPerPrefix: 10,
  // An attacker's session is a burst: the stolen password tried on several apps, a token refreshed, a retry after an
  // MFA prompt, minutes apart (the demo's Tor takeover: two logins 3 minutes apart). 30 minutes joins a burst into one
  // alert; logins hours apart (the next day's return) stay separate alerts, so a new intrusion is never hidden in an
  // old one. Chained: each login within 30 minutes of the incident's last one extends it.
  incidentMinutes: 30,
};

/**
 * The `alert_scores` risk model's half-life and levels, in points of the 0–100 score (the verdict's alerts score 50
 * and up, `VERDICT_DEFAULTS.alertThreshold`; a credential family's compromised account 73).
 */
const RISK_SCORE_DEFAULTS = {
  // An alert nobody looked at for a week counts half: risk is "what needs a look now"; old unhandled alerts fade, so
  // a user does not stay at the top for a holiday alert of last month (2 weeks: a quarter, 45 days: about 1 %).
  halfLifeDays: 7,
  // Below 10 points what is left is the residue of old alerts (one alert at the threshold, 50 points, about 16 days
  // old): nothing to look at.
  scoreLowAt: 10,
  // One fresh alert at the alerting threshold (50) is worth a look: medium for its first 5 days, then low.
  scoreMediumAt: 30,
  // Two fresh alerts (2 × 50), one with strong signals (an anonymiser and a new device), or a takeover pattern (held
  // here while open) — more than any single benign confounder reaches (their alerts sit at 50–70).
  scoreHighAt: 75,
};

/** BuffaLogs 3.0 model defaults (buffalogs-spec.md §3.2), semantics of §2–§4. */
const BUFFALOGS: DetectionConfig = {
  profile: 'buffalogs',
  impossibleTravel: {
    enabled: true,
    minDistanceKm: 100, // distance_accepted, strict >
    maxSpeedKmh: 300, // vel_accepted, strict >
    onlyNewIp: true, // §2.3: travel only for an IP not in UsersIP
    baseline: 'newest_stored', // §2.3: the Login row with the greatest timestamp
    distance: 'wgs84_geodesic', // geopy.distance.geodesic; reproduces 133973 / 344009 / 52564 km/h exactly
    subtractAccuracyRadius: false,
    trustedCidrs: [],
    trustedAsns: [],
    ignoreMobileSameCountry: false,
    ignoreSameIp: false,
  },
  newDevice: { enabled: true },
  newCountry: { enabled: true },
  atypicalCountry: { enabled: true, days: 30, baseline: 'last_inserted' }, // atypical_country_days, `>=` floored days
  anonymousIp: { enabled: true, intelligenceCategories: ['anonymizer'], caseInsensitive: false, cidrs: [], asns: [] },
  filters: {
    ignoredUsers: ['Not Available', 'N/A'], // capitalised while usernames are lower-cased: they never match (§3.1)
    enabledUsers: [],
    userPatterns: 'regex', // re.search in _update_users_filters
    vipUsers: [],
    alertIsVipOnly: false,
    caseInsensitiveUsers: false,
    minimumRiskLevel: 'medium', // alert_minimum_risk_score since 2.11 — with recomputeOn below, the deadlock of §2.9
    learningPeriodDays: 14, // user_learning_period
    learningPeriodBasis: 'first_seen_wall_clock',
    ignoredIps: ['127.0.0.1'],
    ignoredIpsMatch: 'exact', // validator accepts CIDRs, the filter compares strings
    allowedCountries: [],
    ignoredIsps: [],
    ignoreMobileLogins: true, // since 2.11
    mobileOsNames: ['iOS', 'Android', 'Windows Phone'], // CERTEGO_BUFFALOGS_MOBILE_DEVICES
    filteredRules: ['user_risk_threshold', 'new_device'], // filtered_alerts_types since 2.11
    ignoreSameCountryTravel: true, // ignored_impossible_travel_all_same_country
    ignoredCountryCouples: [],
  },
  risk: {
    countedRules: ['new_country', 'anonymous_ip', 'atypical_country', 'impossible_travel'], // risk_score_increment_alerts
    lowAt: 1,
    mediumAt: 4,
    highAt: 7,
    alertAtLevel: 'medium', // threshold_user_risk_alert
    retentionDays: 45, // alert_max_days
    recomputeOn: 'unfiltered_alerts', // since 2.13 (PR #472)
    model: 'alert_count', // BuffaLogs' risk_score is the count of alerts; the score settings below are inert here
    ...RISK_SCORE_DEFAULTS,
  },
  baseline: {
    store: 'unique_login_rows',
    retentionDays: 45, // login_max_days, counted from insertion (wall clock), §6.3
    // BuffaLogs keeps every unique-login row and IP (UsersIP is never purged); bounded here so memory stays per user.
    ...STATE_BOUNDS,
    maxIps: 200,
    maxRecentLogins: 100,
  },
  // BuffaLogs raises one alert per detector finding; the verdict's values below are the default profile's, inert here.
  verdict: { ...VERDICT_DEFAULTS, enabled: false },
};

/**
 * The product's defaults. Reasons cite ../shared/reference/landscape.md (§4.1 thresholds in the field, §5 what users
 * complain about) and buffalogs-spec.md §11 (BuffaLogs' quirks).
 */
const DEFAULT: DetectionConfig = {
  profile: 'default',
  impossibleTravel: {
    enabled: true,
    // Elastic's ES|QL travel rules require ≥ 500 km: below that, GeoIP error (a city's IP block registered 300 km
    // away, landscape §5.4) and a fast train explain the jump. BuffaLogs' 100 km fires on regional GeoIP noise.
    minDistanceKm: 500,
    // An airliner cruises at ~900 km/h (Panther's ">900 km/h, 747 cruise"; Okta 805, Elastic 800). Anything slower is
    // a journey a user can make; BuffaLogs' 300 km/h flags every domestic flight.
    maxSpeedKmh: 900,
    // Travel from a known IP is still travel (an attacker replaying a session from a known proxy, alternating
    // continents): BuffaLogs' new-IP gate misses it (spec §11.6).
    onlyNewIp: false,
    // The previous login in time, so late-arriving or back-filled events compare with their real predecessor.
    baseline: 'previous_in_time',
    // Haversine is within 0.3 % of the ellipsoid; against thresholds of 500 km / 900 km/h that cannot change an
    // outcome that GeoIP error (tens of km) does not already dominate, and it is ~10x cheaper.
    distance: 'haversine',
    // MaxMind's accuracy radius (up to 1000 km for some blocks): only distance beyond both circles is evidence
    // (landscape §5.4, granit-dotnet suppresses on radius > 200 km).
    subtractAccuracyRadius: true,
    // Corporate VPN/SASE egress is the #1 source of travel false positives (landscape §5.1); list them here.
    trustedCidrs: [],
    trustedAsns: [],
    // CGNAT and cell-tower IP rotation geolocate a phone hundreds of km away inside its country (landscape §5.2,
    // Elastic #5865: ~40 % of atypical-region alerts were mobile).
    ignoreMobileSameCountry: true,
    ignoreSameIp: true,
  },
  newDevice: { enabled: true },
  newCountry: { enabled: true },
  // 30 days as BuffaLogs and ElastAlert's new_term window; compared with the latest login from the country.
  atypicalCountry: { enabled: true, days: 30, baseline: 'last_in_time' },
  anonymousIp: {
    enabled: true,
    intelligenceCategories: ['anonymizer'],
    caseInsensitive: true,
    cidrs: [],
    asns: [],
  },
  filters: {
    // BuffaLogs' placeholders for "no user name", made to match the lower-cased names they were meant for.
    ignoredUsers: ['Not Available', 'N/A'],
    enabledUsers: [],
    // Names and globs: an unanchored regex surprises (`svc.backup` matched `svc-backup-admin`) and can backtrack
    // without bound; `svc-*` says what administrators mean.
    userPatterns: 'glob',
    vipUsers: [],
    alertIsVipOnly: false,
    caseInsensitiveUsers: true,
    // Every alert is shown; risk is evidence, not a gate (BuffaLogs' `medium` hides a compromised account's first
    // alerts, and with its risk rule hides them forever, spec §2.9).
    minimumRiskLevel: 'no_risk',
    // Vendors warm up 5–14 days (landscape §5.9; MDCA 7 d); counted in log time so a back-fill is judged like live data.
    learningPeriodDays: 7,
    learningPeriodBasis: 'first_login_time',
    ignoredIps: ['127.0.0.0/8', '::1'],
    ignoredIpsMatch: 'cidr',
    allowedCountries: [],
    ignoredIsps: [],
    // Mobile logins are not muted wholesale (a stolen phone session is still a compromise); the carrier noise they
    // cause is handled by impossibleTravel.ignoreMobileSameCountry.
    ignoreMobileLogins: false,
    mobileOsNames: ['iOS', 'Android', 'Windows Phone'],
    filteredRules: [],
    // Same-country travel is real at continental scale (New York → Los Angeles in 10 minutes); mobile noise is
    // handled separately.
    ignoreSameCountryTravel: false,
    ignoredCountryCouples: [],
  },
  risk: {
    // In the verdict's model one alert per suspicious login counts; the detectors' ids count when the verdict is off.
    countedRules: ['new_country', 'anonymous_ip', 'atypical_country', 'impossible_travel', 'suspicious_login'],
    lowAt: 1,
    mediumAt: 4,
    highAt: 7,
    // Count model only: the score model raises no risk alert (the alerts that make the score are already open).
    alertAtLevel: 'medium',
    // Alerts older than this count no more (an open one at 7 days' half-life is down to 1/85 of its points by then).
    retentionDays: 45,
    recomputeOn: 'every_alert',
    // A count says "3 alerts" whether they were three takeovers or three holidays, and never falls when an analyst
    // closes them: the score weighs each alert by its own score, fades it with time and drops it when it is closed.
    model: 'alert_scores',
    ...RISK_SCORE_DEFAULTS,
  },
  baseline: {
    store: 'per_attribute',
    // Okta-style "last N" baselines with an age: a country or device unused for 180 days is new again.
    retentionDays: 180,
    ...STATE_BOUNDS,
  },
  verdict: VERDICT_DEFAULTS,
};

const PROFILES: Record<ProfileName, DetectionConfig> = { default: DEFAULT, buffalogs: BUFFALOGS };

/** A deep copy of a profile's defaults. */
export function profileDefaults(profile: ProfileName): DetectionConfig {
  return JSON.parse(JSON.stringify(PROFILES[profile])) as DetectionConfig;
}

export type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends Array<infer _U> ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};
export type DetectionConfigOverrides = DeepPartial<Omit<DetectionConfig, 'profile'>>;

export type { ConfigError, ParseResult } from './config_table';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates overrides of detection settings against the table (common/detection_config_table.ts). Unknown keys are
 * errors (a typo must not silently do nothing), prototype names included (`tableErrors` reads own keys only).
 * Errors carry a dotted path (`impossibleTravel.maxSpeedKmh`, `filters.ignoredIps[2]`) and a sentence.
 */
export function parseDetectionConfigOverrides(input: unknown): ParseResult<DetectionConfigOverrides> {
  if (input === undefined || input === null) return { ok: true, value: {} };
  if (!isPlainObject(input)) return { ok: false, errors: [{ path: '', message: 'must be an object of settings' }] };
  const errors = tableErrors(DETECTION_TABLE, input, (section) =>
    section === 'profile' ? ' (the profile is chosen separately, e.g. --profile)' : '',
  );
  if (errors.length === 0) {
    const risk = ownValue(input, 'risk') as Partial<RiskConfig> | undefined;
    if (risk) {
      // Ordering is checked against the merged values at resolve time; here only what the overrides alone contradict.
      const { lowAt, mediumAt, highAt } = risk;
      if (lowAt !== undefined && mediumAt !== undefined && mediumAt <= lowAt)
        errors.push({ path: 'risk.mediumAt', message: 'must be greater than risk.lowAt' });
      if (mediumAt !== undefined && highAt !== undefined && highAt <= mediumAt)
        errors.push({ path: 'risk.highAt', message: 'must be greater than risk.mediumAt' });
      const { scoreLowAt, scoreMediumAt, scoreHighAt } = risk;
      if (scoreLowAt !== undefined && scoreMediumAt !== undefined && scoreMediumAt <= scoreLowAt)
        errors.push({ path: 'risk.scoreMediumAt', message: 'must be greater than risk.scoreLowAt' });
      if (scoreMediumAt !== undefined && scoreHighAt !== undefined && scoreHighAt <= scoreMediumAt)
        errors.push({ path: 'risk.scoreHighAt', message: 'must be greater than risk.scoreMediumAt' });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: input as DetectionConfigOverrides };
}

/** Invalid settings, with every problem and its path (`filters.ignoredUsers[0]`), as the validator reports them. */
export class DetectionConfigError extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(`Invalid detection settings: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
}

/** What only the merged values show: the risk ladder, and user-list entries in the syntax finally in force. */
export function crossFieldErrors(config: DetectionConfig): ConfigError[] {
  const errors: ConfigError[] = [];
  const { lowAt, mediumAt, highAt } = config.risk;
  if (!(lowAt < mediumAt && mediumAt < highAt)) {
    errors.push({
      path: 'risk',
      message: `risk levels must rise: lowAt ${lowAt} < mediumAt ${mediumAt} < highAt ${highAt}`,
    });
  }
  const { scoreLowAt, scoreMediumAt, scoreHighAt } = config.risk;
  if (!(scoreLowAt < scoreMediumAt && scoreMediumAt < scoreHighAt)) {
    errors.push({
      path: 'risk',
      message:
        `risk score levels must rise: scoreLowAt ${scoreLowAt} < scoreMediumAt ${scoreMediumAt} ` +
        `< scoreHighAt ${scoreHighAt}`,
    });
  }
  const syntax = config.filters.userPatterns;
  for (const list of ['ignoredUsers', 'enabledUsers'] as const) {
    config.filters[list].forEach((entry, i) => {
      const message = userPatternError(entry, syntax);
      if (message) errors.push({ path: `filters.${list}[${i}]`, message });
    });
    const message = userListError(config.filters[list], syntax);
    if (message) errors.push({ path: `filters.${list}`, message });
  }
  return errors;
}

/**
 * The effective settings: a profile's defaults with validated overrides applied (lists replace, they do not append).
 * Throws a DetectionConfigError listing every problem when the overrides are invalid.
 */
export function resolveDetectionConfig(profile: ProfileName, overrides?: unknown): DetectionConfig {
  if (!ownValue(PROFILES, profile))
    throw new Error(`Unknown detection profile "${String(profile)}"; use one of: ${PROFILE_NAMES.join(', ')}`);
  const parsed = parseDetectionConfigOverrides(overrides);
  if (!parsed.ok) throw new DetectionConfigError(parsed.errors);
  const config = applyOverrides(DETECTION_TABLE, PROFILES[profile], parsed.value);
  const errors = crossFieldErrors(config);
  if (errors.length) throw new DetectionConfigError(errors);
  return config;
}
