/**
 * Benchmark of the HTTP API's read routes at scale: 1,000,000 alerts and 100,000 users in the space `bench`, then
 * p50/p95 latency of each read route measured end to end over HTTP through the dev plugin host (the built zip, as
 * Kibana would load it), sequential requests, after a warm-up.
 *
 *   npm run bench:routes                         # starts a node, seeds, measures (the node and its data go away)
 *   npm run es  &&  ES_URL=http://… npm run bench:routes   # keep the node: a rerun reuses the seeded indices
 *
 * Options (env): BENCH_ALERTS (default 1000000), BENCH_USERS (100000), BENCH_RUNS (40 timed requests per route).
 * Seeding is skipped when the indices already hold exactly that many documents. Targets: p95 < 200 ms for the
 * dashboard aggregations and the first page of each list, and the same for deep pages (page 400, cursors half-way).
 */
import { execSync } from 'node:child_process';
import path from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../common/api';
import { alertSortKey } from '../server/detection/alert_document';
import { alertSort } from '../server/queries/alerts_list';
import { encodeCursor } from '../server/queries/pagination';
import { installIndices } from '../server/storage';
import { pluginIndices } from '../server/storage/index_names';
import { stateDocId, toStateDocument } from '../server/storage/user_state_store';
import { alertIdOf, makeAlert, makeUserState, userName } from '../test/integration/routes_fixtures';
import { call, startHost } from '../test/integration/routes_host';
import { startElasticsearch } from './es';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000_000);
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const SPACE = 'bench';
const START = Date.parse('2024-01-01T00:00:00Z');
/** 1M alerts over 90 days. */
const SPACING_MS = Math.floor((90 * 86_400_000) / ALERTS);
const BULK_DOCS = 5_000;
/** A user with alerts and a state, whatever the scale. */
const SAMPLE_USER = userName(Math.floor(USERS * 0.04242));
const PARALLEL_BULKS = 2;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function count(client: Client, index: string, query?: object): Promise<number> {
  try {
    return (await client.count({ index, ...(query ? { query } : {}) })).count;
  } catch {
    return -1;
  }
}

/** Bulk-loads `total` documents made by `make`, two requests in flight (the machine has 2 cores). */
async function load(client: Client, index: string, total: number, make: (i: number) => { id: string; doc: object }) {
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      const to = Math.min(total, from + BULK_DOCS);
      next = to;
      const operations: object[] = [];
      for (let i = from; i < to; i++) {
        const { id, doc } = make(i);
        operations.push({ index: { _index: index, _id: id } }, doc);
      }
      const result = await client.bulk({ operations });
      if (result.errors)
        throw new Error(`bulk failed: ${JSON.stringify(result.items.find((x) => Object.values(x)[0]?.error))}`);
      if (to % 100_000 === 0)
        log(`  ${index}: ${to}/${total} (${Math.round(to / ((Date.now() - started) / 1000))} docs/s)`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BULKS }, worker));
}

async function seed(client: Client): Promise<void> {
  const indices = pluginIndices(SPACE);
  const [alerts, users] = await Promise.all([
    // Alerts seeded before the sort key existed do not count: the list would sort them all as ties.
    count(client, indices.alerts, { exists: { field: 'buffalogs.sort_key' } }),
    count(client, indices.state),
  ]);
  if (alerts === ALERTS && users === USERS) {
    log(`Reusing ${indices.alerts} (${alerts}) and ${indices.state} (${users})`);
    return;
  }
  log(`Seeding ${ALERTS} alerts and ${USERS} users…`);
  await client.indices.delete({ index: [indices.alerts, indices.state], ignore_unavailable: true });
  await installIndices(client as never, SPACE);
  const loadSettings = { 'index.refresh_interval': '-1' };
  await client.indices.putSettings({ index: [indices.alerts, indices.state], settings: loadSettings });
  const t0 = Date.now();
  await load(client, indices.alerts, ALERTS, (i) => {
    const doc = makeAlert({ i, users: USERS, start: START, spacingMs: SPACING_MS });
    return { id: doc.buffalogs.alert_id, doc };
  });
  await load(client, indices.state, USERS, (u) => {
    const state = makeUserState(u, START);
    return { id: stateDocId(state.user), doc: toStateDocument(state, START) };
  });
  await client.indices.putSettings({
    index: [indices.alerts, indices.state],
    settings: { 'index.refresh_interval': null },
  });
  await client.indices.refresh({ index: [indices.alerts, indices.state] });
  // Fewer segments: what an index that has been written for weeks looks like, and steadier numbers.
  await client.indices.forcemerge({ index: [indices.alerts, indices.state], max_num_segments: 1 });
  log(`Seeded in ${Math.round((Date.now() - t0) / 1000)} s`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const es = await startElasticsearch({ log: (line) => log(`[es] ${line}`), jvm: 'benchmark' });
  const client = new Client({ node: es.url, requestTimeout: 300_000 });
  let host: Awaited<ReturnType<typeof startHost>> | undefined;
  try {
    await seed(client);
    execSync('flock /tmp/buffalogs-build.lock npm run build', { cwd: path.resolve(__dirname, '..'), stdio: 'ignore' });
    host = await startHost({
      privilege: 'all',
      settings: { buffalogs: { space: SPACE, indices: ['bench-no-source-*'], schedule: { interval: '1d' } } },
      env: { ES_URL: es.url },
    });
    const base = host.baseUrl;
    const end = new Date(START + 90 * 86_400_000).toISOString();
    const last30 = `from=${new Date(START + 60 * 86_400_000).toISOString()}&to=${end}`;
    const deep = Math.floor(ALERTS / 2);
    // The cursor a client would hold after walking to the middle of the list (newest first): the sort values of alert `deep`.
    const deepDoc = makeAlert({ i: deep, users: USERS, start: START, spacingMs: SPACING_MS });
    const deepCursor = encodeCursor(alertSort(), [Date.parse(deepDoc['@timestamp']), alertSortKey(deepDoc.buffalogs.alert_id)]);
    // The same alert as a cursor of the severity-sorted list (about 3/8 of the way down: a quarter is critical).
    const deepSeverityCursor = encodeCursor(alertSort('severity'), [
      deepDoc.event.severity,
      Date.parse(deepDoc['@timestamp']),
      alertSortKey(deepDoc.buffalogs.alert_id),
    ]);
    const cases: Array<[string, string, boolean]> = [
      ['risk distribution', API_PATHS.riskDistribution, true],
      [
        'alerts over time (90 days, daily)',
        `${API_PATHS.alertsOverTime}?from=${new Date(START).toISOString()}&to=${end}`,
        true,
      ],
      [
        'alerts over time (last 30 days, by detector filter)',
        `${API_PATHS.alertsOverTime}?${last30}&detector=impossible_travel&detector=new_country`,
        true,
      ],
      ['alerts by country + 200 travel pairs (30 days)', `${API_PATHS.alertsByCountry}?${last30}`, true],
      ['alerts list, first page', `${API_PATHS.alerts}?size=25`, true],
      [
        'alerts list, first page, filtered (detector+status+unfiltered, 30 days)',
        `${API_PATHS.alerts}?${last30}&detector=new_country&status=open&filtered=unfiltered`,
        true,
      ],
      ['alerts list, first page, sorted by severity', `${API_PATHS.alerts}?sort=severity&size=25`, true],
      ['alerts list, free-text search (user)', `${API_PATHS.alerts}?search=${SAMPLE_USER.slice(2)}`, true],
      ['alerts list, one user', `${API_PATHS.alerts}?user=${SAMPLE_USER}`, true],
      // Not named by the target, but "pagination that stays fast deep into the list" is: held to the same bar.
      ['alerts list, page 400 (from 9975)', `${API_PATHS.alerts}?size=25&page=400`, true],
      [`alerts list, cursor at depth ${deep}`, `${API_PATHS.alerts}?size=25&cursor=${deepCursor}`, true],
      [
        'alerts list, cursor mid-list, sorted by severity',
        `${API_PATHS.alerts}?sort=severity&size=25&cursor=${deepSeverityCursor}`,
        true,
      ],
      ['alert detail', apiPath(API_PATHS.alert, { id: alertIdOf(Math.floor(ALERTS * 0.123)) }), false],
      ['users list, first page (riskiest first)', API_PATHS.users, true],
      ['users list, search', `${API_PATHS.users}?search=${SAMPLE_USER.slice(3)}`, true],
      ['user detail', apiPath(API_PATHS.user, { name: SAMPLE_USER }), false],
      ['settings', API_PATHS.settings, false],
    ];
    log(
      `\nRoute latency over HTTP through the dev host, ${ALERTS} alerts / ${USERS} users, ${RUNS} sequential requests each:`,
    );
    log(`${'route'.padEnd(78)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)}  target`);
    let failed = 0;
    for (const [name, url, targeted] of cases) {
      for (let i = 0; i < 5; i++) await call(base, 'GET', url);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = process.hrtime.bigint();
        const res = await call(base, 'GET', url);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (res.status !== 200)
          throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      const verdict = targeted ? (p95 < 200 ? 'ok (<200)' : 'MISSED (<200)') : '-';
      if (targeted && p95 >= 200) failed++;
      log(
        `${name.padEnd(78)} ${percentile(times, 50).toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(7)}  ${verdict}`,
      );
    }
    log(failed ? `\n${failed} targeted route(s) above 200 ms p95` : '\nEvery targeted route within p95 < 200 ms');
  } finally {
    await host?.stop();
    await client.close();
    await es.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
