/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The observations routes over real HTTP (dev host, built plugin) on real Elasticsearch (issue 12: observations "on
 * the user's page and in the alert's evidence, counted in statistics"). Before any pass the space has no observations
 * index: an empty list and a count of 0, not an error. After a detection pass (default profile) in which twelve
 * colleagues log in from home and then, each for the first time, through the company VPN abroad (new network and
 * country, under the threshold: observations, see population_context.test.ts), the user route returns exactly that
 * user's stored observations, newest first, bounded by `size` and the range; hostile parameters are 400s.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import { resolveDetectionConfig, type Observation } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { contextIndex, observationsIndex } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, login, type EcsEvent } from './fixtures/auth_events';
import { deleteSpace, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
const NOW = Date.parse('2025-03-10T12:00:00Z');
const AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const TOKYO = 2;

const space = uniqueSpace('observations');
const source = uniqueIndexName('auth-observations');
let client: Client;
let host: RunningHost;
let noAccess: RunningHost;

const userPath = (name: string, query = '') => `${apiPath(API_PATHS.userObservations, { name })}${query}`;

/** As population_context.test.ts: twelve colleagues at home in Rome, each then through the VPN (Tokyo by GeoIP). */
function events(): EcsEvent[] {
  const out: EcsEvent[] = [];
  for (let u = 0; u < 12; u++) {
    const user = `staff${String(u).padStart(2, '0')}`;
    for (let k = 0; k < 6; k++)
      out.push(
        login(`${user}-home-${k}`, NOW - 40 * HOUR + k * 5 * HOUR + u * 60_000, user, ROME, `93.34.${u}.7`, AGENT),
      );
    out.push(login(`${user}-vpn`, NOW - 3 * HOUR + u * 60_000, user, TOKYO, `198.51.100.${10 + u}`, AGENT));
  }
  // staff03 also logs in at home from a new browser: a second observation, before the VPN one.
  out.push(login('staff03-new-browser', NOW - 16 * HOUR, 'staff03', ROME, '93.34.3.7', FIREFOX));
  return out;
}

/** What the observations index holds for a user, newest first, read straight from Elasticsearch. */
async function storedFor(user: string): Promise<Array<{ id: string; source: Observation }>> {
  const result = await client.search<Observation>({
    index: observationsIndex(space),
    size: 1000,
    query: { term: { 'user.name': user } },
    sort: [{ '@timestamp': 'desc' }, { 'event.id': 'asc' }],
  });
  return result.hits.hits.map((h) => ({ id: h._id!, source: h._source! }));
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await createSourceIndex(client, source, events());
  // The hosts' own detection task reads nothing: the test runs the pass, with its clock.
  const settings = { buffalogs: { space, indices: ['nothing-here-*'], schedule: { interval: '1d' } } };
  [host, noAccess] = await Promise.all([
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'none', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), noAccess?.stop()]);
  await deleteSpace(client, space);
  await deleteIndices(client, contextIndex(space), observationsIndex(space), source);
  await client.close();
});

test('no observations index yet: an empty list and a count of 0, not an error; the read privilege is needed', async () => {
  expect(await client.indices.exists({ index: observationsIndex(space) })).toBe(false);
  const res = await call(host.baseUrl, 'GET', userPath('staff03'));
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ items: [], total: 0, total_relation: 'eq' });
  const count = await call(host.baseUrl, 'GET', API_PATHS.observationsCount);
  expect(count.status).toBe(200);
  expect(count.body).toEqual({ total: 0, total_relation: 'eq' });
  expect((await call(noAccess.baseUrl, 'GET', userPath('staff03'))).status).toBe(403);
  expect((await call(noAccess.baseUrl, 'GET', API_PATHS.observationsCount)).status).toBe(403);
});

describe('after a detection pass', () => {
  beforeAll(async () => {
    const pass = await runDetectionPass(
      testSettings([source], space, { detection: resolveDetectionConfig('default') }),
      testDeps(client, NOW),
      // An explicit window, not the checkpoint (the hosts' own task may have checkpointed this space already).
      { from: NOW - 2 * 24 * HOUR, to: NOW },
    );
    expect(pass.events).toBe(12 * 7 + 1);
    expect(pass.recordsCreated).toBeGreaterThan(0);
    await client.indices.refresh({ index: observationsIndex(space) });
  });

  test("the user's stored observations, newest first, with their signals, score, threshold and why; only theirs", async () => {
    const stored = await storedFor('staff03');
    // The new browser and the first VPN login: more than one observation to order.
    expect(stored.map((s) => s.source.event.id)).toEqual(
      expect.arrayContaining(['staff03-vpn', 'staff03-new-browser']),
    );
    const res = await call(host.baseUrl, 'GET', userPath('staff03'));
    expect(res.status).toBe(200);
    const body = res.body as any;
    expect(body.total).toBe(stored.length);
    expect(body.total_relation).toBe('eq');
    expect(body.items.map((o: any) => o.id)).toEqual(stored.map((s) => s.id));
    const times = body.items.map((o: any) => Date.parse(o['@timestamp']));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const o of body.items) {
      expect(o.user.name).toBe('staff03');
      expect(o.event.kind).toBe('signal');
      expect(o.score).toBeLessThan(o.threshold);
      expect(typeof o.why).toBe('string');
      expect(o.why.length).toBeGreaterThan(0);
      expect(Array.isArray(o.signals)).toBe(true);
    }
    // The VPN login abroad is among them, with its signals and their points.
    const vpn = body.items.find((o: any) => o.event.id === 'staff03-vpn');
    expect(vpn).toBeDefined();
    expect(vpn.signals.length).toBeGreaterThan(0);
    for (const s of vpn.signals) expect(typeof s.weight).toBe('number');
    expect(vpn).toEqual({
      id: stored.find((s) => s.source.event.id === 'staff03-vpn')!.id,
      ...stored.find((s) => s.source.event.id === 'staff03-vpn')!.source,
    });
  });

  test('bounded: size caps the list (total still counts them all); from/to restrict it to the range', async () => {
    const stored = await storedFor('staff03');
    const one = (await call(host.baseUrl, 'GET', userPath('staff03', '?size=1'))).body as any;
    expect(one.items.map((o: any) => o.id)).toEqual([stored[0].id]);
    expect(one.total).toBe(stored.length);
    // The last 4 hours hold the VPN login only (the new browser is 16 h before NOW).
    const from = new Date(NOW - 4 * HOUR).toISOString();
    const to = new Date(NOW).toISOString();
    const recent = (await call(host.baseUrl, 'GET', userPath('staff03', `?from=${from}&to=${to}`))).body as any;
    expect(recent.items.map((o: any) => o.event.id)).toEqual(['staff03-vpn']);
    expect(recent.total).toBe(1);
    // `to` is exclusive.
    const vpnAt = Date.parse(recent.items[0]['@timestamp']);
    const before = (
      await call(host.baseUrl, 'GET', userPath('staff03', `?from=${from}&to=${new Date(vpnAt).toISOString()}`))
    ).body as any;
    expect(before.items).toEqual([]);
  });

  test('an unknown user has no observations: an empty list, not a 404', async () => {
    const res = await call(host.baseUrl, 'GET', userPath('nobody-here'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, total_relation: 'eq' });
  });

  test('the count is every user’s observations in the range', async () => {
    const all = (await client.count({ index: observationsIndex(space) })).count;
    const res = await call(host.baseUrl, 'GET', API_PATHS.observationsCount);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ total: all, total_relation: 'eq' });
    const from = new Date(NOW - 4 * HOUR).toISOString();
    const recent = await client.count({
      index: observationsIndex(space),
      query: { range: { '@timestamp': { gte: from } } },
    });
    expect((await call(host.baseUrl, 'GET', `${API_PATHS.observationsCount}?from=${from}`)).body.total).toBe(
      recent.count,
    );
  });

  test.each([
    ['size 0', userPath('staff03', '?size=0'), /query\.size/],
    ['size over the bound', userPath('staff03', '?size=101'), /query\.size/],
    ['size not an integer', userPath('staff03', '?size=2.5'), /query\.size/],
    ['size not a number', userPath('staff03', '?size=ten'), /query\.size/],
    ['from not a date', userPath('staff03', '?from=yesterday'), /query\.from/],
    ['from a query clause', userPath('staff03', `?from=${encodeURIComponent('{"match_all":{}}')}`), /query\.from/],
    ['to a day that does not exist', userPath('staff03', '?to=2025-02-30'), /query\.to/],
    ['from after to', userPath('staff03', '?from=2025-03-10&to=2025-03-01'), /\[from\] must be before \[to\]/],
    ['an unknown parameter', userPath('staff03', '?index=buffalogs-alerts-*'), /index/],
    ['a name too long', userPath('x'.repeat(600)), /params\.name/],
    [
      'the count with from after to',
      `${API_PATHS.observationsCount}?from=2025-03-10&to=2025-03-01`,
      /\[from\] must be before/,
    ],
    ['the count with a bad date', `${API_PATHS.observationsCount}?to=now-1d`, /query\.to/],
  ])('%s → 400 naming it', async (_title, path, message) => {
    const res = await call(host.baseUrl, 'GET', path);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
  });

  test('a name that looks like a query or a wildcard matches no one else', async () => {
    for (const name of ['staff*', '*', 'staff03 OR staff04', '{"match_all":{}}']) {
      const res = await call(host.baseUrl, 'GET', userPath(name));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
  });
});
