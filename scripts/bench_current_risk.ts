/**
 * What keeping the users list's order and the Overview's pie on the risk shown costs at scale (issue 12, score model;
 * server/queries/current_risk.ts, server/triage/risk_refresh.ts): 100,000 users, 5,000 of them with counted alerts
 * (20,000 alerts over the retention window, a quarter closed), then
 * - the detection task's reconciliation of every user with a counted alert (Node CPU-seconds, wall time, requests);
 * - the list's first page riskiest first, a page deep by cursor, the High filter and the pie: Elasticsearch's `took`,
 *   p50/p95 over sequential runs, beside the same reads on the detector's stored risk (before this change);
 * - the check for stale keys each list and pie read makes first, when none is stale;
 * - a bulk triage of 100 alerts: their users' keys written (wall).
 *
 *   npx tsx scripts/bench_current_risk.ts       # starts a node (scripts/es.ts), or uses ES_URL; deletes its space
 *
 * Options (env): BENCH_USERS (100000), BENCH_RISKY (5000), BENCH_RUNS (30).
 */
import { Client } from '@elastic/elasticsearch';
import { resolveDetectionConfig } from '../server/detection';
import { newUserState } from '../server/detection/user_state';
import { buildRiskDistributionSearch, buildUsersListSearch, shapeUsersPage } from '../server/queries/users';
import { installIndices, pluginIndices, toStateDocument } from '../server/storage';
import { applyTriage } from '../server/triage/alert_updates';
import { reconcileUsersRisk, refreshRiskOfAlerts, refreshStaleRisks } from '../server/triage/risk_refresh';
import { startElasticsearch } from './es';
import { seededRandom } from '../server/analyses/random';

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const RISKY = Number(process.env.BENCH_RISKY ?? 5_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const ALERTS_PER_RISKY = 4;
const DAY = 86_400_000;
const NOW = Date.now();
const SPACE = `bench_current_risk_${process.pid}`;
const log = (line: string) => process.stdout.write(`${line}\n`);
const user = (i: number) => `user-${String(i).padStart(6, '0')}`;

async function bulk(client: Client, ops: object[]) {
  for (let i = 0; i < ops.length; i += 10_000) {
    const r = await client.bulk({ operations: ops.slice(i, i + 10_000) });
    if (r.errors) throw new Error('bulk load failed');
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

async function took(client: Client, request: object): Promise<{ p50: number; p95: number; hits: number }> {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < RUNS + 3; i++) {
    const r = await client.search(request as never);
    hits = r.hits.hits.length;
    if (i >= 3) times.push(r.took);
  }
  return { p50: pct(times, 0.5), p95: pct(times, 0.95), hits };
}

async function main() {
  const node = await startElasticsearch({ log: (line) => process.stderr.write(`[es] ${line}\n`), jvm: 'benchmark' });
  const client = new Client({ node: node.url });
  const indices = pluginIndices(SPACE);
  const risk = resolveDetectionConfig('default').risk;
  try {
    await installIndices(client as never, SPACE);
    log(`Seeding ${USERS} users, ${RISKY * ALERTS_PER_RISKY} alerts of ${RISKY} users…`);
    const random = seededRandom(12);
    const ops: object[] = [];
    for (let i = 0; i < USERS; i++) {
      const state = newUserState(user(i), NOW - 60 * DAY);
      state.lastLoginAt = NOW - Math.floor(random() * 30 * DAY);
      // The detector's stored view: as of each user's newest login, all its alerts open.
      if (i % Math.ceil(USERS / RISKY) === 0) state.risk = { ...state.risk, level: 'high', score: 100 };
      ops.push({ index: { _index: indices.state, _id: user(i) } }, toStateDocument(state, NOW));
    }
    await bulk(client, ops);
    const alertIds: string[] = [];
    const alertOps: object[] = [];
    for (let r = 0; r < RISKY; r++) {
      const name = user(r * Math.ceil(USERS / RISKY));
      for (let k = 0; k < ALERTS_PER_RISKY; k++) {
        const id = `a-${r}-${k}`;
        alertIds.push(id);
        const score = 50 + Math.floor(random() * 50);
        const takeover = random() < 0.02;
        alertOps.push(
          { index: { _index: indices.alerts, _id: id } },
          {
            '@timestamp': new Date(NOW - Math.floor(random() * 44 * DAY)).toISOString(),
            user: { name },
            event: { kind: 'alert', risk_score: score },
            rule: { id: 'suspicious_login' },
            buffalogs: {
              alert_id: id,
              status: random() < 0.25 ? 'false_positive' : 'open',
              evidence: {
                kind: 'verdict',
                signals: (takeover ? ['new_country', 'new_device', 'impossible_travel'] : ['new_country']).map((s) => ({
                  id: s,
                  weight: 20,
                })),
              },
            },
          },
        );
      }
    }
    await bulk(client, alertOps);
    await client.indices.refresh({ index: [indices.alerts, indices.state] });

    const cpu0 = process.cpuUsage();
    const wall0 = Date.now();
    const reconciled = await reconcileUsersRisk(client as never, indices, risk, NOW);
    const cpu = process.cpuUsage(cpu0);
    log(
      `Reconciliation (the task, after each pass), first run: ${reconciled.written} users keyed in ${Date.now() - wall0} ms wall, ` +
        `${((cpu.user + cpu.system) / 1e6).toFixed(2)} Node CPU-s`,
    );
    await client.indices.refresh({ index: indices.state });
    const cpu1 = process.cpuUsage();
    const wallAgain = Date.now();
    const again = await reconcileUsersRisk(client as never, indices, risk, NOW + 60_000);
    const cpuAgain = process.cpuUsage(cpu1);
    log(
      `Reconciliation again a minute later (the next run, nothing changed): ${again.users} users checked, ` +
        `${again.written} written, ${Date.now() - wallAgain} ms wall, ${((cpuAgain.user + cpuAgain.system) / 1e6).toFixed(2)} Node CPU-s`,
    );

    const wall1 = Date.now();
    const stale = await refreshStaleRisks(client as never, indices, risk, NOW);
    log(`Stale check before a read, none stale: ${stale.refreshed} refreshed, ${Date.now() - wall1} ms wall`);

    const current = { now: NOW, risk };
    const rows: Array<[string, object, object]> = [];
    const first = buildUsersListSearch(indices.state, { sort: 'risk' }, 10_000, current);
    const firstOld = buildUsersListSearch(indices.state, { sort: 'risk' }, 10_000);
    rows.push(['users list, first page riskiest first', first.request, firstOld.request]);
    // A cursor 10,000 users down (deeper paging follows next_cursor the same way).
    let cursor: string | undefined;
    let cursorOld: string | undefined;
    {
      const deep = buildUsersListSearch(indices.state, { sort: 'risk', size: 100 }, 10_000, current);
      const r = await client.search({ ...(deep.request as object), from: 9_900 } as never);
      cursor = shapeUsersPage(r as never, deep.sort, 100).next_cursor;
      const deepOld = buildUsersListSearch(indices.state, { sort: 'risk', size: 100 }, 10_000);
      const o = await client.search({ ...(deepOld.request as object), from: 9_900 } as never);
      cursorOld = shapeUsersPage(o as never, deepOld.sort, 100).next_cursor;
    }
    rows.push([
      'users list, cursor 10,000 down',
      buildUsersListSearch(indices.state, { sort: 'risk', cursor }, 10_000, current).request,
      buildUsersListSearch(indices.state, { sort: 'risk', cursor: cursorOld }, 10_000).request,
    ]);
    rows.push([
      'users list, High only',
      buildUsersListSearch(indices.state, { risk_level: ['high'] }, 10_000, current).request,
      buildUsersListSearch(indices.state, { risk_level: ['high'] }, 10_000).request,
    ]);
    rows.push([
      'Overview pie (users per level)',
      buildRiskDistributionSearch(indices.state, {}, current),
      buildRiskDistributionSearch(indices.state, {}),
    ]);
    log(`\nElasticsearch took (ms), ${RUNS} sequential runs, ${USERS} users: current risk | stored risk (before)`);
    for (const [label, now, before] of rows) {
      const a = await took(client, now);
      const b = await took(client, before);
      log(`  ${label.padEnd(40)} p50 ${a.p50} p95 ${a.p95} | p50 ${b.p50} p95 ${b.p95}`);
    }

    const ids = alertIds.slice(0, 400).filter((_, i) => i % 4 === 0);
    const wall2 = Date.now();
    await applyTriage(
      client as never,
      indices.alerts,
      { ids, status: 'false_positive' },
      { updated_by: 'bench', updated_at: new Date().toISOString() },
    );
    const wall3 = Date.now();
    const written = await refreshRiskOfAlerts(client as never, indices, risk, ids, NOW);
    log(
      `\nBulk triage of ${ids.length} alerts: status ${wall3 - wall2} ms, then ${written.users} users' keys written ` +
        `(visible to the next search) ${Date.now() - wall3} ms wall`,
    );
  } finally {
    await client.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
    await client.close();
    await node.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
