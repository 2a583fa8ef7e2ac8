/**
 * The credential family on the real node through the generic runner: a password spray from one address followed by
 * a success (a compromised account), beside other addresses. Two partitions divide the addresses and a pass stopped
 * after a batch resumes: each alert — the spray and the compromised account — is stored exactly once, the same as one
 * uninterrupted pass.
 */
import type { Client } from '@elastic/elasticsearch';
import { credentialFamily } from '../../server/families/credential/family';
import { DEFAULT_CREDENTIAL_THRESHOLDS } from '../../server/families/credential/config';
import { runFamilyPass, type RunnerDeps } from '../../server/runner/family_pass';
import { pluginIndices } from '../../server/storage';
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
const START = NOW - 10 * 3_600_000;
const SPRAYER = '198.51.100.23';
let client: Client;
const source = uniqueIndexName('auth-credential');
const spaces: string[] = [];

const doc = (minute: number, ip: string, user: string, outcome: 'success' | 'failure', id: string) => ({
  '@timestamp': new Date(START + minute * 60_000).toISOString(),
  event: { id, category: ['authentication'], type: ['start'], outcome },
  source: { ip },
  user: { name: user },
});
const documents = [
  // The spray: 30 users, one attempt each, over 4 hours; the victim's password works at minute 100.
  ...Array.from({ length: 30 }, (_, i) => doc(i * 8, SPRAYER, `user${i}`, 'failure', `spray-${i}`)),
  doc(100, SPRAYER, 'victim', 'success', 'spray-success'),
  // Eight other addresses (after the sprayer in key order, so a crash after batch 1 follows the spray): one typo each.
  ...Array.from({ length: 8 }, (_, a) => [
    doc(a * 5, `203.0.113.${a + 1}`, `staff${a}`, 'failure', `typo-${a}`),
    doc(a * 5 + 1, `203.0.113.${a + 1}`, `staff${a}`, 'success', `ok-${a}`),
  ]).flat(),
];

const settings = runnerSettings;
let deps: RunnerDeps;
const familySettings = { indices: [source], ...DEFAULT_CREDENTIAL_THRESHOLDS };

interface Stored {
  id: string;
  rule: string;
  severity: string;
  trigger: string;
  attack?: string;
}

async function storedAlerts(space: string): Promise<Stored[]> {
  const index = pluginIndices(space).alerts;
  await client.indices.refresh({ index });
  const response = await client.search<{
    rule: { id: string };
    buffalogs: {
      alert_id: string;
      family: string;
      severity: string;
      entity: { field: string; value: string };
      trigger: { event_id: string };
      evidence: { attack?: { alert_id: string } };
    };
  }>({ index, size: 1000 });
  return response.hits.hits
    .map((h) => {
      const b = h._source!.buffalogs;
      expect(b.family).toBe('credential');
      expect(b.entity).toEqual({ field: 'source.ip', value: SPRAYER });
      return {
        id: h._id!,
        rule: h._source!.rule.id,
        severity: b.severity,
        trigger: b.trigger.event_id,
        ...(b.evidence.attack ? { attack: b.evidence.attack.alert_id } : {}),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The spray, and the victim's login (the trigger is the source document's `_id`) linked to it. */
async function expectSprayAndVictim(alerts: Stored[]): Promise<void> {
  expect(alerts).toHaveLength(2);
  const spray = alerts.find((a) => a.severity === 'medium')!;
  const victim = alerts.find((a) => a.severity === 'high')!;
  expect(spray.rule).toBe('password_spray');
  expect(victim).toMatchObject({ rule: 'password_spray', attack: spray.id });
  const login = await client.get<{ event: { id: string } }>({ index: source, id: victim.trigger });
  expect(login._source!.event.id).toBe('spray-success');
}

beforeAll(async () => {
  client = esClient();
  deps = runnerDeps(client, NOW);
  await createAuthSource(client, source, documents);
});

afterAll(async () => {
  await deleteFamilySpaces(client, 'credential', spaces);
  await deleteIndices(client, source);
  await client.close();
});

test('one pass: the spray and the compromised account, once each; a second pass over the window adds nothing', async () => {
  const space = uniqueSpace('cred-one');
  spaces.push(space);
  const result = await runFamilyPass(credentialFamily, settings(space), familySettings, [source], deps);
  expect(result.events).toBe(documents.length);
  expect(result.users).toBe(9);
  await expectSprayAndVictim(await storedAlerts(space));
  const again = await runFamilyPass(credentialFamily, settings(space), familySettings, [source], deps, {
    from: NOW - 24 * 3_600_000,
    to: NOW - 60_000,
  });
  expect(again.alertsCreated).toBe(0);
  await expectSprayAndVictim(await storedAlerts(space));
});

test('two partitions share the addresses: the same two alerts, none twice', async () => {
  const one = uniqueSpace('cred-ref');
  const two = uniqueSpace('cred-parts');
  spaces.push(one, two);
  await runFamilyPass(credentialFamily, settings(one), familySettings, [source], deps);
  const entities: number[] = [];
  for (let partition = 0; partition < 2; partition++) {
    const result = await runFamilyPass(
      credentialFamily,
      settings(two, { partition, partitions: 2 }),
      familySettings,
      [source],
      deps,
    );
    entities.push(result.users);
  }
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(9);
  expect(await storedAlerts(two)).toEqual(await storedAlerts(one));
  await expectSprayAndVictim(await storedAlerts(two));
});

test('a pass stopped after each batch in turn resumes with the same alerts, each once', async () => {
  const reference = uniqueSpace('cred-whole');
  spaces.push(reference);
  await runFamilyPass(credentialFamily, settings(reference), familySettings, [source], deps);
  const expected = await storedAlerts(reference);
  for (const stopAfter of [1, 3]) {
    const space = uniqueSpace(`cred-crash-${stopAfter}`);
    spaces.push(space);
    const crash = new Error('crash');
    await expect(
      runFamilyPass(credentialFamily, settings(space), familySettings, [source], crashingAfter(deps, stopAfter, crash)),
    ).rejects.toBe(crash);
    const resumed = await runFamilyPass(credentialFamily, settings(space), familySettings, [source], deps);
    expect(resumed.users).toBe(9 - 2 * stopAfter);
    expect(await storedAlerts(space)).toEqual(expected);
  }
});
