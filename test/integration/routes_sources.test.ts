/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * The Sources view's route over real HTTP and a real node: alerts written by the credential family's own core (a
 * password spray that breaks into one account, a credential stuffing run from another network, a shared office
 * egress that must not count) and one login alert that must not, read back as attacking addresses, networks and a
 * timeline.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS } from '../../common/api';
import { DEFAULT_CREDENTIAL_THRESHOLDS as T } from '../../server/families/credential/config';
import { replayEvents } from '../../server/families/credential/events';
import { judgeSources } from '../../server/families/credential/judge';
import { authDoc, failures, type AuthSpec } from '../../server/families/credential/test_sequences';
import { installIndices } from '../../server/storage';
import { pluginIndices } from '../../server/storage/index_names';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { makeAlert } from './routes_fixtures';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const space = uniqueIndexName('sources').replace(/-/g, '_');
const indices = pluginIndices(space);
const SPRAY = '198.51.100.23';
const STUFFER = '203.0.113.9';
const OFFICE = '192.0.2.10';
let client: Client;
let host: RunningHost;
let readHost: RunningHost;
const range = 'from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z';

function credentialAlerts() {
  const specs: AuthSpec[] = [
    // A spray over 5 hours, and `victim` logging in from the sprayer 20 minutes after it began: compromised.
    ...failures(SPRAY, T.sprayMinUsers, 0, 300, 'sp'),
    { minute: 320, user: 'victim', ip: SPRAY, outcome: 'success', id: 'victim-ok' },
    // Stuffing: many users in minutes from another network.
    ...failures(STUFFER, T.stuffingMinUsers, 600, 10, 'st'),
    // An office egress: as many users, but most succeed (a trusted notice, filtered: not an attacker).
    ...failures(OFFICE, T.stuffingMinUsers, 0, 10, 'of'),
    ...Array.from({ length: T.stuffingMinUsers * 3 }, (_, i) => ({
      minute: i / 30,
      user: `of${i % T.stuffingMinUsers}`,
      ip: OFFICE,
      outcome: 'success' as const,
      id: `office-ok-${i}`,
    })),
  ];
  return judgeSources(replayEvents(specs.map(authDoc)), new Map(), T, Date.parse('2024-05-02T00:00:00Z')).alerts;
}

let alertCount = 0;
let compromisedId = '';
const sourceIndex = uniqueIndexName('sources-logs');
beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  await installIndices(client as never, space);
  // The alerts' triggering events live in an index of the test's own, mapped as ECS maps them (`source.ip` an ip).
  await client.indices.create({
    index: sourceIndex,
    settings: { number_of_replicas: 0 },
    mappings: {
      properties: {
        source: { properties: { ip: { type: 'ip' } } },
        user: { properties: { name: { type: 'keyword' } } },
      },
    },
  });
  await client.index({
    index: sourceIndex,
    refresh: true,
    document: authDoc({ minute: 320, user: 'victim', ip: SPRAY, outcome: 'success', id: 'victim-ok' }),
  });
  const alerts = credentialAlerts().map((a) => ({
    ...a,
    buffalogs: { ...a.buffalogs, trigger: { ...a.buffalogs.trigger, index: sourceIndex } },
  }));
  alertCount = alerts.length;
  compromisedId = alerts.find((a) => (a.buffalogs.evidence as any).kind === 'compromised_account')!.buffalogs.alert_id;
  const login = makeAlert({ i: 1, users: 2, start: Date.parse('2024-05-01T10:00:00Z'), spacingMs: 60_000 });
  const operations = [...alerts, login].flatMap((doc) => [
    { create: { _index: indices.alerts, _id: doc.buffalogs.alert_id } },
    doc,
  ]);
  const bulk = await client.bulk({ operations, refresh: true });
  expect(bulk.errors).toBe(false);
  const settings = { buffalogs: { space, indices: ['nothing-here-*'], schedule: { interval: '1d' } } };
  [host, readHost] = await Promise.all([
    startHost({ privilege: 'all', settings }),
    startHost({ privilege: 'read', settings }),
  ]);
});

afterAll(async () => {
  await Promise.all([host?.stop(), readHost?.stop()]);
  await deleteIndices(client, indices.alerts, indices.state, indices.checkpoints, sourceIndex);
  await client.close();
});

test('the credential core wrote a spray, its compromised account, a stuffing run and a trusted office', () => {
  const kinds = credentialAlerts().map((a) => [(a.buffalogs.evidence as any).kind, a.source?.ip]);
  expect(kinds).toEqual(
    expect.arrayContaining([
      ['credential_attack', SPRAY],
      ['compromised_account', SPRAY],
      ['credential_attack', STUFFER],
      ['trusted_source', OFFICE],
    ]),
  );
  expect(alertCount).toBe(4);
});

test('lists attacking addresses with users targeted, compromised accounts and first/last seen', async () => {
  const res = await call(readHost.baseUrl, 'GET', `${API_PATHS.sources}?${range}`);
  expect(res.status).toBe(200);
  const byAddress = new Map(res.body.sources.map((s: any) => [s.address, s]));
  // The trusted office and the login alert are not attackers.
  expect([...byAddress.keys()].sort()).toEqual([SPRAY, STUFFER]);
  const spray: any = byAddress.get(SPRAY);
  expect(spray).toMatchObject({
    network: '198.51.100.0/24',
    alerts: 2,
    rules: ['password_spray'],
    users_targeted: T.sprayMinUsers,
    compromised: ['victim'],
    // When the spray began (its first failure, minute 0), not when it was recognised (13:00, minute 300).
    first_seen: '2024-05-01T08:00:00.000Z',
    last_seen: '2024-05-01T13:20:00.000Z',
  });
  expect(spray.sample_users).toHaveLength(5);
  expect(spray.attack_alert_id).toMatch(/^[0-9a-f]{40}$/);
  expect(byAddress.get(STUFFER)).toMatchObject({ compromised: [], users_targeted: T.stuffingMinUsers });
  expect(res.body.total_sources).toBe(2);
  expect(res.body.compromised_accounts).toBe(1);
  expect(res.body.networks).toEqual([
    expect.objectContaining({
      network: '198.51.100.0/24',
      addresses: 1,
      alerts: 2,
      compromised: 1,
      first_seen: spray.first_seen,
      last_seen: spray.last_seen,
    }),
    expect.objectContaining({ network: '203.0.113.0/24', addresses: 1, alerts: 1, compromised: 0 }),
  ]);
  // Hourly over one day; the spray's alert and its compromise in the 13:00 hour.
  expect(res.body.timeline.interval).toBe('hour');
  expect(res.body.timeline.buckets).toHaveLength(24);
  const at13 = res.body.timeline.buckets.find((b: any) => b.start === '2024-05-01T13:00:00.000Z');
  expect(at13).toEqual({ start: '2024-05-01T13:00:00.000Z', attacks: 1, compromised: 1 });
});

test('narrows to the addresses that named one user, and to a range', async () => {
  const victim = await call(host.baseUrl, 'GET', `${API_PATHS.sources}?${range}&user=victim`);
  expect(victim.body.sources.map((s: any) => [s.address, s.compromised])).toEqual([[SPRAY, ['victim']]]);
  const before = await call(
    host.baseUrl,
    'GET',
    `${API_PATHS.sources}?from=2024-04-01T00:00:00Z&to=2024-04-02T00:00:00Z`,
  );
  expect(before.body).toMatchObject({ sources: [], networks: [], total_sources: 0, compromised_accounts: 0 });
});

test("a compromised account's detail shows its user's logins around it (an address-keyed alert, an ip field)", async () => {
  const res = await call(readHost.baseUrl, 'GET', `/api/buffalogs/alerts/${compromisedId}`);
  expect(res.status).toBe(200);
  expect(res.body.evidence).toMatchObject({ kind: 'compromised_account', user: 'victim', source: SPRAY });
  expect(res.body.logins_source).toBe('events');
  expect(res.body.logins.map((l: any) => [l.ip, l.is_trigger])).toEqual([[SPRAY, true]]);
});

test('refuses bad parameters with a message naming them', async () => {
  const bad = await call(host.baseUrl, 'GET', `${API_PATHS.sources}?size=0`);
  expect(bad.status).toBe(400);
  expect(bad.body.message).toContain('size');
  const reversed = await call(host.baseUrl, 'GET', `${API_PATHS.sources}?from=2024-05-02&to=2024-05-01`);
  expect(reversed.status).toBe(400);
  expect(reversed.body.message).toContain('[from] must be before [to]');
});

test('a space before its first pass (no alerts index yet) answers empty, not a 404 the page shows as an error', async () => {
  // The Sources tab of a new space showed "index_not_found_exception: no such index [buffalogs-alerts-…]" twice.
  const empty = `${host.serverUrl}/s/${uniqueIndexName('nosources').replace(/-/g, '_')}`;
  const res = await call(empty, 'GET', `${API_PATHS.sources}?${range}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ sources: [], networks: [], total_sources: 0, compromised_accounts: 0 });
  expect(res.body.timeline.buckets.filter((b: any) => b.attacks + b.compromised > 0)).toEqual([]);
});
