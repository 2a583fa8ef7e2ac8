/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Settings › Learned context's route over real HTTP (dev host, built plugin) on real Elasticsearch (issue 12): before
 * any pass the space has learned nothing, and says so; after a detection pass over logins where twelve colleagues
 * share one /24, the route lists that /24 as the organisation's network (from the population the pass stored in
 * `buffalogs-context-<space>`), and not the /24s one colleague each uses at home.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import { LEARNED_CONTEXT_PATH } from '../../common/learned_context';
import { resolveDetectionConfig } from '../../server/detection';
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
const ROME = 0;

const space = uniqueSpace('learned');
const source = uniqueIndexName('auth-learned');
let client: Client;
let host: RunningHost;
let admin: RunningHost;
let noAccess: RunningHost;

/** Twelve colleagues at the office (203.0.113.0/24), each also from their own /24 at home. */
function events(): EcsEvent[] {
  const out: EcsEvent[] = [];
  for (let u = 0; u < 12; u++) {
    const user = `staff${String(u).padStart(2, '0')}`;
    for (let k = 0; k < 3; k++)
      out.push(
        login(
          `${user}-office-${k}`,
          NOW - 30 * HOUR + k * 8 * HOUR + u * 60_000,
          user,
          ROME,
          `203.0.113.${10 + u}`,
          AGENT,
        ),
      );
    out.push(login(`${user}-home`, NOW - 2 * HOUR + u * 60_000, user, ROME, `93.34.${u}.7`, AGENT));
  }
  return out;
}

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await createSourceIndex(client, source, events());
  // The hosts' own detection task reads nothing: the test runs the pass, with its clock.
  const settings = { buffalogs: { space, indices: ['nothing-here-*'], schedule: { interval: '1d' } } };
  [host, admin, noAccess] = await Promise.all([
    startHost({ privilege: 'read', settings }),
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'none', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), admin?.stop(), noAccess?.stop()]);
  await deleteSpace(client, space);
  await deleteIndices(client, contextIndex(space), observationsIndex(space), source);
  await client.close();
});

test('nothing learned yet is an empty answer that says so, not an error; the route needs the read privilege', async () => {
  const res = await call(host.baseUrl, 'GET', LEARNED_CONTEXT_PATH);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ learned: false, learning: true, documents: 0, population: 0 });
  expect(res.body.networks).toEqual({ total: 0, items: [] });
  expect(res.body.message).toMatch(/Nothing learned yet/);
  expect((await call(noAccess.baseUrl, 'GET', LEARNED_CONTEXT_PATH)).status).toBe(403);
});

test('after a pass, the /24 twelve colleagues share is listed as the organisation’s network, with the thresholds', async () => {
  const pass = await runDetectionPass(
    testSettings([source], space, { detection: resolveDetectionConfig('default') }),
    testDeps(client, NOW),
    // An explicit window, not the checkpoint: the hosts' own detection task may already have checkpointed this
    // space up to the real clock (it reads nothing, but it runs when the host starts).
    { from: NOW - 2 * 24 * HOUR, to: NOW },
  );
  expect(pass.events).toBe(12 * 4);
  await client.indices.refresh({ index: contextIndex(space) });
  const res = await call(host.baseUrl, 'GET', LEARNED_CONTEXT_PATH);
  expect(res.status).toBe(200);
  const body = res.body as any;
  expect(body).toMatchObject({ learned: true, learning: true, documents: 1, ignoredDocuments: 0, population: 12 });
  expect(body.networks.total).toBe(1); // the home /24s have one colleague each
  expect(body.networks.items[0]).toMatchObject({
    prefix: '203.0.113.0/24',
    kind: 'office',
    users: 10,
    saturated: true,
    trusted: false,
  });
  expect(body.networks.items[0].reason).toMatch(/colleagues log in from here: treated as the organisation/);
  expect(body.thresholds).toMatchObject({ orgMinUsersPerPrefix: 10, carrierMobileShare: 0.6 });
  expect(body.countries.items).toEqual([{ value: 'IT', users: 12, saturated: false }]);
  expect(Date.parse(body.updatedAt)).toBeGreaterThan(0);
});

test('trusting the learned network in Settings is shown on it, with the stored counts unchanged', async () => {
  const saved = await call(admin.baseUrl, 'PUT', API_PATHS.settings, {
    overrides: { impossibleTravel: { trustedCidrs: ['203.0.113.0/24'] } },
    expected_version: 0,
    comment: 'our office',
  });
  expect(saved.status).toBe(200);
  const body = (await call(host.baseUrl, 'GET', LEARNED_CONTEXT_PATH)).body as any;
  expect(body.trustedCidrs).toEqual(['203.0.113.0/24']);
  expect(body.networks.items[0]).toMatchObject({ prefix: '203.0.113.0/24', kind: 'office', users: 10, trusted: true });
});
