/**
 * Benchmark of the pure detection core (`server/detection`): synthetic logins through `detect` on one core, in
 * consecutive batches carrying the state, as the detection task runs it.
 *
 *   npm run bench:detection                 # the standard cases, each in its own process (clean peak RSS)
 *   taskset -c 0 node --single-threaded-gc --import tsx scripts/bench_detection.ts --case default-1m-10k   # one case
 *   node --cpu-prof --import tsx scripts/bench_detection.ts --case default-1m-10k   # profile it
 *
 * One core, measured two ways. Each case's process is pinned to CPU 0 (`taskset -c 0`, where the command exists) and
 * runs with node's `--single-threaded-gc`, so the garbage collector's work is done on that same core, inside the
 * time measured, instead of by helper threads on other cores in parallel. Around each `detect` call the case reads
 * the wall clock (`logins_per_s`: what one core delivers when nothing else runs on it) and the process's CPU time
 * (`logins_per_cpu_s`, process.cpuUsage: the figure that holds on a shared machine, where the wall clock also counts
 * other processes' turns on the core). `gc_ms` is the collector's share of the detect windows (perf_hooks 'gc'
 * entries; `scavenges` and `full_gcs` count them), `background_cpu_s` the CPU of the process's other threads in
 * those windows (V8's concurrent compiler: the JIT), `batch_logins_per_cpu_s` each batch's own rate (the first batch
 * meets every user, address and network for the first time, and pays the JIT's warm-up), `cpus` the cores the case
 * was allowed to run on and `single_threaded_gc` whether the flag was set: run a case by hand with the same prefix
 * (above) for comparable figures.
 *
 * `--kibana-node` runs the cases on the Node.js Kibana ships (22.16 for Kibana 8.19 and 9.x; scripts/kibana_node.ts
 * fetches it from the npm registry the first time) instead of the `node` running this script: the core runs inside
 * Kibana's Node, and V8's compilers differ between versions. Each case prints the `node` it ran on.
 *
 * `--shipped` times the core as `npm run build` ships it: compiled by tsc to CommonJS (scripts/shipped_server.ts,
 * into target/bench_detection_shipped/) instead of loaded through tsx, whose export getters cost each call across
 * modules (see there). The printed `code` says which was timed.
 *
 * The synthetic population (seeded, so every run sees the same logins): each user has a home city, one or two home
 * IPs in their ISP's range, one to three devices (a fifth of them phones); logins come every few minutes to hours of
 * log time, mostly from home, sometimes from a new IP in the home country, now and then on a trip abroad (a few
 * logins in another country), rarely from a new device, and about 0.3 % through an anonymiser (BuffaLogs'
 * `intelligence_category` or an address in a Tor-exit CIDR list of 1,000 ranges).
 *
 * Each batch reaches `detect` as the task hands it over (`asDelivered`): its documents are parsed from JSON, as an
 * Elasticsearch response is, and then go through the task's own reader (server/ingest/batch_events.ts CompactLogins),
 * which interns user and index names per batch and shares a login's address, place, network and parsed agent with the
 * user's previous login when the two documents' ECS `source` and `user_agent` are equal. Until session 15 the parsed
 * events went to `detect` directly, every login with a name, place and network of its own, which the task never
 * hands over. A login's place and accuracy are a function of its address, as GeoIP's answer is (they were drawn per
 * login); the generator still draws them, unused, so the logins are the same users, times, addresses and devices.
 *
 * `--warm-jit` first runs three untimed batches of another population (2,000 users, 20,000 logins each, their own
 * states and context, dropped before the case starts), so the optimizing compiler has already compiled the core: the
 * case then costs what every pass after a Kibana node's first costs (the JIT warms once per process), where the
 * default, cold, is the first pass after a start. The outputs are the same either way (BENCH_DIGEST): the core keeps
 * nothing from one population to the next. The cold figure is the one the README judges.
 *
 * `--parsed-states` hands each batch the users' states read from JSON (`readUserState`, untimed), as the task reads
 * them from Elasticsearch for every batch, instead of the objects the previous batch left: the objects differ in
 * shape (parsed, not built by the core), and the core runs on both (see scripts/bench_detection_counts.ts).
 *
 * Only `detect` is timed; generating the events is not.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import type { ProfileName } from '../common/alert_document';
import { resolveDetectionConfig } from '../common/detection_config';
import { seededRandom } from '../server/analyses/random';
import { emptyEnrichmentStats, type Enricher } from '../server/enrichment';
import { CompactLogins } from '../server/ingest/batch_events';
import { hashString } from '../server/detection/user_state';
import {
  detect,
  newUserState,
  readUserState,
  type LoginEvent,
  type ParsedUserAgent,
  type PopulationContext,
  type UserState,
} from '../server/detection';
import { kibanaNode } from './kibana_node';
import { buildShipped, option, requireShipped, SHIPPED_CODE, TSX_CODE } from './shipped_server';

export interface Case {
  name: string;
  profile: ProfileName;
  users: number;
  events: number;
  batch: number;
  /** Hand the states to detect (as the task and the CLI do, having just parsed them) instead of having it copy them. */
  reuseStates: boolean;
}

export const CASES: Case[] = [
  { name: 'default-1m-10k', profile: 'default', users: 10_000, events: 1_000_000, batch: 100_000, reuseStates: true },
  {
    name: 'default-1m-10k-copy',
    profile: 'default',
    users: 10_000,
    events: 1_000_000,
    batch: 100_000,
    reuseStates: false,
  },
  {
    name: 'buffalogs-1m-10k',
    profile: 'buffalogs',
    users: 10_000,
    events: 1_000_000,
    batch: 100_000,
    reuseStates: true,
  },
  { name: 'default-2m-10k', profile: 'default', users: 10_000, events: 2_000_000, batch: 100_000, reuseStates: true },
  { name: 'default-1m-100k', profile: 'default', users: 100_000, events: 1_000_000, batch: 100_000, reuseStates: true },
];

const CITIES: Array<{ city: string; country: string; iso: string; lat: number; lon: number }> = [
  ['Rome', 'Italy', 'IT', 41.9, 12.5],
  ['Milan', 'Italy', 'IT', 45.46, 9.19],
  ['Berlin', 'Germany', 'DE', 52.52, 13.4],
  ['Munich', 'Germany', 'DE', 48.14, 11.58],
  ['Paris', 'France', 'FR', 48.86, 2.35],
  ['Lyon', 'France', 'FR', 45.76, 4.84],
  ['Madrid', 'Spain', 'ES', 40.42, -3.7],
  ['London', 'United Kingdom', 'GB', 51.51, -0.13],
  ['Dublin', 'Ireland', 'IE', 53.35, -6.26],
  ['Amsterdam', 'Netherlands', 'NL', 52.37, 4.9],
  ['Warsaw', 'Poland', 'PL', 52.23, 21.01],
  ['Stockholm', 'Sweden', 'SE', 59.33, 18.07],
  ['New York', 'United States', 'US', 40.71, -74.01],
  ['Los Angeles', 'United States', 'US', 34.05, -118.24],
  ['Chicago', 'United States', 'US', 41.88, -87.63],
  ['Toronto', 'Canada', 'CA', 43.65, -79.38],
  ['Mexico City', 'Mexico', 'MX', 19.43, -99.13],
  ['São Paulo', 'Brazil', 'BR', -23.55, -46.63],
  ['Buenos Aires', 'Argentina', 'AR', -34.6, -58.38],
  ['Tokyo', 'Japan', 'JP', 35.68, 139.69],
  ['Seoul', 'South Korea', 'KR', 37.57, 126.98],
  ['Singapore', 'Singapore', 'SG', 1.35, 103.82],
  ['Mumbai', 'India', 'IN', 19.08, 72.88],
  ['Bangalore', 'India', 'IN', 12.97, 77.59],
  ['Sydney', 'Australia', 'AU', -33.87, 151.21],
  ['Johannesburg', 'South Africa', 'ZA', -26.2, 28.05],
  ['Cairo', 'Egypt', 'EG', 30.04, 31.24],
  ['Istanbul', 'Turkey', 'TR', 41.01, 28.98],
  ['Dubai', 'United Arab Emirates', 'AE', 25.2, 55.27],
  ['Moscow', 'Russia', 'RU', 55.76, 37.62],
].map(
  ([city, country, iso, lat, lon]) =>
    ({ city, country, iso, lat, lon }) as { city: string; country: string; iso: string; lat: number; lon: number },
);

const UAS: ParsedUserAgent[] = [
  {
    original:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0 Safari/537.36',
    fingerprint: 'windows-10-desktop-chrome',
    osName: 'Windows',
    device: 'desktop',
  },
  {
    original: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0',
    fingerprint: 'windows-10-desktop-firefox',
    osName: 'Windows',
    device: 'desktop',
  },
  {
    original:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36',
    fingerprint: 'macos-10-desktop-chrome',
    osName: 'Mac OS',
    device: 'desktop',
  },
  {
    original:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
    fingerprint: 'macos-10-desktop-safari',
    osName: 'Mac OS',
    device: 'desktop',
  },
  {
    original: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    fingerprint: 'linux-unknownosmajor-desktop-chrome',
    osName: 'Linux',
    device: 'desktop',
  },
  {
    original:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    fingerprint: 'ios-17-mobile-mobilesafari',
    osName: 'iOS',
    device: 'mobile',
  },
  {
    original:
      'Mozilla/5.0 (Linux; Android 13; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Mobile Safari/537.36',
    fingerprint: 'android-13-mobile-chrome',
    osName: 'Android',
    device: 'mobile',
  },
  {
    original:
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36',
    fingerprint: 'android-14-mobile-chrome',
    osName: 'Android',
    device: 'mobile',
  },
];

/** 1,000 Tor-exit-like /24 ranges in 185.220.0.0/16 … 185.223.255.0. */
export const TOR_CIDRS = Array.from({ length: 1000 }, (_, i) => `185.${220 + (i >> 8)}.${i & 255}.0/24`);

interface SimUser {
  name: string;
  home: number;
  ips: string[];
  asn: number;
  devices: number[];
  /** Trip abroad: city index and logins left. */
  tripCity: number;
  tripLeft: number;
}

export function makeUsers(n: number, rnd: () => number): SimUser[] {
  const users: SimUser[] = [];
  for (let i = 0; i < n; i++) {
    const home = Math.floor(rnd() * CITIES.length);
    const asn = 1000 + home * 10 + Math.floor(rnd() * 5);
    const ipCount = 1 + (rnd() < 0.4 ? 1 : 0);
    const ips = Array.from(
      { length: ipCount },
      () => `${10 + home}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`,
    );
    const devices = [Math.floor(rnd() * 5)];
    if (rnd() < 0.6) devices.push(5 + Math.floor(rnd() * 3));
    if (rnd() < 0.2) devices.push(Math.floor(rnd() * 5));
    users.push({
      name: `user${String(i).padStart(6, '0')}@example.com`,
      home,
      ips,
      asn,
      devices,
      tripCity: -1,
      tripLeft: 0,
    });
  }
  return users;
}

const T0 = Date.parse('2025-01-01T00:00:00Z');
/** Average gap between two logins of the whole population, so that a user logs in a few times a day. */
function gapMs(users: number): number {
  return Math.max(1, Math.floor(86_400_000 / (4 * users))); // ≈ 4 logins per user per day
}

export function makeBatch(users: SimUser[], count: number, startSeq: number, rnd: () => number): LoginEvent[] {
  return asDelivered(generateBatch(users, count, startSeq, rnd));
}

/**
 * The events as the task delivers them to detect (see the top of this file): parsed from JSON, then through the
 * task's own reader (server/ingest/batch_events.ts CompactLogins), which interns user and index names and shares a
 * login's address, place, network and parsed agent with the user's previous login when its ECS `source` and
 * `user_agent` are equal. The agents are parsed once per agent string and batch (the parser's cache), here by
 * looking up the table above instead of ua-parser-js, so that the devices stay those the benchmark always had.
 */
export function asDelivered(events: LoginEvent[]): LoginEvent[] {
  const parsed = JSON.parse(JSON.stringify(events)) as LoginEvent[];
  const agents = new Map<string, ParsedUserAgent>();
  const userAgents = {
    parse(original: string): ParsedUserAgent {
      let agent = agents.get(original);
      if (agent === undefined) {
        agent = JSON.parse(JSON.stringify(UA_BY_ORIGINAL.get(original))) as ParsedUserAgent;
        agents.set(original, agent);
      }
      return agent;
    },
  };
  const enricher: Enricher = {
    userAgents: userAgents as unknown as Enricher['userAgents'],
    stats: emptyEnrichmentStats(),
  };
  const compact = new CompactLogins();
  const delivered = new Array<LoginEvent>(parsed.length);
  for (let i = 0; i < parsed.length; i++) {
    delivered[i] = compact.add(parsed[i], enricher);
    parsed[i] = undefined as never; // let go as the reader does (batch_events.ts)
  }
  return delivered;
}

const UA_BY_ORIGINAL = new Map(UAS.map((agent) => [agent.original, agent]));

function generateBatch(users: SimUser[], count: number, startSeq: number, rnd: () => number): LoginEvent[] {
  const out: LoginEvent[] = new Array(count);
  const gap = gapMs(users.length);
  for (let k = 0; k < count; k++) {
    const seq = startSeq + k;
    const u = users[Math.floor(rnd() * users.length)];
    let cityIdx = u.home;
    let ip = u.ips[Math.floor(rnd() * u.ips.length)];
    let asn = u.asn;
    let intel: string | undefined;
    const r = rnd();
    if (u.tripLeft > 0) {
      cityIdx = u.tripCity;
      u.tripLeft--;
      ip = `${100 + cityIdx}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
      asn = 5000 + cityIdx;
    } else if (r < 0.004) {
      u.tripCity = Math.floor(rnd() * CITIES.length);
      u.tripLeft = 2 + Math.floor(rnd() * 6);
    } else if (r < 0.03) {
      ip = `${10 + u.home}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`; // new IP at home
    } else if (r < 0.032) {
      intel = 'anonymizer';
    } else if (r < 0.033) {
      ip = `185.${220 + Math.floor(rnd() * 3)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`; // Tor exit
      asn = 60729;
    }
    let device = u.devices[Math.floor(rnd() * u.devices.length)];
    if (rnd() < 0.005) {
      device = Math.floor(rnd() * UAS.length);
      if (!u.devices.includes(device)) u.devices.push(device);
    }
    const city = CITIES[cityIdx];
    const timestamp = T0 + seq * gap + Math.floor(rnd() * gap);
    // GeoIP answers by address: every login from one address has the same place and accuracy (a function of the
    // address below). The three draws a login's place once took from the generator are still drawn, unused, so the
    // logins themselves (users, times, addresses, devices) are those the benchmark always made.
    rnd();
    rnd();
    rnd();
    // The address's own generator (seeded by the core's hash of its text): its GeoIP "answer", the same every time.
    const place = seededRandom(hashString(ip));
    const lat = city.lat + (place() - 0.5) * 0.2;
    const lon = city.lon + (place() - 0.5) * 0.2;
    const accuracyRadiusKm = 5 + Math.floor(place() * 50);
    const organization = `AS${asn} Networks`;
    // The ECS `source` the login's document holds: the reader (CompactLogins) compares it with the user's previous
    // one to share what is derived from it, as the task does.
    const source: Record<string, unknown> = {
      ip,
      geo: {
        location: { lat, lon },
        country_iso_code: city.iso,
        country_name: city.country,
        city_name: city.city,
      },
      as: { number: asn, organization: { name: organization } },
    };
    if (intel) source.intelligence_category = intel;
    const event: LoginEvent = {
      id: `ev-${seq}`,
      index: 'logs-auth-default',
      timestamp,
      user: u.name,
      ip,
      geo: { lat, lon, countryIso: city.iso, countryName: city.country, cityName: city.city, accuracyRadiusKm },
      asn: { number: asn, organization },
      userAgent: UAS[device],
      ecs: { source, user_agent: { original: UAS[device].original } },
    };
    if (intel) event.intelligenceCategory = intel;
    out[k] = event;
  }
  return out;
}

/**
 * The serialized size of one user's state with every list at its cap (`config.baseline`): the
 * most countries, devices, addresses (IPv6, the longest), ASes, habits, recent logins, risk alerts and remembered
 * event identities a state can hold, with values as long as ordinary data makes them. Whatever the logins, a state
 * grows no further (only a hostile value itself, say a 10 kB city name, is longer).
 */
function cappedStateBytes(config: ReturnType<typeof resolveDetectionConfig>, core: Core): number {
  const b = config.baseline;
  const t = Date.parse('2026-01-01T00:00:00Z');
  const state = core.newUserState('firstname.lastname@example.com', t);
  const entry = (value: string, i: number) => ({
    value,
    first: t - i * 1000,
    last: t + i * 1000,
    count: 1_000_000 + i,
  });
  const ipv6 = (i: number) => `2001:db8:85a3:${(i % 65536).toString(16)}:1234:8a2e:370:7334`;
  for (let i = 0; i < b.maxCountries; i++) state.countries.push(entry(`C${i}`.slice(0, 2), i));
  for (let i = 0; i < b.maxDevices; i++) state.devices.push(entry(`windows-10-desktop-chrome-${i}`, i));
  for (let i = 0; i < b.maxIps; i++) state.ips.push(entry(ipv6(i), i));
  for (let i = 0; i < b.maxAsns; i++) state.asns.push(entry(String(4_200_000_000 + i), i));
  state.habits = [];
  for (let i = 0; i < b.maxAsns + b.maxDevices; i++)
    state.habits.push(entry(i % 2 ? `desktop|${4_200_000_000 + i}` : `ua#${9_007_199_254_740_000 + i}`, i));
  for (let i = 0; i < b.maxRecentLogins; i++)
    state.logins.push({
      at: t + i,
      eventId: `a1b2c3d4e5f6g7h8i9j0-${i}`,
      index: '.ds-logs-system.auth-default-2026.01.01-000001',
      ip: ipv6(i),
      lat: -33.868_799,
      lon: 151.209_296,
      accuracyKm: 1000,
      country: 'AU',
      countryName: 'United Arab Emirates',
      countryIso: 'AE',
      city: 'Santa Cruz de Tenerife',
      asn: 4_200_000_000,
      asOrg: 'Example Telecommunications Company Limited',
      mobile: true,
      trusted: true,
      // BuffaLogs' unique-login rows carry these too.
      ...(b.store === 'unique_login_rows'
        ? { fingerprint: UAS[0].fingerprint, uaKey: 9_007_199_254_740_000 + i, seq: 1_000_000 + i, insertedAt: t + i }
        : {}),
    });
  for (let i = 0; i < b.maxRiskAlerts; i++)
    state.riskAlerts.push({ rule: 'suspicious_login', at: t + i, createdAt: t + i });
  for (let i = 0; i < b.dedupWindow; i++) state.seen.push(9_007_199_254_740_000 + i);
  state.firstLoginAt = t;
  state.lastLoginAt = t;
  state.risk = { level: 'medium', score: 99 };
  return Buffer.byteLength(JSON.stringify(state));
}

type Core = {
  detect: typeof detect;
  newUserState: typeof newUserState;
  readUserState: typeof readUserState;
  resolveDetectionConfig: typeof resolveDetectionConfig;
};

/** The core timed: as tsx loads this checkout's sources, or (`--shipped`) tsc's compiled output. */
function loadCore(shipped: boolean): Core {
  if (!shipped) return { detect, newUserState, readUserState, resolveDetectionConfig };
  // A case run by hand compiles for itself; the standard run compiles once and tells its cases (--shipped-built).
  const dir = buildShipped('bench_detection', process.argv.includes('--shipped-built'));
  const detection = requireShipped<Pick<Core, 'detect' | 'newUserState' | 'readUserState'>>(
    dir,
    'server/detection/index',
  );
  const config = requireShipped<Pick<Core, 'resolveDetectionConfig'>>(dir, 'common/detection_config');
  return {
    detect: detection.detect,
    newUserState: detection.newUserState,
    readUserState: detection.readUserState,
    resolveDetectionConfig: config.resolveDetectionConfig,
  };
}

/** The cores this process may run on (Linux: `Cpus_allowed_list` in /proc/self/status), or null where unknown. */
export function allowedCpus(): string | null {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/**
 * CPU time of the main thread alone, ms (Linux: the first field of /proc/self/task/<pid>/schedstat, nanoseconds on
 * the CPU), or null where that file does not exist. process.cpuUsage counts every thread of the process.
 */
function mainThreadCpuMs(): number | null {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return null;
  }
}

/** Collector pauses (perf_hooks 'gc' entries: start and duration, ms on performance.now()'s clock). */
const gcPauses: Array<[number, number, boolean]> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    gcPauses.push([e.startTime, e.duration, kind === constants.NODE_PERFORMANCE_GC_MINOR]);
  }
});

/** --warm-jit: the core run untimed on another population (seeded apart from the case's), its outputs dropped. */
async function warmTheJit(core: Core, config: ReturnType<typeof resolveDetectionConfig>, now: number): Promise<void> {
  const rnd = seededRandom(7);
  const users = makeUsers(2_000, rnd);
  const states = new Map<string, UserState>();
  let context: PopulationContext | undefined;
  for (let done = 0; done < 60_000; done += 20_000) {
    const out = core.detect({
      events: makeBatch(users, 20_000, done, rnd),
      states,
      config,
      now,
      reuseStates: true,
      context,
    });
    context = out.context;
    for (const [user, state] of out.states) states.set(user, state);
  }
  // The compiler's last jobs finish on its own thread before the case's first window opens.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

async function runCase(c: Case, shipped: boolean): Promise<void> {
  const core = loadCore(shipped);
  gcObserver.observe({ entryTypes: ['gc'] });
  /** The detect calls' windows on performance.now()'s clock, to count the collector's pauses inside them. */
  const windows: Array<[number, number]> = [];
  const rnd = seededRandom(42);
  const users = makeUsers(c.users, rnd);
  const config = core.resolveDetectionConfig(c.profile, { anonymousIp: { cidrs: TOR_CIDRS } });
  let states = new Map<string, UserState>();
  const now = Date.parse('2026-01-01T00:00:00Z');
  let detectMs = 0;
  let detectCpuMs = 0;
  /** CPU of the process's other threads inside the windows (null where the main thread's own CPU is not readable). */
  let backgroundCpuMs: number | null = mainThreadCpuMs() === null ? null : 0;
  let firstBackgroundCpuMs: number | null = null;
  /** Logins per CPU-second of each batch: the first ones meet every user, address and network for the first time. */
  const batchRates: number[] = [];
  /** The batches after the first, together: users, addresses and networks already known, the JIT mostly warm. */
  let laterLogins = 0;
  let laterCpuMs = 0;
  let alerts = 0;
  let filtered = 0;
  const byRule: Record<string, number> = {};
  // The verdict's cross-user context, carried from batch to batch as the login family does (server/families/login/
  // family.ts passes the same object to every batch): a fresh one per batch would judge each batch with an empty
  // population and learn it all again.
  let context: PopulationContext | undefined;
  // BENCH_DIGEST=1: a SHA-256 of every output (alerts, observations, stats per batch, then the final states), outside
  // the timed windows, to check that a change to the core leaves its outputs identical.
  const digest = process.env.BENCH_DIGEST ? createHash('sha256') : undefined;
  const warmJit = process.argv.includes('--warm-jit');
  if (warmJit) await warmTheJit(core, config, now);
  const parsedStates = process.argv.includes('--parsed-states');
  for (let done = 0; done < c.events; done += c.batch) {
    const events = makeBatch(users, Math.min(c.batch, c.events - done), done, rnd);
    // --parsed-states: the states as the task hands them over, read from JSON for this batch (untimed, as is its read).
    if (parsedStates)
      for (const [user, s] of states) states.set(user, core.readUserState(JSON.parse(JSON.stringify(s)))!);
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const mainCpu = mainThreadCpuMs();
    const start = performance.now();
    const out = core.detect({ events, states, config, now, reuseStates: c.reuseStates, context });
    context = out.context;
    if (digest) digest.update(JSON.stringify([out.alerts, out.observations, out.stats]));
    // Carry the state: the touched users' new states replace their old ones (what the task writes back).
    for (const [user, state] of out.states) states.set(user, state);
    detectMs += Number(process.hrtime.bigint() - t) / 1e6;
    const used = process.cpuUsage(cpu);
    const mainUsed = mainCpu === null ? null : mainThreadCpuMs()! - mainCpu;
    if (backgroundCpuMs !== null && mainUsed !== null) {
      const background = Math.max(0, (used.user + used.system) / 1000 - mainUsed);
      backgroundCpuMs += background;
      firstBackgroundCpuMs ??= background;
    }
    windows.push([start, performance.now()]);
    detectCpuMs += (used.user + used.system) / 1000;
    batchRates.push(Math.round(events.length / ((used.user + used.system) / 1e6)));
    if (done > 0) {
      laterLogins += events.length;
      laterCpuMs += (used.user + used.system) / 1000;
    }
    alerts += out.alerts.length;
    filtered += out.stats.filteredAlerts;
    for (const a of out.alerts) byRule[a.rule.id] = (byRule[a.rule.id] ?? 0) + 1;
  }
  // The observer's entries arrive as tasks: let them in before counting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gcObserver.disconnect();
  let gcMs = 0;
  let scavenges = 0;
  let fullGcs = 0;
  for (const [at, ms, minor] of gcPauses)
    if (windows.some(([a, b]) => at >= a && at < b)) {
      gcMs += ms;
      if (minor) scavenges++;
      else fullGcs++;
    }
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  // What each user's state costs in storage (the task writes it as one document; the CLI into its --state file):
  // every state serialized, as UTF-8 bytes. Bounded by the baseline's caps (common/detection_config.ts `baseline`),
  // not by the number of logins: the max says how close the busiest user came.
  let stateBytes = 0;
  let maxStateBytes = 0;
  for (const s of states.values()) {
    const bytes = Buffer.byteLength(JSON.stringify(s));
    stateBytes += bytes;
    if (bytes > maxStateBytes) maxStateBytes = bytes;
  }
  const avgStateBytes = states.size ? stateBytes / states.size : 0;
  // BENCH_CANON=1 (with BENCH_DIGEST=1): the states with their keys sorted, so a change that only reorders a state's
  // keys (one hidden class for every state) can be shown to leave the data identical.
  const canon = (_k: string, v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v;
  if (digest)
    for (const user of [...states.keys()].sort())
      digest.update(JSON.stringify(states.get(user), process.env.BENCH_CANON ? canon : undefined));
  if (process.env.BENCH_SHOW_STATE) console.error(JSON.stringify(states.values().next().value, null, 1));
  const rate = Math.round(c.events / (detectMs / 1000));
  // CPU time of the process (all its threads: with --single-threaded-gc the collector has none of its own) while in
  // detect: robust to a busy machine.
  const cpuRate = Math.round(c.events / (detectCpuMs / 1000));
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const line = {
    case: c.name,
    profile: c.profile,
    users: c.users,
    logins: c.events,
    batch: c.batch,
    reuse_states: c.reuseStates,
    code: shipped ? 'tsc' : 'tsx',
    node: process.version,
    logins_per_s: rate,
    logins_per_cpu_s: cpuRate,
    detect_s: +(detectMs / 1000).toFixed(2),
    detect_cpu_s: +(detectCpuMs / 1000).toFixed(2),
    batch_logins_per_cpu_s: batchRates,
    // What a running Kibana sustains once its users are known and its code compiled (the first batch meets all of
    // them and pays the JIT's warm-up): the later batches' logins over their CPU time. The headline stays the whole run.
    later_batches_logins_per_cpu_s: laterCpuMs > 0 ? Math.round(laterLogins / (laterCpuMs / 1000)) : null,
    gc_ms: Math.round(gcMs),
    // The CPU of the process's threads other than the main one inside detect (in the CPU figures above): with
    // --single-threaded-gc the collector runs on the main thread, so this is V8's concurrent optimising compiler
    // compiling the core's hot functions — the JIT's warm-up, paid once per process and again after each deopt.
    background_cpu_s: backgroundCpuMs === null ? null : +(backgroundCpuMs / 1000).toFixed(2),
    first_batch_background_cpu_s: firstBackgroundCpuMs === null ? null : +(firstBackgroundCpuMs / 1000).toFixed(2),
    // How many collections ran inside detect: young-generation ones grow with what detect allocates (a proxy for its
    // garbage that the machine's load does not blur), full ones with the heap it keeps.
    scavenges,
    full_gcs: fullGcs,
    cpus: allowedCpus(),
    single_threaded_gc: process.execArgv.includes('--single-threaded-gc'),
    warm_jit: warmJit,
    parsed_states: parsedStates,
    alerts,
    filtered,
    by_rule: byRule,
    peak_rss_mb: Math.round(peakRssMb),
    heap_after_gc_mb: gc ? Math.round(heapMb) : null,
    avg_state_json_bytes: Math.round(avgStateBytes),
    max_state_json_bytes: maxStateBytes,
    capped_state_json_bytes: cappedStateBytes(config, core),
    states: states.size,
    ...(digest ? { digest: digest.digest('hex').slice(0, 16) } : {}),
  };
  states = new Map();
  console.log(JSON.stringify(line));
}

/** `taskset -c 0` where the command exists (Linux util-linux), else nothing: the case then runs on any core. */
function pinToCore0(): string[] {
  const probe = spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  return probe.status === 0 ? ['taskset', '-c', '0'] : [];
}

async function main(): Promise<void> {
  const shipped = process.argv.includes('--shipped');
  const i = process.argv.indexOf('--case');
  if (i >= 0) {
    const c = CASES.find((x) => x.name === process.argv[i + 1]);
    if (!c) throw new Error(`unknown case ${process.argv[i + 1]}; known: ${CASES.map((x) => x.name).join(', ')}`);
    await runCase(c, shipped);
    return;
  }
  // --runs N: each case N times, each in a cold process of its own; the median run is shown (this machine's
  // run-to-run spread is several percent, more beside other work).
  const runs = Number(option('--runs') ?? 1);
  if (!Number.isInteger(runs) || runs < 1 || runs > 25) throw new Error('--runs takes a whole number from 1 to 25');
  const pin = pinToCore0();
  if (shipped) buildShipped('bench_detection');
  const node = process.argv.includes('--kibana-node') ? kibanaNode() : process.execPath;
  const nodeVersion =
    node === process.execPath ? process.version : spawnSync(node, ['--version']).stdout.toString().trim();
  console.log(
    `detection benchmark: node ${nodeVersion}${node === process.execPath ? '' : " (Kibana's)"}, one process per case, timing only detect(); each case on one core ` +
      `(${pin.length ? 'taskset -c 0' : 'taskset unavailable: not pinned'}, --single-threaded-gc so the collector's work ` +
      `is counted on that core); logins per CPU-second (process CPU time in detect) and logins/s wall (elapsed time in detect); ` +
      `the core timed: ${shipped ? SHIPPED_CODE : TSX_CODE}` +
      (process.argv.includes('--warm-jit') ? '; the JIT warmed on another population first (--warm-jit)' : ''),
  );
  const rows: string[] = [];
  for (const c of CASES) {
    // A fresh process per case (and per run) so each peak RSS is that case's own, and each run is cold.
    const nodeArgs = [...process.execArgv, '--single-threaded-gc', '--expose-gc', __filename, '--case', c.name];
    if (shipped) nodeArgs.push('--shipped', '--shipped-built');
    if (process.argv.includes('--warm-jit')) nodeArgs.push('--warm-jit');
    if (process.argv.includes('--parsed-states')) nodeArgs.push('--parsed-states');
    const [command, ...args] = pin.length ? [...pin, node, ...nodeArgs] : [node, ...nodeArgs];
    const results: Array<Record<string, unknown>> = [];
    for (let run = 0; run < runs; run++) {
      const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      if (r.status !== 0) throw new Error(`case ${c.name} failed (exit ${r.status})`);
      const out = r.stdout.trim();
      rows.push(out);
      results.push(JSON.parse(out) as Record<string, unknown>);
    }
    // The run with the median speed (the slower middle one of an even number) stands for the case; all give the spread.
    const rates = results.map((x) => x.logins_per_cpu_s as number);
    const m = [...results].sort((a, b) => (a.logins_per_cpu_s as number) - (b.logins_per_cpu_s as number))[
      (results.length - 1) >> 1
    ];
    console.log(
      `${String(m.case).padEnd(20)} ${String(m.logins).padStart(9)} logins ${String(m.users).padStart(7)} users: ` +
        // Per CPU-second first: the figure that holds on a shared machine (wall-clock logins/s depends on the load).
        `${String(m.logins_per_cpu_s).padStart(7)} logins per CPU-s, ${String(m.logins_per_s).padStart(7)} logins/s wall ` +
        `(GC ${m.gc_ms} ms of ${m.detect_s} s: ${m.scavenges} scavenges, ${m.full_gcs} full), ${m.alerts} alerts (${m.filtered} filtered), ` +
        `peak RSS ${m.peak_rss_mb} MB, heap after GC ${m.heap_after_gc_mb} MB`,
    );
    console.log(
      `${''.padEnd(20)} first batch ${(m.batch_logins_per_cpu_s as number[])[0]} logins per CPU-s, the later ones ` +
        `${m.later_batches_logins_per_cpu_s}; JIT (other threads) ${m.background_cpu_s} CPU-s` +
        (runs > 1 ? `; ${runs} cold runs: ${rates.join(', ')} (median shown)` : ''),
    );
    console.log(
      `${''.padEnd(20)} state per user (serialized JSON): ${m.avg_state_json_bytes} B on average, ` +
        `${m.max_state_json_bytes} B at most, over ${m.states} users; ${m.capped_state_json_bytes} B with every list at its cap (the bound)`,
    );
  }
  console.log('raw:');
  for (const r of rows) console.log(r);
}

// Run, unless imported (bench_detection_ab.ts takes the population and the compile from here).
if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
