/**
 * The generic runner (server/runner/) with a family that is not about users: the test-only family keyed by source
 * address (server/families/__test_family__/). On the real node: partitions divide the addresses with no alert written
 * twice and none lost, a pass interrupted after a batch resumes without duplicates, its state lands in the family's
 * own index and its checkpoints carry its id — the guarantees the login family has, for any family.
 */
import type { Client } from '@elastic/elasticsearch';
import { failedLoginsFamily } from '../../server/families/__test_family__/family';
import { runFamilyPass, type RunnerDeps, type RunnerSettings } from '../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../server/storage';
import { deleteIndices, esClient, uniqueIndexName } from '../helpers/es';
import { uniqueSpace } from './helpers/detection_pass';
import {
  crashingAfter,
  createAuthSource,
  deleteFamilySpaces,
  runnerDeps,
  runnerSettings,
} from './helpers/family_runner';

jest.setTimeout(120_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
let client: Client;
const source = uniqueIndexName('auth-failures');
const spaces: string[] = [];

/** 30 addresses; address i fails i % 7 + 1 times (threshold 4: addresses with 4–7 failures alert once each). */
const documents = Array.from({ length: 30 }, (_, i) =>
  Array.from({ length: (i % 7) + 1 }, (_, n) => ({
    '@timestamp': new Date(NOW - 3_600_000 + i * 60_000 + n * 1000).toISOString(),
    event: { id: `e-${i}-${n}`, outcome: 'failure', category: ['authentication'] },
    source: { ip: `198.51.100.${i + 1}` },
    user: { name: `user${n}` },
  })),
).flat();
const expectedAlerts = Array.from({ length: 30 }, (_, i) => (i % 7) + 1).filter((n) => n >= 4).length;

const settings = (space: string, extra: Partial<RunnerSettings> = {}): RunnerSettings =>
  runnerSettings(space, { usersPerBatch: 4, ...extra });
let deps: RunnerDeps;
const familySettings = { indices: [source], threshold: 4 };

async function storedAlertIds(space: string): Promise<string[]> {
  const index = pluginIndices(space).alerts;
  await client.indices.refresh({ index });
  const response = await client.search<{
    buffalogs: { alert_id: string; family: string; entity: { field: string; value: string } };
  }>({ index, size: 1000 });
  for (const hit of response.hits.hits) {
    expect(hit._source!.buffalogs.family).toBe('test_failed_logins');
    expect(hit._source!.buffalogs.entity.field).toBe('source.ip');
  }
  return response.hits.hits.map((h) => h._id!).sort();
}

beforeAll(async () => {
  client = esClient();
  deps = runnerDeps(client, NOW);
  await createAuthSource(client, source, documents);
});

afterAll(async () => {
  await deleteFamilySpaces(client, 'test_failed_logins', spaces);
  await deleteIndices(client, source);
  await client.close();
});

test('one pass: one alert per address over the threshold, its state in its own index, its own checkpoint', async () => {
  const space = uniqueSpace('family-one');
  spaces.push(space);
  const result = await runFamilyPass(failedLoginsFamily, settings(space), familySettings, [source], deps);
  expect(result.events).toBe(documents.length);
  expect(result.users).toBe(30);
  expect(await storedAlertIds(space)).toHaveLength(expectedAlerts);
  const states = familyStateIndex('test_failed_logins', space);
  await client.indices.refresh({ index: states });
  expect((await client.count({ index: states })).count).toBe(30);
  const checkpoint = await client.get<{ family: string; completed_to: string }>({
    index: pluginIndices(space).checkpoints,
    id: 'test_failed_logins:0-of-1',
  });
  expect(checkpoint._source).toMatchObject({
    family: 'test_failed_logins',
    completed_to: new Date(NOW - 60_000).toISOString(),
  });
  // Re-reading the same window counts nothing twice and writes nothing new.
  const again = await runFamilyPass(failedLoginsFamily, settings(space), familySettings, [source], deps, {
    from: NOW - 24 * 3_600_000,
    to: NOW - 60_000,
  });
  expect(again.alertsCreated).toBe(0);
  expect(await storedAlertIds(space)).toHaveLength(expectedAlerts);
});

test('three partitions share the addresses: the same alerts as one, none twice', async () => {
  const one = uniqueSpace('family-ref');
  const three = uniqueSpace('family-parts');
  spaces.push(one, three);
  await runFamilyPass(failedLoginsFamily, settings(one), familySettings, [source], deps);
  const entities: number[] = [];
  for (let partition = 0; partition < 3; partition++) {
    const result = await runFamilyPass(
      failedLoginsFamily,
      settings(three, { partition, partitions: 3 }),
      familySettings,
      [source],
      deps,
    );
    await client.indices.refresh({ index: pluginIndices(three).checkpoints });
    entities.push(result.users);
  }
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(30);
  expect(await storedAlertIds(three)).toEqual(await storedAlertIds(one));
});

test('a pass stopped after its second batch resumes where it stopped, with the same alerts', async () => {
  const reference = uniqueSpace('family-whole');
  const space = uniqueSpace('family-crash');
  spaces.push(reference, space);
  await runFamilyPass(failedLoginsFamily, settings(reference), familySettings, [source], deps);
  const crash = new Error('crash');
  await expect(
    runFamilyPass(failedLoginsFamily, settings(space), familySettings, [source], crashingAfter(deps, 2, crash)),
  ).rejects.toBe(crash);
  const resumed = await runFamilyPass(failedLoginsFamily, settings(space), familySettings, [source], deps);
  // The first two batches (4 addresses each) were durable: the resumed pass judges the other 22.
  expect(resumed.users).toBe(22);
  expect(await storedAlertIds(space)).toEqual(await storedAlertIds(reference));
});
