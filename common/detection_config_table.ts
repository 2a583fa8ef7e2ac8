/**
 * The login family's detection settings as one table (common/config_table.ts): every leaf of `DetectionConfig` but
 * `profile`, with its kind, what it means and, for the settings the form offers, its group, order, label and help.
 * Derived from it: the API/CLI validator (`parseDetectionConfigOverrides`, ./detection_config.ts), the kibana.yml
 * schema `buffalogs.detection` (server/config_sections.ts) and the Settings form (public/components/settings/).
 * The two profiles' values, each with its reason, are in ./detection_config.ts. No Kibana imports (browser too).
 */
import type { ConfigTable, LeafKind } from './config_table';
import { RISK_LEVELS } from './constants';
import type { DetectionConfig } from './detection_config';
import { cidrError } from './ip_ranges';
import { MAX_USER_LIST_ENTRIES, MAX_USER_PATTERN_LENGTH } from './user_patterns';

/** The Settings form's groups, in display order, as an analyst thinks of them. */
export const DETECTION_FORM_GROUPS = [
  { id: 'detectors', title: 'Detectors' },
  { id: 'thresholds', title: 'Thresholds' },
  { id: 'lists', title: 'Allow-lists and filters (one entry per line)' },
] as const;
export type DetectionFormGroup = (typeof DETECTION_FORM_GROUPS)[number]['id'];

const bool = { t: 'bool' } as const;
/**
 * A travel distance: no two places on Earth are more than 20,038 km apart (half the equator), so a larger minimum
 * distance would turn impossible travel off without a word.
 */
const km = { t: 'num', min: 0, max: 20038 } as const;
const speed = { t: 'num', min: 1 } as const;
const count = { t: 'num', min: 1, max: 100000, int: true } as const;
const days = { t: 'num', min: 0, max: 36500 } as const;
const strings = { t: 'strings' } as const;
const cidrs = { t: 'strings', check: cidrError } as const;
/** Entry syntax depends on `filters.userPatterns`, known only once merged: checked in `crossFieldErrors`. */
const userList = { t: 'strings', maxItems: MAX_USER_LIST_ENTRIES, maxLength: MAX_USER_PATTERN_LENGTH } as const;
const asns = { t: 'asns' } as const;
const rules = { t: 'rules' } as const;
const level = { t: 'enum', values: RISK_LEVELS } as const;
const weight = { t: 'num', min: 0, max: 100 } as const;
const factor = { t: 'num', min: 0, max: 1 } as const;
const scorePoints = { t: 'num', min: 1, max: 100 } as const;
const oneOf = (...values: string[]): LeafKind => ({ t: 'enum', values });

type Overridable = Omit<DetectionConfig, 'profile'>;

export const DETECTION_TABLE: ConfigTable<Overridable, DetectionFormGroup> = {
  impossibleTravel: {
    enabled: {
      kind: bool,
      about: 'Alert when two logins are further apart than a journey allows.',
      form: { group: 'detectors', order: 1, label: 'Impossible travel' },
    },
    minDistanceKm: {
      kind: km,
      about: 'Alert only when the distance (after uncertainty) is strictly greater than this.',
      form: {
        group: 'thresholds',
        order: 2,
        label: 'Travel: minimum distance (km)',
        help: 'Shorter jumps are GeoIP noise.',
      },
    },
    maxSpeedKmh: {
      kind: speed,
      about: 'Alert only when the speed is strictly greater than this.',
      form: {
        group: 'thresholds',
        order: 1,
        label: 'Travel: maximum plausible speed (km/h)',
        help: 'Faster journeys alert. An airliner cruises at about 900 km/h.',
      },
    },
    onlyNewIp: { kind: bool, about: 'Evaluate travel only for a login from an IP the user has not used before.' },
    baseline: {
      kind: oneOf('newest_stored', 'previous_in_time'),
      about: "Which earlier login a login is compared with: BuffaLogs' newest stored row, or the previous in time.",
    },
    distance: {
      kind: oneOf('wgs84_geodesic', 'haversine'),
      about: "geopy's geodesic (exact BuffaLogs numbers) or the sphere (0.3 % off, much cheaper).",
    },
    subtractAccuracyRadius: { kind: bool, about: "Subtract both logins' GeoIP accuracy radius from the distance." },
    trustedCidrs: {
      kind: cidrs,
      about:
        "Logins from these ranges (corporate VPN / proxy egress) are never a travel end, and the verdict takes them for the organisation's network (no place novelty). Never an anonymiser's; at most a /8 or /19.",
      form: { group: 'lists', order: 1, label: 'Trusted networks (VPN/proxy egress, offices: CIDRs)' },
    },
    trustedAsns: {
      kind: asns,
      about: 'Same as trustedCidrs, by autonomous system number.',
      form: { group: 'lists', order: 2, label: 'Trusted AS numbers' },
    },
    ignoreMobileSameCountry: {
      kind: bool,
      about: 'Two logins in the same country where either is from a mobile OS: carrier IP rotation, not travel.',
    },
    ignoreSameIp: { kind: bool, about: 'The same IP as the previous login is never travel.' },
  },
  newDevice: {
    enabled: {
      kind: bool,
      about: 'Alert on a login from a device the user never used.',
      form: { group: 'detectors', order: 4, label: 'New device' },
    },
  },
  newCountry: {
    enabled: {
      kind: bool,
      about: 'Alert on a login from a country the user never logged in from.',
      form: { group: 'detectors', order: 2, label: 'New country' },
    },
  },
  atypicalCountry: {
    enabled: {
      kind: bool,
      about: 'Alert on a login from a known country not seen for `days`.',
      form: { group: 'detectors', order: 3, label: 'Atypical country' },
    },
    days: {
      kind: days,
      about: 'A known country is atypical when its last login is at least this many (whole) days before.',
      form: { group: 'thresholds', order: 3, label: 'Atypical country after (days)' },
    },
    baseline: {
      kind: oneOf('last_inserted', 'last_in_time'),
      about: "BuffaLogs' most recently inserted row for the country, or the latest login.",
    },
  },
  anonymousIp: {
    enabled: {
      kind: bool,
      about: 'Alert on a login from an anonymiser (category, range or AS).',
      form: { group: 'detectors', order: 5, label: 'Anonymous IP' },
    },
    intelligenceCategories: {
      kind: strings,
      about: 'Values of `source.intelligence_category` that mean an anonymiser.',
    },
    caseInsensitive: { kind: bool, about: 'Compare the category case-insensitively.' },
    cidrs: {
      kind: cidrs,
      about: 'Anonymiser ranges, IPv4 and IPv6 (e.g. a Tor exit list loaded by the CLI).',
      form: { group: 'lists', order: 7, label: 'Anonymiser networks (CIDRs)' },
    },
    asns: {
      kind: asns,
      about: 'Anonymiser/VPN-provider autonomous systems.',
      form: { group: 'lists', order: 8, label: 'Anonymiser AS numbers' },
    },
  },
  filters: {
    ignoredUsers: {
      kind: userList,
      about: 'Users whose alerts are filtered: entries in the `userPatterns` syntax.',
      form: {
        group: 'lists',
        order: 4,
        label: 'Ignored users',
        help:
          'Exact names, or globs matching the whole name: svc-* (any characters), user? (one character). ' +
          'In the buffalogs profile: regular expressions found anywhere in the name, as in BuffaLogs.',
      },
    },
    enabledUsers: {
      kind: userList,
      about: "When non-empty, only these users' alerts are unfiltered: entries in the `userPatterns` syntax.",
    },
    userPatterns: {
      kind: oneOf('glob', 'regex'),
      about: "How user-list entries match: whole-name globs, or BuffaLogs' unanchored regular expressions.",
    },
    vipUsers: { kind: strings, about: 'VIP users (exact names).' },
    alertIsVipOnly: { kind: bool, about: 'Filter every alert of a user not in `vipUsers`.' },
    caseInsensitiveUsers: { kind: bool, about: 'Match user lists case-insensitively.' },
    minimumRiskLevel: {
      kind: level,
      about: 'Filter alerts of users whose risk (before the alert) is below this level.',
      form: { group: 'thresholds', order: 9, label: 'Filter alerts of users below risk' },
    },
    learningPeriodDays: {
      kind: days,
      about: "Filter alerts during a user's first N days (0 = off).",
      form: {
        group: 'thresholds',
        order: 4,
        label: 'Learning period (days)',
        help: 'Alerts of a new user are filtered this long.',
      },
    },
    learningPeriodBasis: {
      kind: oneOf('first_seen_wall_clock', 'first_login_time'),
      about: "Days since the detector first saw the user (BuffaLogs), or since the user's first login in log time.",
    },
    ignoredIps: {
      kind: strings,
      about: 'Alerts on logins from these addresses (or ranges, with `cidr` matching) are filtered.',
      form: { group: 'lists', order: 3, label: 'Ignored IPs' },
    },
    ignoredIpsMatch: {
      kind: oneOf('exact', 'cidr'),
      about: '`exact`: string equality (BuffaLogs); `cidr`: address or range match.',
    },
    allowedCountries: {
      kind: strings,
      about: 'Alerts on logins from these countries are filtered.',
      form: { group: 'lists', order: 5, label: 'Allowed countries (name or ISO code)' },
    },
    ignoredIsps: {
      kind: strings,
      about: 'Alerts on logins from these AS organisations are filtered (exact name).',
      form: { group: 'lists', order: 6, label: 'Ignored ISPs (AS organisation)' },
    },
    ignoreMobileLogins: { kind: bool, about: 'Filter alerts on logins from a mobile OS.' },
    mobileOsNames: { kind: strings, about: 'OS names that make a login "mobile" (ua-parser `os.name`).' },
    filteredRules: { kind: rules, about: 'Alerts of these detectors are produced but always filtered.' },
    ignoreSameCountryTravel: { kind: bool, about: 'Filter impossible travel whose two ends are in the same country.' },
    ignoredCountryCouples: {
      kind: { t: 'couples' },
      about: 'Filter impossible travel between these pairs of countries (either direction; `[X, X]` = within X).',
    },
  },
  risk: {
    countedRules: { kind: rules, about: "Alerts of these detectors raise the user's risk." },
    lowAt: {
      kind: count,
      about: 'Counted alerts needed for the low level.',
      form: { group: 'thresholds', order: 5, label: 'Risk low at (alerts)' },
    },
    mediumAt: {
      kind: count,
      about: 'Counted alerts needed for the medium level.',
      form: { group: 'thresholds', order: 6, label: 'Risk medium at (alerts)' },
    },
    highAt: {
      kind: count,
      about: 'Counted alerts needed for the high level.',
      form: { group: 'thresholds', order: 7, label: 'Risk high at (alerts)' },
    },
    alertAtLevel: {
      kind: level,
      about: 'A `user_risk_threshold` alert fires when the level rises to at least this level.',
      form: { group: 'thresholds', order: 8, label: 'Alert when risk reaches' },
    },
    retentionDays: { kind: days, about: 'Counted alerts older than this stop counting.' },
    recomputeOn: {
      kind: oneOf('unfiltered_alerts', 'every_alert'),
      about: 'Recompute the level only on unfiltered alerts (BuffaLogs ≥ 2.13), or on every counted alert.',
    },
    model: {
      kind: oneOf('alert_count', 'alert_scores'),
      about:
        'Risk from the number of counted alerts (BuffaLogs), or from their scores: open alerts only, fading with ' +
        'time, High at once on a takeover pattern.',
    },
    halfLifeDays: {
      kind: { t: 'num', min: 0.1, max: 3650 },
      about: "Score model: an open alert's points halve every this many days.",
      form: { group: 'thresholds', order: 8.1, label: 'Risk half-life (days)', help: 'Score model (default profile).' },
    },
    scoreLowAt: {
      kind: scorePoints,
      about: 'Score model: points needed for the low level.',
      form: { group: 'thresholds', order: 8.2, label: 'Risk low at (score)' },
    },
    scoreMediumAt: {
      kind: scorePoints,
      about: 'Score model: points needed for the medium level.',
      form: { group: 'thresholds', order: 8.3, label: 'Risk medium at (score)' },
    },
    scoreHighAt: {
      kind: scorePoints,
      about: 'Score model: points needed for the high level (an open takeover pattern holds the user there).',
      form: { group: 'thresholds', order: 8.4, label: 'Risk high at (score)' },
    },
  },
  baseline: {
    store: {
      kind: oneOf('unique_login_rows', 'per_attribute'),
      about: "How a user's history is kept: BuffaLogs' unique-login rows, or bounded per-attribute lists.",
    },
    retentionDays: { kind: days, about: 'Forget baseline entries not seen for this many days.' },
    maxCountries: { kind: count, about: 'Countries kept per user (least recently seen evicted first).' },
    maxDevices: { kind: count, about: 'Devices kept per user.' },
    maxIps: { kind: count, about: 'IPs kept per user.' },
    maxAsns: { kind: count, about: 'ASNs kept per user.' },
    maxRecentLogins: { kind: count, about: 'Recent logins kept for the travel comparison.' },
    dedupWindow: { kind: count, about: "Identities of a user's most recently judged logins, to drop duplicates." },
    maxRiskAlerts: { kind: count, about: 'Alerts remembered for the risk level.' },
  },
  verdict: {
    enabled: { kind: bool, about: "Off: every detector's finding is its own alert (BuffaLogs)." },
    alertThreshold: { kind: { t: 'num', min: 1, max: 100 }, about: 'A login whose score reaches this is an alert.' },
    weightAnonymousIp: { kind: weight, about: 'Points for an anonymiser.' },
    weightNewDevice: { kind: weight, about: 'Points for a new device.' },
    weightDeviceUpgrade: { kind: weight, about: 'Points for a known device whose OS major version changed.' },
    weightNewNetwork: { kind: weight, about: 'Points for an AS the user never logged in from.' },
    weightNewNetworkForDevice: { kind: weight, about: 'Points for a known AS never used with this kind of device.' },
    weightNewCountry: { kind: weight, about: 'Points for a new country.' },
    weightAtypicalCountry: { kind: weight, about: 'Points for an atypical country.' },
    weightRareCountry: { kind: weight, about: 'Added to a new country when (almost) no colleague uses it.' },
    weightRareNetwork: { kind: weight, about: 'Added to a new network when (almost) no colleague uses it.' },
    weightImpossibleTravel: { kind: weight, about: 'Points for impossible travel.' },
    weightStolenSession: { kind: weight, about: 'Points for a known device far away within a session.' },
    weightUnfamiliarAddress: {
      kind: weight,
      about:
        'Points for a browser the user never used from an address range (/24, /48) the user never used that is neither ' +
        "the organisation's network nor a mobile carrier's for a phone: a new laptop starts where its owner always is; " +
        "a phisher's or sprayer's browser does not.",
    },
    carrierMobileShare: {
      kind: factor,
      about:
        "Share of an AS's logins from phones and tablets from which it is a mobile carrier: its ranges are never the " +
        "organisation's network and a phone's new address there is ordinary.",
    },
    weightUnusualForUser: {
      kind: weight,
      about:
        'Points for a login unusual for this user in the per-user habit model (place, network, device, hour), at its ' +
        'full score; scaled by the score. Counted only with another signal.',
    },
    unusualThreshold: {
      kind: factor,
      about: 'Habit-model score (0–1) from which a login counts as unusual for the user.',
    },
    unusualMinLogins: {
      kind: { t: 'num', min: 0, max: 100000 },
      about: 'Decayed logins a user needs before the habit model says anything (cold start).',
    },
    unusualHalfLifeDays: {
      kind: { t: 'num', min: 0.1, max: 3650 },
      about: "Half-life, in days, of the habit model's counts: older habits weigh less.",
    },
    sameCountryTravelFactor: { kind: factor, about: 'Fraction impossible travel inside one country weighs.' },
    ownNetworkTravelFactor: {
      kind: factor,
      about: "Fraction travel to the user's own network on a known device weighs.",
    },
    travellerFactor: { kind: factor, about: 'Fraction place novelty weighs for a traveller on a known device.' },
    sessionMinutes: { kind: { t: 'num', min: 0, max: 10080 }, about: 'How long a session lasts (stolen session).' },
    journeySpeedKmh: { kind: speed, about: 'A journey is plausible at this speed plus `journeyOverheadHours`…' },
    journeyOverheadHours: { kind: { t: 'num', min: 0, max: 48 }, about: '…hours of airports at both ends.' },
    groundSpeedKmh: { kind: speed, about: '…or, for short distances, at this ground speed.' },
    rareShare: { kind: factor, about: 'Share of the other users below which a country or network is rare.' },
    minPopulation: { kind: count, about: 'Population rarity says nothing until this many users have been seen.' },
    orgMinUsersPerPrefix: {
      kind: count,
      about: "Distinct users from one /24 or /48 that make it the organisation's network.",
    },
    incidentMinutes: {
      kind: { t: 'num', min: 0, max: 1440 },
      about:
        "A suspicious login this many minutes or less from an open incident of the same user joins it: the incident's " +
        'one alert is updated (its logins, span and combined score) instead of a second alert. 0: one alert per login.',
    },
  },
};
