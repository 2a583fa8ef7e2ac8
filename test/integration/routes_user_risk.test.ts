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
import { runDetectionPass } from '../../server/pass';
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
  const settings = testSettings([source], space, { detection: resolveDetectionConfig('default') });
  const pass = await runDetectionPass(settings, testDeps(client, NOW), { from: NOW - 11 * DAY, to: NOW - 60_000 });
  expect(pass.events).toBe(23);
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

  // Reopened, it counts again.
  await call(host.baseUrl, 'POST', API_PATHS.triage, { ids: [takeover.buffalogs.alert_id], status: 'open' });
  expect((await get(apiPath(API_PATHS.user, { name: 'anna' }))).body.user.risk_level).toBe('high');
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
  } finally {
    await countHost.stop();
  }
});
