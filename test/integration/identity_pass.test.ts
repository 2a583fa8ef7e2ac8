/**
 * One person signing in through Okta (`user.name` is the address), Microsoft 365 (`user.name` is a short name, the
 * address is `user.email`) and Windows (`CORP\jane.doe`, with `corp.com` configured as that source's domain): with
 * `identity` configured the pass judges them as one user, with one baseline, so switching source raises nothing and a
 * Microsoft 365 login from Tokyo an hour after an Okta one from Rome is impossible travel, alerted under the identity.
 * Without `identity` the same logins are three users (stored names) with three baselines, as before.
 */
import type { Client } from '@elastic/elasticsearch';
import { runDetectionPass } from '../../server/pass';
import { sourceNames } from '../../server/queries/users';
import { pluginIndices } from '../../server/storage/index_names';
import { parseIdentityConfig } from '../../server/sources';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, login, type EcsEvent } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const HOUR = 3_600_000;
const AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const TOKYO = 2;

/** A login as each integration's pipeline writes it (fields as in test/fixtures/integrations/). */
function via(source: 'okta' | 'm365' | 'windows', id: string, at: number, city = ROME, ip = '10.0.0.1'): EcsEvent {
  const base = login(id, at, 'unused', city, ip, AGENT);
  const doc = base.doc as Record<string, unknown>;
  const event = doc.event as Record<string, unknown>;
  if (source === 'okta') {
    doc.data_stream = { dataset: 'okta.system' };
    doc.event = { ...event, action: 'user.session.start', type: ['start', 'info'] };
    doc.user = { name: 'Jane.Doe@corp.com' };
  } else if (source === 'm365') {
    doc.data_stream = { dataset: 'o365.audit' };
    doc.event = { ...event, action: 'UserLoggedIn', type: ['info'] };
    doc.user = { name: 'jane', email: 'jane.doe@corp.com' };
  } else {
    doc.data_stream = { dataset: 'system.security' };
    doc.event = { ...event, code: '4624', type: ['start'] };
    doc.winlog = { event_data: { LogonType: '2' } };
    doc.user = { name: 'CORP\\jane.doe' };
    delete doc.user_agent; // Windows logons carry no user agent
  }
  return base;
}

const sources = ['okta', 'm365', 'windows'] as const;
const events: EcsEvent[] = [
  // Eighteen hours of ordinary logins from Rome, the sources taking turns.
  ...Array.from({ length: 18 }, (_, i) => via(sources[i % 3], `b${i}`, NOW - (20 - i) * HOUR)),
  via('okta', 'rome', NOW - 2 * HOUR),
  via('m365', 'tokyo', NOW - 1 * HOUR, TOKYO, '10.2.0.1'),
];
const identity = parseIdentityConfig({ userDomains: { 'system.security': 'corp.com' } }).config;

let client: Client;
let index: string;
const spaces: string[] = [];

beforeAll(async () => {
  client = esClient();
  index = uniqueIndexName('auth-identity');
  await createSourceIndex(client, index, events);
});

afterAll(async () => {
  for (const space of spaces) await deleteSpace(client, space);
  await deleteIndices(client, index);
  await client.close();
});

test.each([1, 4])('with identity, three sources are one person (%p user(s) per batch)', async (usersPerBatch) => {
  const s = uniqueSpace('identity');
  spaces.push(s);
  const result = await runDetectionPass(
    testSettings([index], s, { usersPerBatch, lookbackMs: 24 * HOUR, identity }),
    testDeps(client, NOW),
  );
  expect(result.events).toBe(events.length);
  expect(result.users).toBe(1);
  const states = await storedStates(client, s);
  expect([...states.keys()]).toEqual(['jane.doe@corp.com']);
  // The user page's "as seen in": each source's own spelling of the person, newest first, with its login count.
  expect(
    sourceNames(states.get('jane.doe@corp.com')!)?.map(({ dataset, name, count }) => ({ dataset, name, count })),
  ).toEqual([
    { dataset: 'o365.audit', name: 'jane.doe@corp.com', count: 7 },
    { dataset: 'okta.system', name: 'Jane.Doe@corp.com', count: 7 },
    { dataset: 'system.security', name: 'CORP\\jane.doe', count: 6 },
  ]);
  const alerts = [...(await storedAlerts(client, s)).values()];
  // Nothing is raised by a change of source: only the Tokyo login alerts, and one of its alerts is impossible travel.
  expect(new Set(alerts.map((a) => a.buffalogs.trigger.event_id))).toEqual(new Set(['tokyo']));
  expect(alerts.map((a) => a.rule.id)).toContain('impossible_travel');
  for (const alert of alerts) expect(alert.user?.name).toBe('jane.doe@corp.com');
  // Each alert also says how the triggering source spelled the person (Microsoft 365: its user.email).
  for (const alert of alerts)
    expect(alert.buffalogs.source_user).toEqual({ name: 'jane.doe@corp.com', dataset: 'o365.audit' });
  // The stored field is mapped (template v4): alerts can be found by a source's spelling.
  await client.indices.refresh({ index: pluginIndices(s).alerts });
  const bySpelling = await client.count({
    index: pluginIndices(s).alerts,
    query: { term: { 'buffalogs.source_user.dataset': 'o365.audit' } },
  });
  expect(bySpelling.count).toBe(alerts.length);
});

test('without identity, the stored names are three users, each with its own baseline', async () => {
  const s = uniqueSpace('identity-off');
  spaces.push(s);
  const result = await runDetectionPass(testSettings([index], s, { lookbackMs: 24 * HOUR }), testDeps(client, NOW));
  expect(result.users).toBe(3);
  expect([...(await storedStates(client, s)).keys()].sort()).toEqual(['corp\\jane.doe', 'jane', 'jane.doe@corp.com']);
  const alerts = [...(await storedAlerts(client, s)).values()];
  // The Tokyo login is judged against Microsoft 365's logins alone, under its short name.
  expect(new Set(alerts.map((a) => a.user?.name))).toEqual(new Set(['jane']));
  // The user key is the stored spelling itself: no source name to show beside it.
  for (const alert of alerts) expect(alert.buffalogs.source_user).toBeUndefined();
  for (const state of (await storedStates(client, s)).values()) expect(state.names).toBeUndefined();
});
