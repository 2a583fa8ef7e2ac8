/**
 * Incidents on the real Elasticsearch (issue 12, server/detection/verdict/incident.ts): an attacker's two logins minutes
 * apart, judged by two passes (the second login arrives after the first pass), are ONE alert document — the second
 * pass updates the first's alert (same `_id`) and its evidence lists both logins. An analyst's triage survives the
 * update (acknowledged: the login joins, the status and note stay); a closed incident is not reopened — the next
 * login is a new alert. A pass redone over the same logins changes nothing. An incident whose end is hand-edited to the
 * year 3000 takes no later login of the user's.
 */
import type { Client } from '@elastic/elasticsearch';
import type { AlertDocument, VerdictEvidence } from '../../common/alert_document';
import { resolveDetectionConfig, type UserState } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { contextIndex, observationsIndex, pluginIndices } from '../../server/storage';
import { applyTriage } from '../../server/triage/alert_updates';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, indexEvents, login, type EcsEvent } from './fixtures/auth_events';
import {
  deleteSpace,
  storedAlerts,
  testDeps,
  testSettings as passSettings,
  uniqueSpace,
} from './helpers/detection_pass';

/** The default profile as shipped (the verdict on, incidents of 30 minutes). */
const testSettings = (indices: string[], space: string) =>
  passSettings(indices, space, { detection: resolveDetectionConfig('default') });

const MIN = 60_000;
const HOUR = 60 * MIN;
/** The first pass's clock; its window ends 2 minutes (the lag) before. */
const NOW1 = Date.parse('2025-03-10T12:00:00Z');
const NOW2 = NOW1 + HOUR;
const HOME_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const TOR_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const BERLIN = 4;
const TOR = { intelligence_category: 'anonymizer' };

/** anna's week at home in Rome, then the attacker's first login through Tor, 6 minutes before the first pass's end. */
const firstPassEvents = (): EcsEvent[] => [
  ...Array.from({ length: 8 }, (_, k) =>
    login(`anna-home-${k}`, NOW1 - 150 * HOUR + k * 18 * HOUR, 'anna', ROME, '93.34.100.7', HOME_AGENT),
  ),
  login('tor-1', NOW1 - 6 * MIN, 'anna', BERLIN, '185.220.101.4', TOR_AGENT, TOR),
];
/** The attacker again, 5 minutes later, from another exit: after the first pass's window, so the second pass judges it. */
const TOR_2 = login('tor-2', NOW1 - MIN, 'anna', BERLIN, '185.220.101.9', TOR_AGENT, TOR);

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

const evidenceOf = (a: AlertDocument) => a.buffalogs.evidence as VerdictEvidence;

/** Pass 1 over the history and the first Tor login; `between` (triage) runs; the second Tor login; pass 2. */
async function twoPasses(label: string, between?: (space: string, alertId: string) => Promise<void>) {
  const space = uniqueSpace(label);
  spaces.push(space);
  const source = uniqueIndexName('auth-incident');
  cleanup.push(source);
  await createSourceIndex(client, source, firstPassEvents());
  const settings = testSettings([source], space);
  const first = await runDetectionPass(settings, testDeps(client, NOW1));
  const afterFirst = [...(await storedAlerts(client, space)).values()];
  expect(afterFirst.map((a) => a.buffalogs.trigger.event_id)).toEqual(['tor-1']);
  expect(first.alertsCreated).toBe(1);
  const id = afterFirst[0].buffalogs.alert_id;
  await between?.(space, id);
  await indexEvents(client, source, [TOR_2]);
  await client.indices.refresh({ index: source });
  // A new pass, a new client: nothing carried in memory between the two (as after a Kibana restart).
  const second = await runDetectionPass(settings, testDeps(esClient(), NOW2));
  expect(second.events).toBe(1);
  return { space, id, second, settings, alerts: await storedAlerts(client, space) };
}

test('an incident split across two passes is one alert document, updated in place, whose evidence lists both logins', async () => {
  const { id, second, alerts } = await twoPasses('incident');
  expect([...alerts.keys()]).toEqual([id]);
  expect([second.alertsCreated, second.alertsUpdated]).toEqual([0, 1]);
  const alert = alerts.get(id)!;
  const e = evidenceOf(alert);
  expect(e.incident?.count).toBe(2);
  expect(e.incident?.logins.map((l) => [l.event_id, l.ip])).toEqual([
    ['tor-1', '185.220.101.4'],
    ['tor-2', '185.220.101.9'],
  ]);
  // The first login's fields stay: the alert's time, trigger and address; the span covers both.
  expect(alert.buffalogs.trigger.event_id).toBe('tor-1');
  expect(alert['@timestamp']).toBe(new Date(NOW1 - 6 * MIN).toISOString());
  expect((alert.source as { ip?: string }).ip).toBe('185.220.101.4');
  expect([alert.event.start, alert.event.end]).toEqual([e.incident!.start, e.incident!.end]);
  expect(alert.message).toMatch(/^Suspicious logins for anna: 2 suspicious logins in 5 min/);
  expect(alert.buffalogs.status).toBe('open');
});

test("the incident's signal ids are indexed beside its evidence, written by the first pass, rewritten by the update", async () => {
  // The login family gives them (its alertSignalIds); the alerts writer reads no evidence. The alerts list's detector
  // filter and the map search buffalogs.signal_ids, never the evidence (which the alerts mapping does not index).
  let afterFirst: AlertDocument | undefined;
  const { space, id, alerts } = await twoPasses('incident-signals', async (space, alertId) => {
    afterFirst = (await storedAlerts(client, space)).get(alertId);
  });
  const idsOf = (a: AlertDocument) => evidenceOf(a).signals.map((s) => s.id);
  expect(afterFirst!.buffalogs.signal_ids).toEqual(idsOf(afterFirst!));
  expect(afterFirst!.buffalogs.signal_ids).toContain('anonymous_ip');
  const updated = alerts.get(id)!;
  expect(updated.buffalogs.signal_ids).toEqual(idsOf(updated));
  const { hits } = await client.search({
    index: pluginIndices(space).alerts,
    query: { term: { 'buffalogs.signal_ids': 'anonymous_ip' } },
  });
  expect(hits.hits.map((h) => h._id)).toEqual([id]);
});

test('a pass that crashed after writing the update (state and checkpoint not written) is redone: nothing changes', async () => {
  const { space, id, settings } = await twoPasses('incident-crash', async (space) => {
    savedBeforeSecond = await snapshot(space);
  });
  const { alerts: alertsIndex } = pluginIndices(space);
  const before = await client.get({ index: alertsIndex, id });
  // As if the second pass had died right after its alert write: its state and checkpoint are as the first left them.
  await restore(savedBeforeSecond!);
  const again = await runDetectionPass(settings, testDeps(esClient(), NOW2));
  expect([again.events, again.alertsCreated, again.alertsUpdated, again.alertsExisting]).toEqual([1, 0, 0, 1]);
  const after = await client.get<AlertDocument>({ index: alertsIndex, id });
  expect(after._seq_no).toBe(before._seq_no);
  expect(evidenceOf(after._source!).incident?.count).toBe(2);
  expect((await storedAlerts(client, space)).size).toBe(1);
});

test('an analyst triaging the alert while a later login is judged: the write fails, nothing is lost', async () => {
  const space = uniqueSpace('incident-race');
  spaces.push(space);
  const source = uniqueIndexName('auth-incident');
  cleanup.push(source);
  await createSourceIndex(client, source, firstPassEvents());
  const settings = testSettings([source], space);
  await runDetectionPass(settings, testDeps(client, NOW1));
  const [alert] = [...(await storedAlerts(client, space)).values()];
  await indexEvents(client, source, [TOR_2]);
  await client.indices.refresh({ index: source });
  // The analyst closes the alert after the batch's states (and the alert's version) were loaded, before the write.
  const closing = async () =>
    void (await applyTriage(
      client,
      pluginIndices(space).alerts,
      { ids: [alert.buffalogs.alert_id], status: 'closed' },
      { updated_by: 'analyst', updated_at: new Date(NOW1).toISOString() },
    ));
  const racing = esClient();
  const original = racing.bulk.bind(racing);
  let closed = false;
  racing.bulk = (async (...args: Parameters<typeof original>) => {
    if (!closed) {
      closed = true;
      await closing();
    }
    return original(...args);
  }) as typeof racing.bulk;
  await expect(runDetectionPass(settings, testDeps(racing, NOW2))).rejects.toThrow(/triaged or deleted/);
  // The next pass judges the login again and, the incident closed, raises it as a new alert.
  const next = await runDetectionPass(settings, testDeps(esClient(), NOW2));
  expect([next.events, next.alertsCreated]).toEqual([1, 1]);
  const alerts = await storedAlerts(client, space);
  expect([...alerts.values()].map((a) => [a.buffalogs.trigger.event_id, a.buffalogs.status]).sort()).toEqual([
    ['tor-1', 'closed'],
    ['tor-2', 'open'],
  ]);
});

let savedBeforeSecond: Array<{ index: string; id: string; doc: unknown }> | undefined;
/** The space's state and checkpoint documents as they are. */
async function snapshot(space: string): Promise<Array<{ index: string; id: string; doc: unknown }>> {
  const { state, checkpoints } = pluginIndices(space);
  await client.indices.refresh({ index: [state, checkpoints] });
  const found = await client.search({ index: [state, checkpoints], size: 1_000, query: { match_all: {} } });
  return found.hits.hits.map((h) => ({ index: h._index, id: h._id!, doc: h._source }));
}
async function restore(docs: Array<{ index: string; id: string; doc: unknown }>): Promise<void> {
  for (const d of docs) await client.index({ index: d.index, id: d.id, document: d.doc, refresh: true });
}

test("an acknowledged incident keeps the analyst's status and note when a later login joins it", async () => {
  const { id, alerts } = await twoPasses('incident-ack', async (space, alertId) => {
    await applyTriage(
      client,
      pluginIndices(space).alerts,
      { ids: [alertId], status: 'acknowledged', note: 'calling anna', tags: ['tor'] },
      { updated_by: 'analyst', updated_at: new Date(NOW1).toISOString() },
    );
  });
  expect([...alerts.keys()]).toEqual([id]);
  const alert = alerts.get(id)!;
  expect(evidenceOf(alert).incident?.count).toBe(2);
  expect([alert.buffalogs.status, alert.buffalogs.note, alert.buffalogs.tags]).toEqual([
    'acknowledged',
    'calling anna',
    ['tor'],
  ]);
});

test('a closed incident is not reopened: the next login is a new, open alert, and the closed one is untouched', async () => {
  let closed: AlertDocument | undefined;
  const { id, alerts, second } = await twoPasses('incident-closed', async (space, alertId) => {
    await applyTriage(
      client,
      pluginIndices(space).alerts,
      { ids: [alertId], status: 'false_positive', note: 'pentest' },
      { updated_by: 'analyst', updated_at: new Date(NOW1).toISOString() },
    );
    closed = (await client.get<AlertDocument>({ index: pluginIndices(space).alerts, id: alertId }))._source;
  });
  expect([second.alertsCreated, second.alertsUpdated]).toEqual([1, 0]);
  expect(alerts.size).toBe(2);
  expect(alerts.get(id)).toEqual(closed);
  const fresh = [...alerts.values()].find((a) => a.buffalogs.alert_id !== id)!;
  expect([fresh.buffalogs.trigger.event_id, fresh.buffalogs.status, evidenceOf(fresh).incident?.count]).toEqual([
    'tor-2',
    'open',
    1,
  ]);
});

test("an incident whose end is stored far in the future (a hand edit) does not take the user's suspicious login days later", async () => {
  const space = uniqueSpace('incident-future');
  spaces.push(space);
  const source = uniqueIndexName('auth-incident-future');
  cleanup.push(source);
  await createSourceIndex(client, source, firstPassEvents());
  const settings = testSettings([source], space);
  await runDetectionPass(settings, testDeps(client, NOW1));
  const [first] = [...(await storedAlerts(client, space)).values()];
  // anna's stored incident, edited to end in the year 3000.
  const index = pluginIndices(space).state;
  await client.indices.refresh({ index });
  const hits = (await client.search<{ state: UserState }>({ index, size: 10, query: { match_all: {} } })).hits.hits;
  const hit = hits.find((h) => h._source!.state.user === 'anna')!;
  const state = hit._source!.state;
  await client.index({
    index,
    id: hit._id!,
    document: {
      ...hit._source,
      state: { ...state, incident: { ...state.incident!, end: Date.parse('3000-01-01T00:00:00Z') } },
    },
    refresh: true,
  });
  // The attacker back two days later, through another Tor exit.
  const later = NOW1 + 48 * HOUR;
  await indexEvents(client, source, [login('tor-3', later, 'anna', BERLIN, '185.220.101.9', TOR_AGENT, TOR)]);
  await client.indices.refresh({ index: source });
  const second = await runDetectionPass(settings, testDeps(esClient(), later + HOUR));
  // Before: the login joined the incident of two days before (alertsUpdated 1: the old alert rewritten, no alert of
  // its own), as every later suspicious login of anna's would have: the incident never ended.
  expect([second.alertsCreated, second.alertsUpdated]).toEqual([1, 0]);
  const alerts = await storedAlerts(client, space);
  expect(alerts.get(first.buffalogs.alert_id)).toEqual(first);
  const fresh = [...alerts.values()].find((a) => a.buffalogs.alert_id !== first.buffalogs.alert_id)!;
  expect([fresh.buffalogs.trigger.event_id, evidenceOf(fresh).incident?.count]).toEqual(['tor-3', 1]);
});
