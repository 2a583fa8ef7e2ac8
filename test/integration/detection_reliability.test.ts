/**
 * What one bad index or one bad document must not do to a pass, on the real node:
 * - an index mapping `user.name` as `text` makes the user listing fail on its shards; Elasticsearch still answers 200
 *   with the other indices' users, and the pass must fail naming the index rather than checkpoint a window without
 *   that index's users;
 * - an alert Elasticsearch refuses must not stop the others (see the dead-letter tests below).
 */
import type { Client } from '@elastic/elasticsearch';
import { runDetectionPass } from '../../server/pass';
import { pluginIndices, readCheckpoint } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { createSourceIndex, generateAuthEvents, indexEvents } from './fixtures/auth_events';
import { deleteSpace, storedAlerts, testDeps, testSettings, uniqueSpace } from './helpers/detection_pass';

jest.setTimeout(120_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
const indices: string[] = [];
const spaces: string[] = [];

function space(label: string): string {
  const s = uniqueSpace(label);
  spaces.push(s);
  return s;
}

beforeAll(() => {
  client = esClient();
});

afterAll(async () => {
  for (const s of spaces) await deleteSpace(client, s);
  await deleteIndices(client, ...indices);
  await client.close();
});

describe('shard failures in a pass read', () => {
  let keywordIndex: string;
  let textIndex: string;

  beforeAll(async () => {
    keywordIndex = uniqueIndexName('auth-keyword');
    textIndex = uniqueIndexName('auth-text');
    indices.push(keywordIndex, textIndex);
    const events = generateAuthEvents({ users: 6, perUser: 8, end: NOW - 10 * 60_000, hours: 20, seed: 3 });
    await createSourceIndex(client, keywordIndex, events.slice(0, events.length / 2));
    // Another shipper's index where `user.name` is full text: a terms aggregation cannot run on its shards.
    await client.indices.create({
      index: textIndex,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { '@timestamp': { type: 'date' }, user: { properties: { name: { type: 'text' } } } } },
    });
    await indexEvents(
      client,
      textIndex,
      events.slice(events.length / 2).map((e) => ({ ...e, id: `t-${e.id}` })),
    );
  });

  test('a pass fails naming the index and the reason, and its checkpoint does not move', async () => {
    const s = space('shards');
    const pass = runDetectionPass(testSettings([keywordIndex, textIndex], s), testDeps(client, NOW));
    await expect(pass).rejects.toThrow(
      new RegExp(
        `shard\\(s\\) failed to answer a detection read in ${textIndex}: illegal_argument_exception: .*user\\.name`,
      ),
    );
    // The earlier (empty) one-day windows completed; the one holding the text index's logins did not.
    const checkpoint = await readCheckpoint(client, pluginIndices(s).checkpoints, 0, 1);
    expect(checkpoint?.completedTo).toBe(NOW - 2 * 60_000 - 86_400_000);
    expect((await storedAlerts(client, s)).size).toBe(0);
  });

  test('without the text-mapped index the same pass succeeds', async () => {
    const s = space('shards-ok');
    const result = await runDetectionPass(testSettings([keywordIndex], s), testDeps(client, NOW));
    expect(result.completedTo).toBe(NOW - 2 * 60_000);
    expect(result.users).toBe(3); // the first half of the events: three users
  });
});
