/**
 * The real-world facts the demo sample is made of: cities with their coordinates and UTC offsets (standard time; the
 * sample does not need DST), the networks people log in from (real ASNs and organisation names, each with a plausible
 * address block), and real user-agent strings. IP blocks are illustrative: the sample is never sent anywhere.
 */

export interface City {
  name: string;
  iso: string;
  country: string;
  lat: number;
  lon: number;
  /** Hours from UTC, standard time. */
  utcOffset: number;
}

const city = (name: string, iso: string, country: string, lat: number, lon: number, utcOffset: number): City => ({
  name,
  iso,
  country,
  lat,
  lon,
  utcOffset,
});

export const CITIES = {
  milan: city('Milan', 'IT', 'Italy', 45.4642, 9.19, 1),
  rome: city('Rome', 'IT', 'Italy', 41.9028, 12.4964, 1),
  naples: city('Naples', 'IT', 'Italy', 40.8518, 14.2681, 1),
  palermo: city('Palermo', 'IT', 'Italy', 38.1157, 13.3615, 1),
  london: city('London', 'GB', 'United Kingdom', 51.5074, -0.1278, 0),
  manchester: city('Manchester', 'GB', 'United Kingdom', 53.4808, -2.2426, 0),
  glasgow: city('Glasgow', 'GB', 'United Kingdom', 55.8642, -4.2518, 0),
  paris: city('Paris', 'FR', 'France', 48.8566, 2.3522, 1),
  lyon: city('Lyon', 'FR', 'France', 45.764, 4.8357, 1),
  marseille: city('Marseille', 'FR', 'France', 43.2965, 5.3698, 1),
  berlin: city('Berlin', 'DE', 'Germany', 52.52, 13.405, 1),
  munich: city('Munich', 'DE', 'Germany', 48.1351, 11.582, 1),
  frankfurt: city('Frankfurt am Main', 'DE', 'Germany', 50.1109, 8.6821, 1),
  hamburg: city('Hamburg', 'DE', 'Germany', 53.5511, 9.9937, 1),
  nuremberg: city('Nuremberg', 'DE', 'Germany', 49.4521, 11.0767, 1),
  madrid: city('Madrid', 'ES', 'Spain', 40.4168, -3.7038, 1),
  barcelona: city('Barcelona', 'ES', 'Spain', 41.3874, 2.1686, 1),
  seville: city('Seville', 'ES', 'Spain', 37.3891, -5.9845, 1),
  amsterdam: city('Amsterdam', 'NL', 'Netherlands', 52.3676, 4.9041, 1),
  newYork: city('New York', 'US', 'United States', 40.7128, -74.006, -5),
  chicago: city('Chicago', 'US', 'United States', 41.8781, -87.6298, -6),
  dallas: city('Dallas', 'US', 'United States', 32.7767, -96.797, -6),
  losAngeles: city('Los Angeles', 'US', 'United States', 34.0522, -118.2437, -8),
  sanFrancisco: city('San Francisco', 'US', 'United States', 37.7749, -122.4194, -8),
  toronto: city('Toronto', 'CA', 'Canada', 43.6532, -79.3832, -5),
  tokyo: city('Tokyo', 'JP', 'Japan', 35.6762, 139.6503, 9),
  singapore: city('Singapore', 'SG', 'Singapore', 1.3521, 103.8198, 8),
  saoPaulo: city('São Paulo', 'BR', 'Brazil', -23.5505, -46.6333, -3),
  lagos: city('Lagos', 'NG', 'Nigeria', 6.5244, 3.3792, 1),
  moscow: city('Moscow', 'RU', 'Russia', 55.7558, 37.6173, 3),
  bucharest: city('Bucharest', 'RO', 'Romania', 44.4268, 26.1025, 2),
  dubai: city('Dubai', 'AE', 'United Arab Emirates', 25.2048, 55.2708, 4),
};
export type CityKey = keyof typeof CITIES;

export interface Network {
  asn: number;
  org: string;
  /** An IPv4 block written as `a.b` (a /16): addresses are drawn from it. */
  block: string;
  mobile?: boolean;
}

const net = (asn: number, org: string, block: string, mobile = false): Network => ({ asn, org, block, mobile });

/** Per country: a fixed-line ISP (home and office) and a mobile carrier. */
export const NETWORKS: Record<string, { fixed: Network[]; mobile: Network }> = {
  IT: {
    fixed: [net(3269, 'Telecom Italia S.p.A.', '79.20'), net(12874, 'Fastweb SpA', '93.34')],
    mobile: net(30722, 'Vodafone Italia S.p.A.', '5.90', true),
  },
  GB: {
    fixed: [net(2856, 'British Telecommunications PLC', '86.150'), net(5089, 'Virgin Media Limited', '82.32')],
    mobile: net(12576, 'EE Limited', '31.94', true),
  },
  FR: {
    fixed: [net(3215, 'Orange S.A.', '90.10'), net(12322, 'Free SAS', '82.64')],
    mobile: net(15557, 'Societe Francaise du Radiotelephone - SFR SA', '77.136', true),
  },
  DE: {
    fixed: [net(3320, 'Deutsche Telekom AG', '79.200'), net(3209, 'Vodafone GmbH', '88.64')],
    mobile: net(6805, 'Telefonica Germany GmbH & Co.OHG', '176.0', true),
  },
  ES: {
    fixed: [net(3352, 'Telefonica de Espana S.A.U.', '83.40')],
    mobile: net(12430, 'Vodafone Espana S.A.U.', '37.132', true),
  },
  NL: {
    fixed: [net(1136, 'KPN B.V.', '84.24')],
    mobile: net(1136, 'KPN B.V.', '77.60', true),
  },
  US: {
    fixed: [net(7922, 'Comcast Cable Communications, LLC', '73.12'), net(7018, 'AT&T Services, Inc.', '99.20')],
    mobile: net(21928, 'T-Mobile USA, Inc.', '172.58', true),
  },
  CA: {
    fixed: [net(812, 'Rogers Communications Canada Inc.', '99.230')],
    mobile: net(812, 'Rogers Communications Canada Inc.', '174.112', true),
  },
  JP: {
    fixed: [net(4713, 'NTT Communications Corporation', '153.156')],
    mobile: net(2516, 'KDDI CORPORATION', '106.128', true),
  },
  SG: {
    fixed: [net(7473, 'Singapore Telecommunications Ltd', '116.14')],
    mobile: net(7473, 'Singapore Telecommunications Ltd', '118.200', true),
  },
  AE: {
    fixed: [net(5384, 'Emirates Telecommunications Group Company (ETISALAT GROUP) PJSC', '94.200')],
    mobile: net(5384, 'Emirates Telecommunications Group Company (ETISALAT GROUP) PJSC', '2.50', true),
  },
};

/** Where a mobile carrier's CGNAT egress geolocates a phone: anywhere among these cities of the country. */
export const MOBILE_EGRESS: Record<string, CityKey[]> = {
  IT: ['milan', 'rome', 'naples', 'palermo'],
  GB: ['london', 'manchester', 'glasgow'],
  FR: ['paris', 'lyon', 'marseille'],
  DE: ['berlin', 'munich', 'frankfurt', 'hamburg'],
  ES: ['madrid', 'barcelona', 'seville'],
  NL: ['amsterdam'],
  US: ['newYork', 'chicago', 'dallas', 'losAngeles', 'sanFrancisco'],
  CA: ['toronto'],
};

/**
 * The company's remote-access egress (a cloud security service): logins through it geolocate to Frankfurt or
 * Amsterdam whatever the user's real place. The demo's settings trust this ASN and these ranges for travel.
 */
export const CORPORATE_VPN = {
  network: net(53813, 'ZSCALER, INC.', '165.225'),
  egress: [
    { city: 'frankfurt' as CityKey, cidr: '165.225.72.0/22', prefix: '165.225.72' },
    { city: 'amsterdam' as CityKey, cidr: '165.225.196.0/22', prefix: '165.225.196' },
  ],
};

/** Tor exit relays (a published exit list would be loaded in production); these carry `intelligence_category`. */
export const TOR_EXITS = {
  network: net(60729, 'Stiftung Erneuerbare Freiheit', '185.220'),
  cidrs: ['185.220.100.0/22', '199.249.230.0/24', '204.85.191.0/24'],
  /** Exit addresses used by the sample (inside the first range) and where GeoIP places them. */
  prefix: '185.220.101',
  city: 'nuremberg' as CityKey,
};

/** Networks an attacker logs in from. */
export const ATTACKER_NETWORKS: Array<{ city: CityKey; network: Network }> = [
  { city: 'lagos', network: net(29465, 'MTN NIGERIA Communication limited', '197.210') },
  { city: 'moscow', network: net(12389, 'PJSC Rostelecom', '95.24') },
  { city: 'saoPaulo', network: net(26599, 'TELEFONICA BRASIL S.A', '177.32') },
  { city: 'singapore', network: net(14061, 'DIGITALOCEAN-ASN', '128.199') },
  { city: 'bucharest', network: net(9009, 'M247 Europe SRL', '185.156') },
];

/** Hotel and conference networks a traveller uses abroad, by destination. */
export const TRIP_DESTINATIONS: CityKey[] = [
  'newYork',
  'london',
  'tokyo',
  'singapore',
  'dubai',
  'sanFrancisco',
  'madrid',
  'toronto',
];

export interface Device {
  kind: 'desktop' | 'mobile';
  userAgent: string;
}

export const DESKTOPS: Device[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
].map((userAgent) => ({ kind: 'desktop' as const, userAgent }));

export const PHONES: Device[] = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
].map((userAgent) => ({ kind: 'mobile' as const, userAgent }));

/** A user's next phone: a new OS major version or a new model, so the device fingerprint changes. */
export const NEW_PHONES: Device[] = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.86 Mobile Safari/537.36',
].map((userAgent) => ({ kind: 'mobile' as const, userAgent }));

/** What attackers log in with: an unfamiliar desktop, a script, a headless browser. */
export const ATTACKER_DEVICES: Device[] = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0',
  'python-requests/2.31.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36',
].map((userAgent) => ({ kind: 'desktop' as const, userAgent }));

/** Home cities by country, and given names / surnames to build user names from. */
export const HOMES: Array<{ city: CityKey; weight: number; first: string[]; last: string[] }> = [
  {
    city: 'milan',
    weight: 4,
    first: ['giulia', 'marco', 'francesca', 'luca', 'chiara', 'davide'],
    last: ['rossi', 'bianchi', 'ferrari', 'colombo', 'ricci'],
  },
  {
    city: 'rome',
    weight: 2,
    first: ['alessandro', 'sara', 'matteo', 'elena'],
    last: ['russo', 'romano', 'greco', 'conti'],
  },
  {
    city: 'london',
    weight: 3,
    first: ['james', 'olivia', 'harry', 'amelia', 'george'],
    last: ['smith', 'jones', 'taylor', 'brown', 'wilson'],
  },
  {
    city: 'paris',
    weight: 2,
    first: ['camille', 'louis', 'chloe', 'hugo'],
    last: ['martin', 'bernard', 'dubois', 'moreau'],
  },
  {
    city: 'berlin',
    weight: 2,
    first: ['lukas', 'anna', 'felix', 'lea'],
    last: ['mueller', 'schmidt', 'schneider', 'fischer'],
  },
  { city: 'munich', weight: 1, first: ['maximilian', 'sophie'], last: ['weber', 'wagner'] },
  { city: 'madrid', weight: 1, first: ['lucia', 'pablo', 'carmen'], last: ['garcia', 'fernandez', 'lopez'] },
  { city: 'amsterdam', weight: 1, first: ['daan', 'emma', 'sem'], last: ['de.jong', 'jansen', 'de.vries'] },
  {
    city: 'newYork',
    weight: 2,
    first: ['michael', 'emily', 'david', 'sarah'],
    last: ['johnson', 'williams', 'miller', 'davis'],
  },
  { city: 'sanFrancisco', weight: 1, first: ['ryan', 'jessica', 'kevin'], last: ['nguyen', 'anderson', 'thomas'] },
];

// --- The labeled benchmark month (scripts/quality/) -----------------------------------------------------------------
// The same world, with what a quality benchmark needs beyond the demo: shared office egress, GeoIP's country-level
// guesses, airports, privacy VPNs, hosting networks attacks come from, browser upgrades.

/** More cities: where GeoIP misplaces an ISP's addresses, where privacy VPNs and hosting providers have exits. */
export const MORE_CITIES = {
  turin: city('Turin', 'IT', 'Italy', 45.0703, 7.6869, 1),
  bologna: city('Bologna', 'IT', 'Italy', 44.4949, 11.3426, 1),
  birmingham: city('Birmingham', 'GB', 'United Kingdom', 52.4862, -1.8904, 0),
  toulouse: city('Toulouse', 'FR', 'France', 43.6047, 1.4442, 1),
  roubaix: city('Roubaix', 'FR', 'France', 50.6942, 3.1746, 1),
  cologne: city('Cologne', 'DE', 'Germany', 50.9375, 6.9603, 1),
  valencia: city('Valencia', 'ES', 'Spain', 39.4699, -0.3763, 1),
  rotterdam: city('Rotterdam', 'NL', 'Netherlands', 51.9244, 4.4777, 1),
  boston: city('Boston', 'US', 'United States', 42.3601, -71.0589, -5),
  ashburn: city('Ashburn', 'US', 'United States', 39.0438, -77.4874, -5),
  stockholm: city('Stockholm', 'SE', 'Sweden', 59.3293, 18.0686, 1),
  zurich: city('Zurich', 'CH', 'Switzerland', 47.3769, 8.5417, 1),
};

/** Any city of either table by key. */
export const ALL_CITIES: Record<string, City> = { ...CITIES, ...MORE_CITIES };

/**
 * Where GeoIP puts an address it only knows the country of: the country's default point, with no city (MaxMind's
 * for the United States, 37.751,-97.822, is the famous Kansas farm). 1,000+ km from a coastal home.
 */
export const COUNTRY_CENTROIDS: Record<string, City> = {
  IT: city('', 'IT', 'Italy', 43.1479, 12.1097, 1),
  GB: city('', 'GB', 'United Kingdom', 51.4964, -0.1224, 0),
  FR: city('', 'FR', 'France', 48.8582, 2.3387, 1),
  DE: city('', 'DE', 'Germany', 51.2993, 9.491, 1),
  ES: city('', 'ES', 'Spain', 40.4172, -3.684, 1),
  NL: city('', 'NL', 'Netherlands', 52.3824, 4.8995, 1),
  US: city('', 'US', 'United States', 37.751, -97.822, -6),
};

/** Other cities of a country GeoIP may put an ISP's address in (city-level error). */
export const GEOIP_NEIGHBOURS: Record<string, string[]> = {
  IT: ['turin', 'bologna', 'rome', 'milan'],
  GB: ['birmingham', 'manchester', 'london'],
  FR: ['toulouse', 'lyon', 'paris'],
  DE: ['cologne', 'frankfurt', 'berlin', 'munich'],
  ES: ['valencia', 'madrid', 'barcelona'],
  NL: ['rotterdam', 'amsterdam'],
  US: ['boston', 'chicago', 'newYork', 'dallas'],
};

/** The company's offices: everyone there leaves through the same small NAT pool (shared egress). */
export const OFFICES: Partial<Record<CityKey, { network: Network; addresses: string[] }>> = {
  milan: { network: net(12874, 'Fastweb SpA', '93.34'), addresses: ['93.34.200.10', '93.34.200.11'] },
  london: { network: net(2856, 'British Telecommunications PLC', '86.150'), addresses: ['86.150.40.2'] },
  paris: { network: net(3215, 'Orange S.A.', '90.10'), addresses: ['90.10.77.20', '90.10.77.21'] },
  berlin: { network: net(3320, 'Deutsche Telekom AG', '79.200'), addresses: ['79.200.15.130'] },
  newYork: { network: net(7018, 'AT&T Services, Inc.', '99.20'), addresses: ['99.20.8.1', '99.20.8.2', '99.20.8.3'] },
};

/** Airports of the homes and trip destinations: travellers log in from their Wi-Fi before and after a flight. */
export const AIRPORTS: Partial<Record<CityKey, City>> = {
  milan: city('Milan Malpensa Airport', 'IT', 'Italy', 45.6306, 8.7281, 1),
  rome: city('Rome Fiumicino Airport', 'IT', 'Italy', 41.8003, 12.2389, 1),
  london: city('London Heathrow Airport', 'GB', 'United Kingdom', 51.47, -0.4543, 0),
  paris: city('Paris Charles de Gaulle Airport', 'FR', 'France', 49.0097, 2.5479, 1),
  berlin: city('Berlin Brandenburg Airport', 'DE', 'Germany', 52.3667, 13.5033, 1),
  munich: city('Munich Airport', 'DE', 'Germany', 48.3538, 11.7861, 1),
  madrid: city('Madrid Barajas Airport', 'ES', 'Spain', 40.4983, -3.5676, 1),
  amsterdam: city('Amsterdam Schiphol Airport', 'NL', 'Netherlands', 52.3105, 4.7683, 1),
  newYork: city('John F. Kennedy International Airport', 'US', 'United States', 40.6413, -73.7781, -5),
  sanFrancisco: city('San Francisco International Airport', 'US', 'United States', 37.6213, -122.379, -8),
  tokyo: city('Narita International Airport', 'JP', 'Japan', 35.772, 140.3929, 9),
  singapore: city('Singapore Changi Airport', 'SG', 'Singapore', 1.3644, 103.9915, 8),
  dubai: city('Dubai International Airport', 'AE', 'United Arab Emirates', 25.2532, 55.3657, 4),
  toronto: city('Toronto Pearson International Airport', 'CA', 'Canada', 43.6777, -79.6248, -5),
};

/** Commercial privacy VPNs some employees use all the time: each session leaves through one of the exits. */
export const PRIVACY_VPNS: Array<{ name: string; exits: Array<{ city: string; network: Network }> }> = [
  {
    name: 'Mullvad',
    exits: [
      { city: 'stockholm', network: net(39351, '31173 Services AB', '185.65.134') },
      { city: 'amsterdam', network: net(39351, '31173 Services AB', '185.65.135') },
      { city: 'frankfurt', network: net(39351, '31173 Services AB', '193.138.218') },
    ],
  },
  {
    name: 'Proton VPN',
    exits: [
      { city: 'zurich', network: net(62371, 'Proton AG', '185.159.157') },
      { city: 'amsterdam', network: net(9009, 'M247 Europe SRL', '146.70.202') },
    ],
  },
  {
    name: 'NordVPN',
    exits: [
      { city: 'london', network: net(60068, 'Datacamp Limited', '89.187.185') },
      { city: 'newYork', network: net(60068, 'Datacamp Limited', '143.244.44') },
      { city: 'frankfurt', network: net(60068, 'Datacamp Limited', '156.146.33') },
    ],
  },
];

/** Hosting providers credential stuffing and password sprays run from (one address or a few of one range). */
export const HOSTING_NETWORKS: Array<{ city: string; network: Network }> = [
  { city: 'ashburn', network: net(16509, 'AMAZON-02', '3.80') },
  { city: 'roubaix', network: net(16276, 'OVH SAS', '51.77') },
  { city: 'nuremberg', network: net(24940, 'Hetzner Online GmbH', '88.198') },
  { city: 'singapore', network: net(14061, 'DIGITALOCEAN-ASN', '128.199') },
  { city: 'bucharest', network: net(9009, 'M247 Europe SRL', '185.156') },
];

/** Tor Browser (ESR 128) shows every user the same Windows Firefox agent. */
export const TOR_BROWSER: Device = {
  kind: 'desktop',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0',
};

/** Linux desktops (engineers): Firefox on Linux has one fingerprint whatever the version. */
export const LINUX_DESKTOPS: Device[] = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
].map((userAgent) => ({ kind: 'desktop' as const, userAgent }));

/** Desktops an AiTM phisher logs in with: common browsers, current versions. */
export const PHISHER_DEVICES: Device[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
].map((userAgent) => ({ kind: 'desktop' as const, userAgent }));

/** Automatic browser updates during the month: the next version of each usual agent (Android 13 → 14 on a Pixel). */
export const BROWSER_UPGRADES: Record<string, string> = {
  [DESKTOPS[0].userAgent]: DESKTOPS[0].userAgent.replace('Chrome/124.0.0.0', 'Chrome/125.0.0.0'),
  [DESKTOPS[1].userAgent]:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.51',
  [DESKTOPS[2].userAgent]: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0',
  [DESKTOPS[3].userAgent]: DESKTOPS[3].userAgent.replace(/Version\/17\.4\.1/, 'Version/17.5'),
  [DESKTOPS[4].userAgent]: DESKTOPS[4].userAgent.replace('Chrome/124.0.0.0', 'Chrome/125.0.0.0'),
  [PHONES[0].userAgent]: PHONES[0].userAgent.replace('17_4_1', '17_5').replace('Version/17.4.1', 'Version/17.5'),
  [PHONES[1].userAgent]: PHONES[1].userAgent.replace('Chrome/124.0.6367.82', 'Chrome/125.0.6422.53'),
  [PHONES[2].userAgent]: PHONES[2].userAgent
    .replace('Android 13', 'Android 14')
    .replace('Chrome/124.0.6367.82', 'Chrome/125.0.6422.53'),
  [LINUX_DESKTOPS[0].userAgent]: 'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  [LINUX_DESKTOPS[1].userAgent]: LINUX_DESKTOPS[1].userAgent.replace('Chrome/124.0.0.0', 'Chrome/125.0.0.0'),
};
