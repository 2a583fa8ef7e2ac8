/**
 * Benchmark of one detection pass against a real local Elasticsearch (npm run bench:pass).
 *
 * Indexes 1,000,000 ECS authentication events of 10,000 users, 10 % of them failed logins (BENCH_EVENTS / BENCH_USERS
 * / BENCH_FAILURES to change), then times, in the same run
 * and on the same index: (1) a bare point-in-time `_shard_doc` scan of the documents the login pass reads (its query
 * over its window: the successful logins, not the failures it never reads) with its `_source` filter and
 * `filter_path`, at the scan's best page size (BENCH_SCAN_PAGE_SIZE, default 5,000): the ceiling; (1a) the
 * same scan of the whole index (failures too), shown beside it; (1b) the pass's documents in as many slices read at
 * once as the pass uses (BENCH_READ_SLICES, default the pass's 2); (2) one full detection pass (listing users, reading
 * them in batches, normalising, enriching, detecting, writing alerts, observations, state, population context and
 * checkpoints). Prints events/s of each and the ratios (target ≥ 70 % of the bare scan, issues 12 and 14), and the
 * CPU each spent — Elasticsearch's (its node's `process.cpu`, so a node of the bench's own) and this process's —
 * which other work on the machine disturbs far less than wall time; then (3) one pass of each family that reads the same
 * authentication events — `credential` (by source address) and `credential_user` (by user) — each against a bare scan
 * with its own `_source` fields, with its own ratio (BENCH_FAMILIES=login to skip them). Uses ES_URL when set, else starts a node (scripts/es.ts); deletes what
 * it created. Two rounds of scans and pass by default (BENCH_ROUNDS): the first warms up, the second is the figure.
 * Reruns: BENCH_KEEP=1 keeps the source index, BENCH_INDEX=<it> reuses it (with ES_URL).
 */
import { Client } from '@elastic/elasticsearch';
import { resolveDetectionConfig } from '../server/detection';
import { emptyEnrichmentStats, UserAgentParser } from '../server/enrichment';
import { HIT_FILTER_PATH, LOGIN_SOURCE_FIELDS, loginQuery, type Query } from '../server/ingest';
import { PASS_DEFAULTS, runDetectionPass } from '../server/pass';
import {
  contextIndex,
  DEFAULT_RETRY_POLICY,
  familyStateIndex,
  observationsIndex,
  pluginIndices,
} from '../server/storage';
// The two families directly, not the registry: it loads every family's @kbn/config-schema section, which only
// Kibana (and jest's mapping) provide.
import type { AnyFamily } from '../server/families';
import { credentialFamily } from '../server/families/credential/family';
import { credentialUserFamily } from '../server/families/credential_user/family';
import { CREDENTIAL_SOURCE_FIELDS } from '../server/families/credential/events';
import { runFamilyPass } from '../server/runner/family_pass';
import { startElasticsearch } from './es';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const USERS = Number(process.env.BENCH_USERS ?? 10_000);
const FAILURES = Number(process.env.BENCH_FAILURES ?? 0.1);
const DAYS = 6;
const TARGET = 0.7;
const CITIES: Array<[string, string, number, number]> = [
  ['Italy', 'IT', 41.9, 12.5],
  ['United States', 'US', 40.7, -74.0],
  ['Japan', 'JP', 35.7, 139.7],
  ['Germany', 'DE', 52.5, 13.4],
  ['Brazil', 'BR', -23.5, -46.6],
  ['Australia', 'AU', -33.9, 151.2],
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
];

function loginDoc(i: number, end: number): Record<string, unknown> {
  const user = i % USERS;
  const k = Math.floor(i / USERS);
  const perUser = Math.ceil(EVENTS / USERS);
  // Mostly home, sometimes elsewhere: enough alerts to exercise the writes without drowning the pass in them.
  const away = (k * 7 + user) % 211 === 0;
  const [country, iso, lat, lon] = CITIES[(user + (away ? 1 + (k % 5) : 0)) % CITIES.length];
  const at = end - DAYS * 86_400_000 + Math.floor(((k + ((user * 37) % 100) / 100) / perUser) * DAYS * 86_400_000);
  // One event in ten a failed password (spread evenly, so every user and address has some: typos, not attacks).
  // (A multiplicative hash of the event's number: `i % 1000` alone would follow the user, since USERS is a multiple of it.)
  const failed = (Math.imul(i, 2654435761) >>> 0) % 1000 < FAILURES * 1000;
  return {
    '@timestamp': new Date(at).toISOString(),
    event: {
      category: ['authentication'],
      type: ['start'],
      outcome: failed ? 'failure' : 'success',
      dataset: 'bench.auth',
    },
    user: { name: `user${user}` },
    source: {
      ip: away ? `203.0.${user % 250}.${k % 250}` : `10.${user % 250}.${(user >> 8) % 250}.1`,
      geo: { location: { lat, lon }, country_name: country, country_iso_code: iso },
      as: { number: 64500 + (user % 6), organization: { name: `ISP ${iso}` } },
    },
    user_agent: { original: AGENTS[(user + (k % 97 === 0 ? 1 : 0)) % AGENTS.length] },
    message: failed ? 'wrong password' : 'user logged in',
  };
}

async function loadEvents(client: Client, index: string, end: number): Promise<void> {
  await client.indices.create({
    index,
    settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '-1' },
    mappings: {
      dynamic_templates: [
        { strings: { match_mapping_type: 'string', mapping: { type: 'keyword', ignore_above: 1024 } } },
      ],
      properties: {
        '@timestamp': { type: 'date' },
        message: { type: 'text' },
        source: { properties: { ip: { type: 'ip' }, geo: { properties: { location: { type: 'geo_point' } } } } },
      },
    },
  });
  const chunk = 5_000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < EVENTS) {
      const start = next;
      next += chunk;
      const operations: unknown[] = [];
      for (let i = start; i < Math.min(start + chunk, EVENTS); i++)
        operations.push({ create: { _index: index } }, loginDoc(i, end));
      const response = await client.bulk({ operations });
      if (response.errors)
        throw new Error(`bulk load failed: ${JSON.stringify(response.items.find((it) => it.create?.error))}`);
    }
  };
  await Promise.all([worker(), worker()]);
  await client.indices.refresh({ index });
  await client.indices.forcemerge({ index, max_num_segments: 1 });
}

/**
 * The ceiling: every event of `query` (default: the whole index), `_shard_doc` order, the pass's `_source` filter and
 * `filter_path`; with `slices` > 1, that many point-in-time slices read at once (as the pass reads its batches).
 */
async function bareScan(
  client: Client,
  index: string,
  pageSize: number,
  slices = 1,
  sourceFields: readonly string[] = LOGIN_SOURCE_FIELDS,
  query?: Query,
): Promise<number> {
  const pit = (await client.openPointInTime({ index, keep_alive: '2m' })).id;
  const readSlice = async (slice?: { id: number; max: number }): Promise<number> => {
    let count = 0;
    let after: unknown[] | undefined;
    for (;;) {
      const response = await client.search({
        size: pageSize,
        pit: { id: pit, keep_alive: '2m' },
        ...(query ? { query } : {}),
        sort: ['_shard_doc'],
        _source: [...sourceFields],
        filter_path: HIT_FILTER_PATH,
        track_total_hits: false,
        ...(slice ? { slice: slice as never } : {}),
        ...(after ? { search_after: after as never } : {}),
      });
      const hits = response.hits?.hits ?? [];
      for (const hit of hits) if (hit._source) count++;
      if (hits.length < pageSize) return count;
      after = hits[hits.length - 1].sort;
    }
  };
  const counts = await Promise.all(
    slices > 1 ? Array.from({ length: slices }, (_, id) => readSlice({ id, max: slices })) : [readSlice()],
  );
  await client.closePointInTime({ id: pit });
  return counts.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const node = await startElasticsearch({ log: (line) => process.stderr.write(`[es] ${line}\n`), jvm: 'benchmark' });
  const client = new Client({ node: node.url, requestTimeout: 300_000 });
  // BENCH_INDEX reuses an index a run kept (BENCH_KEEP=1, with ES_URL): reruns then skip the 30 s load.
  const reused = process.env.BENCH_INDEX;
  const index = reused ?? `bench-auth-${Date.now().toString(36)}`;
  const now = Date.now();
  try {
    const t = performance.now();
    if (reused) {
      console.log(`reusing ${index} (${(await client.count({ index })).count.toLocaleString('en')} events)`);
    } else {
      await loadEvents(client, index, now - 3_600_000);
      console.log(
        `indexed ${EVENTS.toLocaleString('en')} events of ${USERS.toLocaleString('en')} users in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      if (process.env.BENCH_KEEP) console.log(`kept for reruns: BENCH_INDEX=${index}`);
    }
    // Round 1 warms both sides up: Elasticsearch's JIT has not compiled the pass's queries and bulk writes yet (a
    // cold pass took ~8 s longer), nor Node's. The verdict is the last round's; BENCH_ROUNDS=1 shows a cold run.
    const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
    for (let round = 1; round <= rounds; round++) {
      if (rounds > 1) console.log(`round ${round} of ${rounds}${round < rounds ? ' (warm-up)' : ''}:`);
      const space = `bench-${Date.now().toString(36)}-${round}`;
      try {
        await measureRound(client, index, space, now);
      } finally {
        await client.indices.delete({
          index: [
            ...Object.values(pluginIndices(space)),
            observationsIndex(space),
            contextIndex(space),
            ...FAMILIES.map((f) => familyStateIndex(f.id, space)),
          ],
          ignore_unavailable: true,
        });
      }
    }
  } finally {
    if (!process.env.BENCH_KEEP && !reused) await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
    await node.stop();
  }
}

/** The bare scan(s), then one full pass into `space`, with their figures and the ratio. */
async function measureRound(client: Client, index: string, space: string, now: number): Promise<void> {
  // The scan reads at its own best page size (5,000 measured faster here than 2,000 or 10,000), not the pass's.
  const scanPageSize = Number(process.env.BENCH_SCAN_PAGE_SIZE ?? 5_000);
  const lookbackMs = 7 * 86_400_000;
  // The pass's one window and its query: the bare scan reads exactly the documents the pass reads.
  const end = now - PASS_DEFAULTS.lagMs;
  const passQuery = loginQuery({ from: end - lookbackMs, to: end, eventType: PASS_DEFAULTS.eventType });
  const scan = async (slices: number, query: Query | undefined, label: string): Promise<Measured> => {
    const cpu = await cpuMark(client);
    const started = performance.now();
    const scanned = await bareScan(client, index, scanPageSize, slices, LOGIN_SOURCE_FIELDS, query);
    const seconds = (performance.now() - started) / 1000;
    const used = await cpuSince(client, cpu);
    console.log(
      `${label} ${scanned.toLocaleString('en')} events (pages of ${scanPageSize}) in ${seconds.toFixed(1)} s = ` +
        `${Math.round(scanned / seconds).toLocaleString('en')} events/s; ${cpuText(used, scanned)}`,
    );
    return { rate: scanned / seconds, cpuPerEvent: (used.es + used.node) / scanned };
  };
  const whole = await scan(1, undefined, 'bare PIT scan, whole index:  ');
  const bare = await scan(1, passQuery, "bare PIT scan, the pass's docs:");
  // The pass reads each batch in `readSlices` slices at once; the same parallelism on a bare scan is shown beside it,
  // so the figure is not flattered by comparing a parallel reader with a serial one.
  const readSlices = Number(process.env.BENCH_READ_SLICES ?? PASS_DEFAULTS.readSlices);
  const sliced =
    readSlices > 1 ? await scan(readSlices, passQuery, `${readSlices}-slice scan, the pass's docs: `) : bare;
  const scanRate = bare.rate;

  const passCpu = await cpuMark(client);
  const t = performance.now();
  const result = await runDetectionPass(
    {
      ...PASS_DEFAULTS,
      indices: [index],
      space,
      // One window over the whole data set, as a first run with a 7-day look-back would use with maxWindow: 7d.
      lookbackMs,
      usersPerBatch: Number(process.env.BENCH_USERS_PER_BATCH ?? PASS_DEFAULTS.usersPerBatch),
      eventsPerBatch: Number(process.env.BENCH_EVENTS_PER_BATCH ?? PASS_DEFAULTS.eventsPerBatch),
      pageSize: Number(process.env.BENCH_PAGE_SIZE ?? PASS_DEFAULTS.pageSize),
      readSlices,
      maxWindowMs: Number(process.env.BENCH_MAX_WINDOW_MS ?? 7 * 86_400_000),
      detection: resolveDetectionConfig('default'),
      retry: DEFAULT_RETRY_POLICY,
    },
    {
      client,
      now: () => now,
      enricher: { userAgents: new UserAgentParser(), stats: emptyEnrichmentStats() },
      logger: { info: () => {}, warn: (m) => console.warn(m), debug: () => {} },
    },
  );
  const passSeconds = (performance.now() - t) / 1000;
  const passUsed = await cpuSince(client, passCpu);
  const passRate = result.events / passSeconds;
  console.log(
    `detection pass:  ${result.events.toLocaleString('en')} events in ${passSeconds.toFixed(1)} s = ${Math.round(passRate).toLocaleString('en')} events/s ` +
      `(${result.users.toLocaleString('en')} users, ${result.batches} batches, ${result.alertsCreated.toLocaleString('en')} alerts, ` +
      `${result.recordsCreated.toLocaleString('en')} observations; ` +
      `read ${result.timings.readMs} ms, detect ${result.timings.detectMs} ms, write ${result.timings.writeMs} ms); ` +
      cpuText(passUsed, result.events),
  );
  const ratio = passRate / scanRate;
  console.log(
    `pass / bare scan: ${percent(ratio)} (target ≥ ${percent(TARGET)}) ${ratio >= TARGET ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(`pass / bare scan of the whole index: ${percent(passRate / whole.rate)}`);
  if (readSlices > 1) console.log(`pass / ${readSlices}-slice scan: ${percent(passRate / sliced.rate)}`);
  // CPU per event, Elasticsearch's and Node's together: what a busy machine disturbs least (wall time waits for cores).
  const passCpuPerEvent = (passUsed.es + passUsed.node) / result.events;
  console.log(`CPU per event, bare scan / pass: ${percent(bare.cpuPerEvent / passCpuPerEvent)}`);

  for (const family of FAMILIES) {
    const settings = family.settingsFrom!(undefined, { indices: [index], profile: 'default' });
    // Both credential families read the credential events' fields (server/families/credential/events.ts).
    const started = performance.now();
    const scanned = await bareScan(client, index, scanPageSize, 1, CREDENTIAL_SOURCE_FIELDS);
    const familyScanRate = scanned / ((performance.now() - started) / 1000);
    const t0 = performance.now();
    const run = await runFamilyPass(
      family,
      {
        space,
        lagMs: PASS_DEFAULTS.lagMs,
        lookbackMs: 7 * 86_400_000,
        maxWindowMs: Number(process.env.BENCH_MAX_WINDOW_MS ?? 7 * 86_400_000),
        usersPerBatch: PASS_DEFAULTS.usersPerBatch,
        eventsPerBatch: Number(process.env.BENCH_EVENTS_PER_BATCH ?? PASS_DEFAULTS.eventsPerBatch),
        pageSize: Number(process.env.BENCH_PAGE_SIZE ?? PASS_DEFAULTS.pageSize),
        readSlices,
        partition: 0,
        partitions: 1,
        retry: DEFAULT_RETRY_POLICY,
        pitKeepAlive: '2m',
      },
      settings,
      [index],
      { client, now: () => now, logger: quiet },
    );
    const seconds = (performance.now() - t0) / 1000;
    const rate = run.events / seconds;
    const r = rate / familyScanRate;
    console.log(
      `${family.id} pass: ${run.events.toLocaleString('en')} events in ${seconds.toFixed(1)} s = ` +
        `${Math.round(rate).toLocaleString('en')} events/s (${run.alertsCreated.toLocaleString('en')} alerts; ` +
        `read ${run.timings.readMs} ms, detect ${run.timings.detectMs} ms, write ${run.timings.writeMs} ms); ` +
        `its bare scan ${Math.round(familyScanRate).toLocaleString('en')} events/s → ${percent(r)} ` +
        `${r >= TARGET ? 'OK' : 'BELOW TARGET'}`,
    );
  }
}

const percent = (r: number) => `${(r * 100).toFixed(0)} %`;

interface Measured {
  rate: number;
  /** CPU-seconds (Elasticsearch's and this process's) per event. */
  cpuPerEvent: number;
}

interface CpuMark {
  es: number;
  node: NodeJS.CpuUsage;
}

/** Elasticsearch's CPU (every node of the cluster: the bench's own node unless ES_URL points elsewhere), in ms. */
async function esCpuMs(client: Client): Promise<number> {
  const stats = await client.nodes.stats({ metric: 'process', filter_path: 'nodes.*.process.cpu.total_in_millis' });
  return Object.values(stats.nodes ?? {}).reduce((sum, n) => sum + (n.process?.cpu?.total_in_millis ?? 0), 0);
}

async function cpuMark(client: Client): Promise<CpuMark> {
  return { es: await esCpuMs(client), node: process.cpuUsage() };
}

/** CPU-seconds since `mark`: Elasticsearch's and this process's (its main thread, garbage collector and I/O). */
async function cpuSince(client: Client, mark: CpuMark): Promise<{ es: number; node: number }> {
  const node = process.cpuUsage(mark.node);
  return { es: ((await esCpuMs(client)) - mark.es) / 1000, node: (node.user + node.system) / 1e6 };
}

const cpuText = (used: { es: number; node: number }, events: number): string =>
  `CPU Elasticsearch ${used.es.toFixed(1)} s + Node ${used.node.toFixed(1)} s = ` +
  `${(((used.es + used.node) / events) * 1e6).toFixed(1)} µs/event`;
const quiet = { info: () => {}, warn: (m: string) => console.warn(m), debug: () => {} };
/** The other families that read the authentication events (the web and sequence families read other data). */
const FAMILIES = (process.env.BENCH_FAMILIES ?? 'credential,credential_user')
  .split(',')
  .filter((id) => id !== 'login' && id !== '')
  .map((id) => {
    const family = ([credentialFamily, credentialUserFamily] as AnyFamily[]).find((f) => f.id === id);
    if (!family) throw new Error(`BENCH_FAMILIES: no family "${id}"`);
    return family;
  });

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
