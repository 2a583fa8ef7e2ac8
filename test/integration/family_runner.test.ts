/**
 * The generic runner (server/runner/) with a family that is not about users: the test-only family keyed by source
 * address (server/families/__test_family__/). On the real node: partitions divide the addresses with no alert written
 * twice and none lost, a pass interrupted after a batch resumes without duplicates, its state lands in the family's
 * own index and its checkpoints carry its id — the guarantees the login family has, for any family.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { failedLoginsFamily } from '../../server/families/__test_family__/family';
import { loginFamily } from '../../server/families';
import { runFamilyPass } from '../../server/runner/family_pass';
import { familyStateIndex, pluginIndices } from '../../server/storage';
import { uniqueIndexName } from '../helpers/es';
import { familySuite, runnerDeps, runnerSettings, storedFamilyAlerts } from './helpers/family_runner';

jest.setTimeout(120_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
const source = uniqueIndexName('auth-failures');

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

const suite = familySuite({
  family: failedLoginsFamily,
  familySettings: { indices: [source], threshold: 4 },
  source,
  documents,
  now: NOW,
  settings: { usersPerBatch: 4 },
});

async function storedAlertIds(space: string): Promise<string[]> {
  return (await storedFamilyAlerts(suite.client, space)).map((alert) => {
    expect(alert.family).toBe('test_failed_logins');
    expect(alert.entity.field).toBe('source.ip');
    return alert.id;
  });
}

test('one pass: one alert per address over the threshold, its state in its own index, its own checkpoint', async () => {
  const client = suite.client;
  const space = suite.space('family-one');
  const result = await suite.pass(space);
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
  const again = await suite.passAgain(space);
  expect(again.alertsCreated).toBe(0);
  expect(await storedAlertIds(space)).toHaveLength(expectedAlerts);
});

test('three partitions share the addresses: the same alerts as one, none twice', async () => {
  const one = suite.space('family-ref');
  const three = suite.space('family-parts');
  await suite.pass(one);
  const entities = await suite.partitioned(three, 3, async () => {
    await suite.client.indices.refresh({ index: pluginIndices(three).checkpoints });
  });
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(30);
  expect(await storedAlertIds(three)).toEqual(await storedAlertIds(one));
});

test('a pass stopped after its second batch resumes where it stopped, with the same alerts', async () => {
  const reference = suite.space('family-whole');
  const space = suite.space('family-crash');
  await suite.pass(reference);
  const resumed = await suite.crashThenResume(space, 2);
  // The first two batches (4 addresses each) were durable: the resumed pass judges the other 22.
  expect(resumed.users).toBe(22);
  expect(await storedAlertIds(space)).toEqual(await storedAlertIds(reference));
});

/**
 * The test family, forgetting that it alerted (every pass raises its alerts again, same ids) and dressing each alert
 * as an incident's verdict whose sentence says which pass raised it, with the update rule `alertUpdate` or none.
 */
function incidentShaped(pass: { round: number }, alertUpdate: typeof failedLoginsFamily.alertUpdate) {
  const dress = (alert: FamilyAlertDocument): FamilyAlertDocument => ({
    ...alert,
    message: `pass ${pass.round}`,
    buffalogs: {
      ...alert.buffalogs,
      evidence: {
        kind: 'verdict',
        signals: [],
        incident: { count: pass.round, start: alert['@timestamp'], end: alert['@timestamp'], logins: [] },
      },
    },
  });
  return {
    ...failedLoginsFamily,
    alertUpdate,
    async open(context: Parameters<typeof failedLoginsFamily.open>[0]) {
      const family = (await failedLoginsFamily.open(context))!;
      return {
        ...family,
        detect: (...[events, loaded, ...rest]: Parameters<typeof family.detect>) => {
          const output = family.detect(events, { ...loaded, states: new Map() }, ...rest);
          return { ...output, alerts: output.alerts.map(dress) };
        },
      };
    },
  };
}

test.each([
  ['without an update rule, an alert raised again is the one stored: created once, never rewritten', undefined],
  [
    "with the login family's rule, an incident-shaped alert raised again is rewritten in place",
    loginFamily.alertUpdate,
  ],
])('%s', async (_name, alertUpdate) => {
  const space = suite.space(alertUpdate ? 'family-updates' : 'family-creates');
  const pass = { round: 1 };
  const family = incidentShaped(pass, alertUpdate);
  const run = () =>
    runFamilyPass(
      family,
      runnerSettings(space, { usersPerBatch: 4 }),
      { indices: [source], threshold: 4 },
      [source],
      runnerDeps(suite.client, NOW),
      { from: NOW - 24 * 3_600_000, to: NOW - 60_000 },
    );
  expect((await run()).alertsCreated).toBe(expectedAlerts);
  pass.round = 2;
  const again = await run();
  expect([again.alertsCreated, again.alertsUpdated, again.alertsExisting]).toEqual(
    alertUpdate ? [0, expectedAlerts, 0] : [0, 0, expectedAlerts],
  );
  const index = pluginIndices(space).alerts;
  await suite.client.indices.refresh({ index });
  const stored = await suite.client.search<FamilyAlertDocument>({ index, size: 100 });
  expect(stored.hits.hits.map((h) => h._source!.message)).toEqual(
    Array(expectedAlerts).fill(alertUpdate ? 'pass 2' : 'pass 1'),
  );
});
