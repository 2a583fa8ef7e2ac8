/**
 * One user stored under spellings that differ by case and by surrounding whitespace (`" carol"`, `"Carol "`,
 * `"carol"`, `"carol\t"`, as sloppy pipelines write them): the pass must judge all of the user's logins together,
 * once, in one batch, in time order, however its batches fall.
 */
import type { Client } from '@elastic/elasticsearch';
import { runDetectionPass } from '../../server/pass';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, login } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, storedStates, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const HOUR = 3_600_000;
const AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = 0;
const TOKYO = 2;
let client: Client;
let source: string;
const spaces: string[] = [];

// Stored order (bytes): " carol" < "Carol " < "alice" < "carol" < "carol\t" < "zed": with one user per batch, carol's
// spellings fall in four batches, separated by others.
const events = [
  login('c1', NOW - 10 * HOUR, ' carol', ROME, '10.0.0.1', AGENT),
  login('c2', NOW - 9 * HOUR, 'Carol ', ROME, '10.0.0.1', AGENT),
  login('c3', NOW - 8 * HOUR, 'carol', TOKYO, '10.2.0.1', AGENT), // Rome → Tokyo in an hour: impossible travel
  login('c4', NOW - 7 * HOUR, 'carol\t', TOKYO, '10.2.0.1', AGENT),
  login('a1', NOW - 10 * HOUR, 'alice', ROME, '10.0.0.2', AGENT),
  login('z1', NOW - 10 * HOUR, 'zed', ROME, '10.0.0.3', AGENT),
  // A name with regexp operators in it is matched literally: "O.K" and " o.k" are one user, "oxk" another.
  login('o1', NOW - 10 * HOUR, ' o.k', ROME, '10.0.0.4', AGENT),
  login('o2', NOW - 9 * HOUR, 'O.K', ROME, '10.0.0.4', AGENT),
  login('x1', NOW - 9 * HOUR, 'oxk', ROME, '10.0.0.5', AGENT),
];

beforeAll(async () => {
  client = esClient();
  source = uniqueIndexName('auth-spellings');
  await createSourceIndex(client, source, events);
});

afterAll(async () => {
  for (const space of spaces) await deleteSpace(client, space);
  await deleteIndices(client, source);
  await client.close();
});

test.each([1, 2, 10])(
  'spellings differing by whitespace are judged as one user, once, with %p user(s) per batch',
  async (usersPerBatch) => {
    const s = uniqueSpace('spellings');
    spaces.push(s);
    const result = await runDetectionPass(
      testSettings([source], s, { usersPerBatch, lookbackMs: 24 * HOUR }),
      testDeps(client, NOW),
    );
    expect(result.events).toBe(events.length); // every login read once: none twice, none lost
    expect(result.users).toBe(5); // carol, alice, zed, o.k, oxk: each judged in one batch only
    expect([...(await storedStates(client, s)).keys()].sort()).toEqual(['alice', 'carol', 'o.k', 'oxk', 'zed']);
    const carol = (await storedStates(client, s)).get('carol')!;
    expect(carol.lastLoginAt).toBe(NOW - 7 * HOUR);
    const travel = [...(await storedAlerts(client, s)).values()].filter((a) => a.rule.id === 'impossible_travel');
    expect(travel.map((a) => a.buffalogs.trigger.event_id)).toEqual(['c3']);
  },
  60_000,
);
