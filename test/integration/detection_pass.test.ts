/**
 * A detection pass against the real node: events in, alerts and per-user state out; a second run adds nothing; late
 * events inside the lag are judged by the next run; `buffalogs detect` (offline) and the pass agree alert for alert.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument } from '../../common/alert_document';
import { main } from '../../server/cli/main';
import { runDetectionPass } from '../../server/pass';
import { pluginIndices, readCheckpoint } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents, indexEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const LAG = 2 * 60_000;
let client: Client;
let source: string;
const spaces: string[] = [];
const events = generateAuthEvents({ users: 30, perUser: 16, end: NOW - 10 * 60_000, hours: 60 });

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-pass');
  await createSourceIndex(client, source, events);
});

afterAll(async () => {
  for (const space of spaces) await deleteSpace(client, space);
  await deleteIndices(client, source);
  await client.close();
});

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

test('a pass stores explained alerts and one state per user; a second pass adds nothing', async () => {
  const s = space('roundtrip');
  const settings = testSettings([source], s);
  const first = await runDetectionPass(settings, testDeps(client, NOW));
  const logins = events.filter((e) => (e.doc.event as { outcome: string; type: string[] }).outcome === 'success' && (e.doc.event as { type: string[] }).type[0] === 'start');
  expect(first.events).toBe(logins.length - 1); // the malformed hit is rejected, counted…
  expect(first.rejected).toEqual({ invalid_source_ip: 1 }); // …and named
  expect(first.alertsCreated).toBeGreaterThan(10);
  expect(first.completedTo).toBe(NOW - LAG);

  const alerts = await storedAlerts(client, s);
  expect(alerts.size).toBe(first.alertsCreated);
  const travel = [...alerts.values()].find((a) => a.rule.id === 'impossible_travel')!;
  expect(travel.buffalogs.evidence).toMatchObject({ kind: 'travel', speed_kmh: expect.any(Number), distance_km: expect.any(Number) });
  expect(travel.message).toMatch(/km/);
  // Both ends of the journey are geo_points: a distance query around the destination finds the alert.
  const to = (travel.buffalogs.evidence as { to: { location: { lat: number; lon: number } } }).to.location;
  const near = await client.search({
    index: pluginIndices(s).alerts,
    query: { bool: { filter: [{ term: { 'buffalogs.alert_id': travel.buffalogs.alert_id } }, { geo_distance: { distance: '1km', 'buffalogs.evidence.to.location': to } }] } },
  });
  expect(near.hits.hits).toHaveLength(1);

  // One state per user, spellings merged: user0003 is stored as "user0003" and "User0003".
  const states = await storedStates(client, s);
  expect(states.size).toBe(30);
  const mixed = events.filter((e) => (e.doc.user as { name: string }).name.toLowerCase() === 'user0003' && e.id.split('-').length === 2);
  expect(new Set(mixed.map((e) => (e.doc.user as { name: string }).name))).toEqual(new Set(['user0003', 'User0003']));
  expect(states.get('user0003')!.lastLoginAt).toBe(Math.max(...mixed.map((e) => Date.parse(e.doc['@timestamp'] as string))));

  const second = await runDetectionPass(settings, testDeps(client, NOW + 60_000));
  expect(second).toMatchObject({ events: 0, alertsCreated: 0 });
  // Judging the same window again explicitly finds nothing new either (ids are deterministic, logins remembered).
  const again = await runDetectionPass(settings, testDeps(client, NOW), { from: NOW - 70 * 3_600_000, to: NOW - LAG });
  expect(again.events).toBeGreaterThan(0);
  expect(again.alertsCreated).toBe(0);
  expect((await storedAlerts(client, s)).size).toBe(alerts.size);
});

test('a login that arrives late, inside the lag, is judged by the next pass', async () => {
  const s = space('late');
  const lateSource = uniqueIndexName('auth-late');
  const base = events.filter((e) => (e.doc.user as { name: string }).name === 'user0001');
  await createSourceIndex(client, lateSource, base);
  try {
    const settings = testSettings([lateSource], s);
    await runDetectionPass(settings, testDeps(client, NOW));
    // Indexed after that pass, stamped one minute before it: within the lag, so not yet behind the checkpoint.
    const lastLogin = base.filter((e) => e.id.split('-').length === 2).pop()!; // not a failure or logout
    const late = JSON.parse(JSON.stringify(lastLogin)) as (typeof base)[number];
    late.id = 'late-arrival';
    late.doc['@timestamp'] = new Date(NOW - 60_000).toISOString();
    (late.doc.event as { id: string }).id = 'late-arrival';
    Object.assign(late.doc.source as object, { ip: '203.0.113.77', geo: { location: { lat: -33.8688, lon: 151.2093 }, country_name: 'Australia', country_iso_code: 'AU', city_name: 'Sydney' } });
    await indexEvents(client, lateSource, [late]);
    const next = await runDetectionPass(settings, testDeps(client, NOW + 5 * 60_000));
    expect(next.events).toBe(1);
    const alerts = [...(await storedAlerts(client, s)).values()].filter((a) => a.buffalogs.trigger.event_id === 'late-arrival');
    expect(alerts.map((a) => a.rule.id)).toContain('impossible_travel'); // Sydney, a minute after a login elsewhere
  } finally {
    await deleteIndices(client, lateSource);
  }
});

test('buffalogs detect (offline) and the pass produce the same alerts for the same events', async () => {
  const s = space('offline');
  await runDetectionPass(testSettings([source], s), testDeps(client, NOW));
  const fromEs = await storedAlerts(client, s);

  const dir = mkdtempSync(join(tmpdir(), 'buffalogs-detect-'));
  try {
    const hits = await client.search({ index: source, size: 10_000, query: { match_all: {} } });
    const input = join(dir, 'hits.ndjson');
    writeFileSync(input, hits.hits.hits.map((h) => JSON.stringify({ _index: h._index, _id: h._id, _source: h._source })).join('\n'));
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    // The same settings as the pass: each detector's own findings (the verdict off, see helpers/detection_pass.ts).
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ detection: { verdict: { enabled: false } } }));
    const code = await main(['detect', '--input', input, '--config', config, '--now', new Date(NOW).toISOString()], {
      stdin: new PassThrough(),
      stdout,
      stderr: new PassThrough(),
    });
    expect(code).toBe(0);
    const offline = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AlertDocument);
    expect(offline.length).toBe(fromEs.size);
    for (const alert of offline) expect(fromEs.get(alert.buffalogs.alert_id)).toEqual(alert);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the checkpoint records the completed window', async () => {
  const s = space('checkpoint');
  await runDetectionPass(testSettings([source], s), testDeps(client, NOW));
  expect(await readCheckpoint(client, pluginIndices(s).checkpoints, 0, 1)).toEqual({ partition: 0, partitions: 1, completedTo: NOW - LAG });
});

test('batches are cut by their users\' logins in the window: many small batches judge exactly as one', async () => {
  const one = space('budget-one');
  const many = space('budget-many');
  const whole = await runDetectionPass(testSettings([source], one, { usersPerBatch: 10_000, eventsPerBatch: 1_000_000 }), testDeps(client, NOW));
  const cut = await runDetectionPass(testSettings([source], many, { usersPerBatch: 10_000, eventsPerBatch: 40 }), testDeps(client, NOW));
  expect(whole.batches).toBe(3); // one batch for each day of the 60 hours of logins
  // A few logins a user and day: only a handful of users fit 40, so the budget, not the user cap, cuts the batches.
  expect(cut.batches).toBeGreaterThanOrEqual(4 * whole.batches);
  expect(cut.events).toBe(whole.events);
  const ids = async (s: string) => [...(await storedAlerts(client, s)).keys()].sort();
  expect(await ids(many)).toEqual(await ids(one));
  expect(await storedStates(client, many)).toEqual(await storedStates(client, one));
});

test('reading each batch in several point-in-time slices at once judges exactly as one reader', async () => {
  const serial = space('slices-one');
  const sliced = space('slices-three');
  // Pages of 7 hits: each slice reads many pages, so the slices' pages interleave.
  const one = await runDetectionPass(testSettings([source], serial, { readSlices: 1, pageSize: 7 }), testDeps(client, NOW));
  const three = await runDetectionPass(testSettings([source], sliced, { readSlices: 3, pageSize: 7 }), testDeps(client, NOW));
  expect(three.hits).toBe(one.hits);
  expect(three.events).toBe(one.events);
  expect(one.alertsCreated).toBeGreaterThan(0);
  const alerts = async (s: string) => [...(await storedAlerts(client, s)).values()].sort((a, b) => (a.buffalogs.alert_id < b.buffalogs.alert_id ? -1 : 1));
  expect(await alerts(sliced)).toEqual(await alerts(serial));
  expect(await storedStates(client, sliced)).toEqual(await storedStates(client, serial));
});

test('a pass given a window length of 0 stops with the reason instead of judging the same empty window for ever', async () => {
  const s = space('zero-window');
  const settings = testSettings([source], s, { maxWindowMs: 0 });
  await expect(runDetectionPass(settings, testDeps(client, NOW))).rejects.toThrow(/maxWindow must be at least 1 minute/);
  expect(await readCheckpoint(client, pluginIndices(s).checkpoints, 0, 1)).toBeUndefined();
}, 20_000);
