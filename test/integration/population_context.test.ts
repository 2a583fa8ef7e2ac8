/**
 * The login family's learned population context survives passes and restarts (issue 12): a VPN egress /24 that many
 * colleagues used in one pass is the organisation's network in the next pass, which reads it back from
 * `buffalogs-context-<space>`. Without the stored context (deleted between the passes), the same login is an alert.
 * Also: observations are stored in `buffalogs-observations-<space>` with deterministic ids, the alerts index holds
 * alerts only.
 */
import type { Client } from '@elastic/elasticsearch';
import { runDetectionPass } from '../../server/pass';
import { contextIndex, observationsIndex } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, indexEvents, login, type EcsEvent } from './fixtures/auth_events';
import { resolveDetectionConfig } from '../../server/detection';
import {
  deleteSpace,
  storedAlerts,
  testDeps,
  testSettings as passSettings,
  uniqueSpace,
} from './helpers/detection_pass';

/** The default profile as shipped: this suite tests the verdict, which the pass-mechanics suites switch off. */
const testSettings = (indices: string[], space: string) =>
  passSettings(indices, space, { detection: resolveDetectionConfig('default') });

const HOUR = 3_600_000;
const NOW1 = Date.parse('2025-03-10T12:00:00Z');
const NOW2 = NOW1 + 6 * HOUR;
const AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const ROME = 0;
const TOKYO = 2;

let client: Client;
const cleanup: string[] = [];
const spaces: string[] = [];

beforeAll(() => {
  client = esClient();
});

afterAll(async () => {
  for (const space of spaces) {
    await deleteSpace(client, space);
    await deleteIndices(client, contextIndex(space), observationsIndex(space));
  }
  await deleteIndices(client, ...cleanup);
  await client.close();
});

/** Pass 1: 12 colleagues at home in Rome, each then through the company VPN, whose egress 198.51.100.0/24 is in Tokyo. */
function firstPassEvents(): EcsEvent[] {
  const events: EcsEvent[] = [];
  for (let u = 0; u < 12; u++) {
    const user = `staff${String(u).padStart(2, '0')}`;
    for (let k = 0; k < 6; k++) {
      events.push(
        login(`${user}-home-${k}`, NOW1 - 40 * HOUR + k * 5 * HOUR + u * 60_000, user, ROME, `93.34.${u}.7`, AGENT),
      );
    }
    events.push(login(`${user}-vpn`, NOW1 - 3 * HOUR + u * 60_000, user, TOKYO, `198.51.100.${10 + u}`, AGENT));
  }
  // The user judged in pass 2: known in Rome with this device, never on the VPN so far.
  for (let k = 0; k < 6; k++)
    events.push(login(`anna-home-${k}`, NOW1 - 40 * HOUR + k * 5 * HOUR, 'anna', ROME, '93.34.100.7', AGENT));
  return events;
}

/** Pass 2: anna at home, then 30 minutes later through the VPN for the first time (Tokyo by GeoIP). */
const secondPassEvents = (): EcsEvent[] => [
  login('anna-home-late', NOW1 + HOUR, 'anna', ROME, '93.34.100.7', AGENT),
  login('anna-vpn', NOW1 + HOUR + 30 * 60_000, 'anna', TOKYO, '198.51.100.200', AGENT),
];

async function twoPasses(forgetBetween: boolean): Promise<{ space: string; vpnAlerts: number; storedContext: number }> {
  const space = uniqueSpace(forgetBetween ? 'ctx-forgot' : 'ctx-kept');
  spaces.push(space);
  const source = uniqueIndexName('auth-ctx');
  cleanup.push(source);
  await createSourceIndex(client, source, firstPassEvents());
  const settings = testSettings([source], space);
  const first = await runDetectionPass(settings, testDeps(client, NOW1));
  expect(first.events).toBe(12 * 7 + 6);
  await client.indices.refresh({ index: contextIndex(space) });
  const storedContext = (await client.count({ index: contextIndex(space) })).count;
  if (forgetBetween) await deleteIndices(client, contextIndex(space));
  await indexEvents(client, source, secondPassEvents());
  // A new pass opens the family afresh, as after a Kibana restart: nothing is carried in memory between the two.
  const second = await runDetectionPass(settings, testDeps(esClient(), NOW2));
  expect(second.events).toBe(2);
  const alerts = [...(await storedAlerts(client, space)).values()];
  const vpnAlerts = alerts.filter((a) => a.buffalogs.trigger.event_id === 'anna-vpn').length;
  return { space, vpnAlerts, storedContext };
}

test('a VPN /24 learned in one pass is the organisation network in the next, read back from the context index', async () => {
  const kept = await twoPasses(false);
  expect(kept.storedContext).toBe(1); // one document for the space's one partition
  expect(kept.vpnAlerts).toBe(0);

  // Control: the same two passes, the stored context deleted in between — the same login is an alert.
  const forgot = await twoPasses(true);
  expect(forgot.vpnAlerts).toBe(1);
});

test('observations are stored in their own index under deterministic ids; the alerts index holds alerts only', async () => {
  const { space } = await twoPasses(true);
  const alerts = [...(await storedAlerts(client, space)).values()];
  expect(alerts.length).toBeGreaterThan(0);
  expect(alerts.every((a) => a.event.kind === 'alert')).toBe(true);
  const index = observationsIndex(space);
  await client.indices.refresh({ index });
  const stored = await client.search<{ event: { kind: string; id: string }; score: number; threshold: number }>({
    index,
    size: 1_000,
    query: { match_all: {} },
  });
  const observations = stored.hits.hits;
  // The first VPN login of each colleague is new (network, country) but below the threshold: an observation.
  expect(observations.length).toBeGreaterThan(0);
  for (const o of observations) {
    expect(o._source!.event.kind).toBe('signal');
    expect(o._source!.score).toBeLessThan(o._source!.threshold);
  }
  const alerted = new Set(alerts.map((a) => a.buffalogs.trigger.event_id));
  expect(observations.some((o) => alerted.has(o._source!.event.id))).toBe(false);
  // Searchable by user and kind, as the user's page reads them.
  const byUser = await client.count({ index, query: { term: { 'user.name': 'staff03' } } });
  expect(byUser.count).toBeGreaterThan(0);

  // Judging the same window again explicitly creates no second copy (ids are deterministic).
  const again = await runDetectionPass(testSettings(alertsSource(alerts), space), testDeps(client, NOW2), {
    from: NOW1 - 48 * HOUR,
    to: NOW2 - 2 * 60_000,
  });
  expect(again.recordsCreated).toBe(0);
  await client.indices.refresh({ index });
  expect((await client.count({ index })).count).toBe(observations.length);
});

/** The source index the alerts were raised from. */
function alertsSource(alerts: Array<{ buffalogs: { trigger: { index: string } } }>): string[] {
  return [alerts[0].buffalogs.trigger.index];
}
