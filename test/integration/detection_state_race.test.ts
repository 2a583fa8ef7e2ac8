/**
 * "Mark safe" racing the detection task on the real node. The route (server/triage/) teaches a user's state while a
 * pass holds that user's state in memory: after the pass read it (mget) and before it writes it (bulk). The pass's
 * write then meets a 409 and must merge, not overwrite: the analyst's teaching survives and so does the detection
 * result, which must equal an undisturbed pass's.
 */
import type { Client } from '@elastic/elasticsearch';
import type { UserState } from '../../server/detection';
import { runDetectionPass } from '../../server/pass';
import { pluginIndices, type EsClient } from '../../server/storage';
import { teachUserState } from '../../server/triage/alert_updates';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const MID = NOW - 30 * 3_600_000;
const END = NOW - 2 * 60_000;
const BOUNDS = { maxCountries: 30, maxDevices: 20, maxIps: 30 };
let client: Client;
let source: string;
const spaces: string[] = [];

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-race');
  await createSourceIndex(client, source, generateAuthEvents({ users: 12, perUser: 14, end: NOW - 10 * 60_000, hours: 60 }));
});

afterAll(async () => {
  for (const space of spaces) await deleteSpace(client, space);
  await deleteIndices(client, source);
  await client.close();
});

/**
 * The cluster as the pass sees it, except that right before the first bulk write of `stateIndex` an analyst marks
 * safe for the first user of that write: the state the pass read is then no longer the stored one.
 */
function markSafeBeforeStateWrite(stateIndex: string, teach: (user: string) => Promise<unknown>): { client: EsClient; taught: string[] } {
  const taught: string[] = [];
  const proxy = new Proxy(client, {
    get(target, prop) {
      if (prop === 'bulk') {
        return async (params: { operations: Array<Record<string, { _index?: string }>> }, options?: unknown) => {
          const first = params.operations[0];
          const meta = first.index ?? first.create;
          if (taught.length === 0 && meta?._index === stateIndex) {
            const user = (params.operations[1] as unknown as { state: UserState }).state.user;
            taught.push(user);
            await teach(user);
          }
          return target.bulk(params as never, options as never);
        };
      }
      const value: unknown = Reflect.get(target, prop);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client: proxy as unknown as EsClient, taught };
}

const values = (list: UserState['countries']): string[] => list.map((e) => e.value).sort();

test.each([
  ['a user the pass creates (stored by the route first)', false],
  ['a user the pass updates (stored version moved)', true],
])('mark safe landing between the read and the write of %s is kept, and so is the detection result', async (_label, existing) => {
  const reference = uniqueSpace('race-ref');
  const raced = uniqueSpace('race');
  spaces.push(reference, raced);
  const window = existing ? { from: MID, to: END } : { to: MID };
  for (const s of [reference, raced]) {
    // Same history in both spaces; the judged window differs only by the analyst's interference.
    if (existing) await runDetectionPass(testSettings([source], s), testDeps(client, NOW), { to: MID });
  }
  await runDetectionPass(testSettings([source], reference), testDeps(client, NOW), window);

  const stateIndex = pluginIndices(raced).state;
  const taughtAt = MID - 3_600_000;
  const race = markSafeBeforeStateWrite(stateIndex, (user) =>
    teachUserState(client, stateIndex, user, { country: 'FR', ip: '192.0.2.77', device: 'analyst-vouched-device' }, taughtAt, BOUNDS, () => NOW),
  );
  const merges: string[] = [];
  const result = await runDetectionPass(
    testSettings([source], raced),
    testDeps(race.client, NOW, { logger: { info: (m) => merges.push(m), warn: () => {}, debug: () => {} } }),
    window,
  );
  expect(race.taught).toHaveLength(1);
  expect(merges.join('\n')).toMatch(/1 user state\(s\) changed while this batch was judged/);
  const user = race.taught[0];

  const after = (await storedStates(client, raced)).get(user)!;
  const expected = (await storedStates(client, reference)).get(user)!;
  // The analyst's teaching is there…
  expect(values(after.countries)).toEqual(values([...expected.countries, { value: 'FR', first: 0, last: 0, count: 1 }]));
  expect(after.ips.map((e) => e.value)).toContain('192.0.2.77');
  expect(after.devices.map((e) => e.value)).toContain('analyst-vouched-device');
  // …and the detection result is the undisturbed pass's: same logins, risk, memory of events, same alerts.
  expect(after.logins).toEqual(expected.logins);
  expect(after.risk).toEqual(expected.risk);
  expect(after.seen).toEqual(expected.seen);
  expect(after.lastLoginAt).toBe(expected.lastLoginAt);
  const alertIds = async (s: string) => [...(await storedAlerts(client, s)).values()].map((a) => a.buffalogs.alert_id).sort();
  expect(await alertIds(raced)).toEqual(await alertIds(reference));
  expect(result.alertsCreated).toBeGreaterThan(0);
  // Every other user's state is exactly the reference's.
  const others = await storedStates(client, raced);
  const referenceStates = await storedStates(client, reference);
  expect(others.size).toBe(referenceStates.size);
  for (const [name, state] of others) if (name !== user) expect(state).toEqual(referenceStates.get(name));
});
