/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * User risk in the default profile (issue 12), end to end against the real Elasticsearch: the detection pass judges
 * a takeover login (new country, new device, new network, impossible travel) into one alert, the app's routes (the
 * dev host serving the built plugin) put its user at High at once, and closing the alert as a false positive through
 * the triage route brings the user back down — read at request time from the alerts index, no detection pass between.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { resolveDetectionConfig } from '../../server/detection';
import type { Logger } from '@kbn/core/server';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { createDetectionRunner } from '../../server/task';
import { installIndices, pluginIndices } from '../../server/storage';
import { settingsIndexName } from '../../server/settings/settings_store';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, login, type EcsEvent } from './fixtures/auth_events';
import { storedAlerts, storedStates, testDeps, testSettings } from './helpers/detection_pass';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// The routes decay the score to the wall clock: the logins are recent.
const NOW = Date.now();
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const TOKYO = 2;

const space = uniqueIndexName('risk').replace(/-/g, '_');
const source = uniqueIndexName('risk-logs');
const indices = pluginIndices(space);
let client: Client;
let host: RunningHost;
const get = (p: string) => call(host.baseUrl, 'GET', p);

/** anna and bob at home in Rome for ten days; anna's account is then used from Tokyo an hour after her last login. */
function events(): EcsEvent[] {
  const out: EcsEvent[] = [];
  for (const [user, ip] of [
    ['anna', '93.34.100.7'],
    ['bob', '93.34.101.7'],
  ]) {
    for (let k = 0; k < 10; k++)
      out.push(login(`${user}-home-${k}`, NOW - 10 * DAY + k * 20 * HOUR, user, ROME, ip, MAC));
    out.push(login(`${user}-home-today`, NOW - 2 * HOUR, user, ROME, ip, MAC));
  }
  out.push(login('anna-tokyo', NOW - HOUR, 'anna', TOKYO, '203.0.113.50', LINUX));
  return out;
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await installIndices(client as never, space);
  await createSourceIndex(client, source, events());
  // One run of the Kibana task (server/task/detect_task.ts): the pass, then the users' current risk reconciled.
  const detection = resolveDetectionConfig('default');
  const settings = testSettings([source], space, { detection, lookbackMs: 11 * DAY, lagMs: 60_000 });
  const context = {
    taskInstance: { id: 'buffalogs:detect:0', params: { partition: 0 }, state: {} },
  } as unknown as RunContext;
  const quiet = () => {};
  const logger = { info: quiet, debug: quiet, warn: quiet, error: quiet } as unknown as Logger;
  const deps = testDeps(client, NOW);
  const runner = createDetectionRunner(context, {
    logger,
    now: () => NOW,
    services: async () => ({ client, identity: 'test', enricher: deps.enricher, settings }),
  });
  const run = (await runner.run()) as { state: { lastOutcome?: string; lastCounts?: { events?: number } } };
  expect(run.state.lastOutcome).toBe('ok');
  expect(run.state.lastCounts?.events).toBe(23);
  // The host reads nothing itself (no matching source index): only the pass above detects.
  host = await startHost({
    privilege: 'all',
    settings: { buffalogs: { space, indices: [`${source}-none-*`], schedule: { interval: '1d' } } },
  });
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(client, ...Object.values(indices), source, settingsIndexName(space));
  await client.close();
});

test("a takeover alert puts its user at High at once; closed as a false positive, the user's risk falls", async () => {
  const alerts = [...(await storedAlerts(client, space)).values()];
  expect(alerts.map((a) => [a.user?.name, a.rule.id, a.buffalogs.trigger.event_id])).toEqual([
    ['anna', 'suspicious_login', 'anna-tokyo'],
  ]);
  const [takeover] = alerts;
  const signals = (takeover.buffalogs.evidence as any).signals.map((s: any) => s.id);
  expect(signals).toEqual(expect.arrayContaining(['new_country', 'new_device', 'impossible_travel']));
  // The detector's own view, stored with the alert and the state: High at once.
  expect(takeover.buffalogs.user_risk.level).toBe('high');
  expect((await storedStates(client, space)).get('anna')!.risk.level).toBe('high');

  const page = await get(apiPath(API_PATHS.user, { name: 'anna' }));
  expect(page.status).toBe(200);
  expect(page.body.user).toMatchObject({
    name: 'anna',
    risk_level: 'high',
    risk_model: 'alert_scores',
    risk_takeover: true,
  });
  expect(page.body.user.risk_score).toBeGreaterThanOrEqual(75);
  // Score over time: the alert's point at High, then now (an hour later, barely faded).
  const trail = page.body.risk_history;
  expect(trail[0]).toMatchObject({ alert_id: takeover.buffalogs.alert_id, point: 'alert', level: 'high' });
  expect(trail[trail.length - 1]).toMatchObject({ point: 'now', level: 'high' });

  const list = await get(`${API_PATHS.users}?sort=risk`);
  expect(list.status).toBe(200);
  expect(list.body.items.map((u: any) => [u.name, u.risk_level])).toEqual([
    ['anna', 'high'],
    ['bob', 'no_risk'],
  ]);
  // The level filter and the Overview's pie count the same levels.
  const names = async (level: string) =>
    (await get(`${API_PATHS.users}?risk_level=${level}`)).body.items.map((u: any) => u.name);
  expect(await names('high')).toEqual(['anna']);
  const pie = await get(API_PATHS.riskDistribution);
  expect(pie.status).toBe(200);
  expect(pie.body).toEqual({ levels: { high: 1, medium: 0, low: 0, no_risk: 1 }, total: 2 });

  const triage = await call(host.baseUrl, 'POST', API_PATHS.triage, {
    ids: [takeover.buffalogs.alert_id],
    status: 'false_positive',
  });
  expect(triage.status).toBe(200);
  expect(triage.body.updated).toEqual([takeover.buffalogs.alert_id]);

  const after = await get(apiPath(API_PATHS.user, { name: 'anna' }));
  expect(after.body.user).toMatchObject({ risk_level: 'no_risk', risk_score: 0, risk_model: 'alert_scores' });
  expect(after.body.user.risk_takeover).toBeUndefined();
  expect(after.body.risk_history).toEqual([]);
  // The alert itself is still on the page, as a false positive.
  expect(after.body.alerts.map((a: any) => a.buffalogs.status)).toEqual(['false_positive']);
  const listAfter = await get(`${API_PATHS.users}?search=anna`);
  expect(listAfter.body.items.map((u: any) => [u.name, u.risk_level, u.risk_score])).toEqual([['anna', 'no_risk', 0]]);
  // The detector's stored view still says High (as of her newest login); the filter and the pie say what is shown.
  expect((await storedStates(client, space)).get('anna')!.risk.level).toBe('high');
  expect(await names('high')).toEqual([]);
  expect(await names('no_risk')).toEqual(['anna', 'bob']);
  expect((await get(API_PATHS.riskDistribution)).body.levels).toEqual({ high: 0, medium: 0, low: 0, no_risk: 2 });

  // Reopened, it counts again.
  await call(host.baseUrl, 'POST', API_PATHS.triage, { ids: [takeover.buffalogs.alert_id], status: 'open' });
  expect((await get(apiPath(API_PATHS.user, { name: 'anna' }))).body.user.risk_level).toBe('high');
  expect(await names('high')).toEqual(['anna']);
  expect((await get(API_PATHS.riskDistribution)).body.levels.high).toBe(1);
});

test('the buffalogs count model keeps the stored count (kibana.yml risk.model: alert_count)', async () => {
  const countHost = await startHost({
    privilege: 'read',
    settings: {
      buffalogs: {
        space,
        indices: [`${source}-none-*`],
        schedule: { interval: '1d' },
        detection: { risk: { model: 'alert_count' } },
      },
    },
  });
  try {
    const page = await call(countHost.baseUrl, 'GET', apiPath(API_PATHS.user, { name: 'anna' }));
    expect(page.status).toBe(200);
    // The state's stored risk, as the detector left it; no score-model fields.
    expect(page.body.user.risk_level).toBe('high');
    expect(page.body.user.risk_model).toBeUndefined();
    expect(page.body.risk_history.every((p: any) => p.point === undefined)).toBe(true);
    // BuffaLogs' count does not fall when an alert is closed: its list filter and pie keep the stored levels.
    const [alert] = [...(await storedAlerts(client, space)).values()];
    await client.update({
      index: indices.alerts,
      id: alert.buffalogs.alert_id,
      doc: { buffalogs: { status: 'false_positive' } },
      refresh: true,
    });
    const high = await call(countHost.baseUrl, 'GET', `${API_PATHS.users}?risk_level=high`);
    expect(high.body.items.map((u: any) => [u.name, u.risk_level])).toEqual([['anna', 'high']]);
    const pie = await call(countHost.baseUrl, 'GET', API_PATHS.riskDistribution);
    expect(pie.body.levels).toEqual({ high: 1, medium: 0, low: 0, no_risk: 1 });
  } finally {
    await countHost.stop();
  }
});
