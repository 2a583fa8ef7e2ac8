/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * "Trust this network for everyone" (issue 12, feedback), end to end on the real Elasticsearch through the app's
 * routes (the dev host serving the built plugin), as the alert flyout does it: the alert's network proposed by the
 * flyout's own code (common/trust_network.ts) from `GET /alerts/{id}` and `GET /settings`, saved with
 * `PUT /settings` and the version read, the alert marked safe. The next pass, reading the saved settings as the
 * detection task does (savedDetectionConfig), judges ANOTHER user's login from that network: no alert. Control: the
 * same logins in a space where nobody trusted the network alert for both users.
 */
import type { Client } from '@elastic/elasticsearch';
import { API_PATHS, apiPath } from '../../common/api';
import type { AlertDocument } from '../../common/alert_document';
import { proposeTrust, trustedListsWith } from '../../common/trust_network';
import { resolveDetectionConfig } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { savedDetectionConfig } from '../../server/pass/detection_runtime';
import { settingsIndexName } from '../../server/settings/settings_store';
import { installIndices, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, indexEvents, login, type EcsEvent } from './fixtures/auth_events';
import { storedAlerts, testDeps, testSettings } from './helpers/detection_pass';
import { call, ensureFreshBuild, startHost, type RunningHost } from './routes_host';

jest.setTimeout(300_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW1 = Date.parse('2025-03-10T12:00:00Z');
const NOW2 = NOW1 + DAY;
const MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15';
const ROME = 0;
/** The company's VPN egress: New York, AS64501 ("ISP New York" in the fixtures). */
const NEW_YORK = 1;
const USERS = [
  ['alice', '93.34.100.7'],
  ['bob', '93.34.101.7'],
] as const;

const space = uniqueIndexName('trust').replace(/-/g, '_');
const control = uniqueIndexName('trustctl').replace(/-/g, '_');
const source = uniqueIndexName('trust-logs');
let client: Client;
let host: RunningHost;

/** alice and bob at home in Rome for ten days on their Macs; then alice, an hour after home, on the VPN egress. */
function firstEvents(): EcsEvent[] {
  const out: EcsEvent[] = [];
  for (const [user, ip] of USERS) {
    for (let k = 0; k < 10; k++)
      out.push(login(`${user}-home-${k}`, NOW1 - 10 * DAY + k * 20 * HOUR, user, ROME, ip, MAC));
    out.push(login(`${user}-home-today`, NOW1 - 2 * HOUR, user, ROME, ip, MAC));
  }
  out.push(login('alice-vpn', NOW1 - HOUR, 'alice', NEW_YORK, '198.51.100.7', MAC));
  return out;
}

/** The next day: bob at home, then on the same VPN egress (another address of its /24) an hour later. */
const laterEvents = (): EcsEvent[] => [
  login('bob-home-later', NOW2 - 3 * HOUR, 'bob', ROME, '93.34.101.7', MAC),
  login('bob-vpn', NOW2 - 2 * HOUR, 'bob', NEW_YORK, '198.51.100.77', MAC),
];

const base = { profile: 'default' as const, overrides: {} };
const quiet = { warn: (m: string) => console.warn(m) };

/** A pass over [from, to) of `space` with the settings saved through the API, as the detection task reads them. */
async function pass(onSpace: string, from: number, to: number, now: number) {
  const detection = await savedDetectionConfig(
    client as never,
    onSpace,
    { base, detection: resolveDetectionConfig('default'), withLists: (c) => c },
    quiet,
  );
  const settings = testSettings([source], onSpace, { detection });
  await runDetectionPass(settings, testDeps(client, now), { from, to });
  return detection;
}

const suspicious = async (onSpace: string) =>
  [...(await storedAlerts(client, onSpace)).values()]
    .filter((a) => a.rule.id === 'suspicious_login' && !a.buffalogs.filtered)
    .map((a) => a.buffalogs.trigger.event_id)
    .sort();

beforeAll(async () => {
  ensureFreshBuild();
  client = esClient();
  for (const s of [space, control]) await installIndices(client as never, s);
  await createSourceIndex(client, source, firstEvents());
  for (const s of [space, control]) await pass(s, NOW1 - 11 * DAY, NOW1, NOW1);
  host = await startHost({
    privilege: 'all',
    settings: { buffalogs: { space, indices: [`${source}-none-*`], schedule: { interval: '1d' } } },
  });
});

afterAll(async () => {
  await host?.stop();
  for (const s of [space, control])
    await deleteIndices(client, ...Object.values(pluginIndices(s)), settingsIndexName(s));
  await deleteIndices(client, source);
  await client.close();
});

test("trusting an alert's network from the flyout saves it in the space's settings (a new version), and the next pass does not alert on ANOTHER user's login from it", async () => {
  expect(await suspicious(space)).toEqual(['alice-vpn']);
  const [stored] = [...(await storedAlerts(client, space)).values()].filter((a) => a.rule.id === 'suspicious_login');
  const id = stored.buffalogs.alert_id;
  const signals = (stored.buffalogs.evidence as any).signals.map((s: any) => s.id);
  expect(signals).toEqual(expect.arrayContaining(['new_network', 'new_country', 'impossible_travel']));

  // What the flyout reads, and proposes from it.
  const detail = await call(host.baseUrl, 'GET', apiPath(API_PATHS.alert, { id }));
  expect(detail.status).toBe(200);
  const before = await call(host.baseUrl, 'GET', API_PATHS.settings);
  expect(before.status).toBe(200);
  expect(before.body.version).toBe(0);
  const alert: AlertDocument = {
    ...detail.body.alert,
    buffalogs: { ...detail.body.alert.buffalogs, evidence: detail.body.evidence },
  };
  const proposal = proposeTrust(alert, before.body.effective)!;
  expect(proposal.signals).toEqual(expect.arrayContaining(['new_network', 'impossible_travel']));
  expect(proposal.cidr).toEqual({ value: '198.51.100.0/24', ip: '198.51.100.7' });
  expect(proposal.asn).toEqual({ value: 64501, organization: 'ISP New York' });

  // Refused by the route whoever sends them: a /0, and a range on the anonymiser list (named by their field).
  const put = (overrides: object, expected_version?: number) =>
    call(host.baseUrl, 'PUT', API_PATHS.settings, {
      profile: before.body.profile,
      overrides,
      ...(expected_version !== undefined ? { expected_version } : {}),
    });
  const huge = await put({ impossibleTravel: { trustedCidrs: ['0.0.0.0/0'] } }, 0);
  expect(huge.status).toBe(400);
  expect(huge.body.message).toMatch(/impossibleTravel\.trustedCidrs\[0\].*too wide/);
  const anon = await put(
    { impossibleTravel: { trustedCidrs: ['198.51.100.0/24'] }, anonymousIp: { cidrs: ['198.51.100.64/26'] } },
    0,
  );
  expect(anon.status).toBe(400);
  expect(anon.body.message).toMatch(/impossibleTravel\.trustedCidrs\[0\].*anonymiser list \(198\.51\.100\.64\/26\)/);
  const anonAs = await put({ impossibleTravel: { trustedAsns: [64501] }, anonymousIp: { asns: [64501] } }, 0);
  expect(anonAs.status).toBe(400);
  expect(anonAs.body.message).toMatch(/impossibleTravel\.trustedAsns\[0\]\]: AS64501 is on the anonymiser list/);

  // Confirmed: the /24 (the flyout's default), with the version read; then the alert marked safe.
  const lists = trustedListsWith(before.body.effective, { cidr: proposal.cidr!.value });
  const saved = await put({ ...before.body.overrides, impossibleTravel: { trustedCidrs: lists.trustedCidrs } }, 0);
  expect(saved.status).toBe(200);
  expect(saved.body.version).toBe(1);
  expect(saved.body.effective.impossibleTravel.trustedCidrs).toEqual(['198.51.100.0/24']);
  // A second writer with the old version is told, not silently overwritten.
  const stale = await put({ impossibleTravel: { trustedCidrs: [] } }, 0);
  expect(stale.status).toBe(409);
  const safe = await call(host.baseUrl, 'POST', apiPath(API_PATHS.markSafe, { id }), {});
  expect(safe.status).toBe(200);
  expect(safe.body.status).toBe('false_positive');
  // The Settings page reads it back.
  const after = await call(host.baseUrl, 'GET', API_PATHS.settings);
  expect(after.body).toMatchObject({
    version: 1,
    overrides: { impossibleTravel: { trustedCidrs: ['198.51.100.0/24'] } },
  });
  // Asked again, the flyout finds it already trusted.
  expect(proposeTrust(alert, after.body.effective)!.cidr!.refused).toBe('already trusted (198.51.100.0/24)');

  // The next pass: bob on the VPN egress. Trusted: no alert; the control space (nothing trusted): an alert.
  await indexEvents(client, source, laterEvents());
  const used = await pass(space, NOW1, NOW2, NOW2);
  expect(used.impossibleTravel.trustedCidrs).toEqual(['198.51.100.0/24']);
  await pass(control, NOW1, NOW2, NOW2);
  expect(await suspicious(control)).toEqual(['alice-vpn', 'bob-vpn']);
  expect(await suspicious(space)).toEqual(['alice-vpn']);
});
