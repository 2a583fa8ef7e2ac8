/**
 * The user-keyed credential family on the real node through the generic runner: a brute force on one account then a
 * success (a takeover), and MFA fatigue on another (Duo-shaped steps), beside ordinary accounts that mistype once.
 * Two partitions divide the accounts and a pass stopped after a batch resumes: each alert is stored exactly once,
 * the same as one uninterrupted pass.
 */
import type { Client } from '@elastic/elasticsearch';
import { DEFAULT_USER_THRESHOLDS } from '../../server/families/credential_user/config';
import { credentialUserFamily } from '../../server/families/credential_user/family';
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
const ATTACKER = '198.51.100.23';
let client: Client;
const source = uniqueIndexName('auth-credential-user');
const spaces: string[] = [];

const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
const doc = (minute: number, ip: string, user: string, outcome: 'success' | 'failure', id: string) => ({
  '@timestamp': at(minute),
  event: { id, category: ['authentication'], type: ['start'], outcome },
  source: { ip },
  user: { name: user },
});
const duo = (minute: number, user: string, reason: string, id: string) => ({
  '@timestamp': at(minute),
  data_stream: { dataset: 'cisco_duo.auth' },
  event: { id, category: ['authentication'], type: ['info'] },
  cisco_duo: { auth: { reason, factor: 'duo_push' } },
  source: { ip: '203.0.113.200' },
  user: { name: user },
});
const USERS = 10;
const documents = [
  // The brute force: 15 failures on alice in 7 minutes from one address; the password works at minute 9.
  ...Array.from({ length: 15 }, (_, i) => doc(i / 2, ATTACKER, 'alice', 'failure', `brute-${i}`)),
  doc(9, ATTACKER, 'alice', 'success', 'brute-success'),
  // MFA fatigue on carol: three pushes denied or unanswered, the fourth approved.
  duo(30, 'carol', 'user_marked_fraud', 'push-1'),
  duo(32, 'carol', 'no_response', 'push-2'),
  duo(34, 'carol', 'user_cancelled', 'push-3'),
  duo(36, 'carol', 'user_approved', 'push-4'),
  // Eight ordinary accounts (after alice and carol in key order): one typo each, then a login.
  ...Array.from({ length: 8 }, (_, a) => [
    doc(a * 5, `192.0.2.${a + 1}`, `staff${a}`, 'failure', `typo-${a}`),
    doc(a * 5 + 1, `192.0.2.${a + 1}`, `staff${a}`, 'success', `ok-${a}`),
  ]).flat(),
];

const settings = runnerSettings;
let deps: RunnerDeps;
const familySettings = { indices: [source], ...DEFAULT_USER_THRESHOLDS };

interface Stored {
  id: string;
  rule: string;
  user: string;
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
      expect(b.family).toBe('credential_user');
      expect(b.entity.field).toBe('user.name');
      return {
        id: h._id!,
        rule: h._source!.rule.id,
        user: b.entity.value,
        severity: b.severity,
        trigger: b.trigger.event_id,
        ...(b.evidence.attack ? { attack: b.evidence.attack.alert_id } : {}),
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The brute force, the takeover linked to it (its trigger is the success's `_id`), and carol's MFA fatigue. */
async function expectTheThreeAlerts(alerts: Stored[]): Promise<void> {
  expect(alerts.map((a) => [a.user, a.rule, a.severity]).sort()).toEqual([
    ['alice', 'brute_force', 'high'],
    ['alice', 'brute_force', 'medium'],
    ['carol', 'mfa_fatigue', 'high'],
  ]);
  const attack = alerts.find((a) => a.rule === 'brute_force' && a.severity === 'medium')!;
  const takeover = alerts.find((a) => a.rule === 'brute_force' && a.severity === 'high')!;
  expect(takeover.attack).toBe(attack.id);
  const login = await client.get<{ event: { id: string } }>({ index: source, id: takeover.trigger });
  expect(login._source!.event.id).toBe('brute-success');
  const approval = alerts.find((a) => a.rule === 'mfa_fatigue')!;
  expect((await client.get<{ event: { id: string } }>({ index: source, id: approval.trigger }))._source!.event.id).toBe(
    'push-4',
  );
}

beforeAll(async () => {
  client = esClient();
  deps = runnerDeps(client, NOW);
  await createAuthSource(client, source, documents);
});

afterAll(async () => {
  await deleteFamilySpaces(client, 'credential_user', spaces);
  await deleteIndices(client, source);
  await client.close();
});

test('one pass: the brute force, the takeover and the MFA fatigue, once each; a second pass adds nothing', async () => {
  const space = uniqueSpace('credu-one');
  spaces.push(space);
  const result = await runFamilyPass(credentialUserFamily, settings(space), familySettings, [source], deps);
  expect(result.events).toBe(documents.length);
  expect(result.users).toBe(USERS);
  await expectTheThreeAlerts(await storedAlerts(space));
  const again = await runFamilyPass(credentialUserFamily, settings(space), familySettings, [source], deps, {
    from: NOW - 24 * 3_600_000,
    to: NOW - 60_000,
  });
  expect(again.alertsCreated).toBe(0);
  await expectTheThreeAlerts(await storedAlerts(space));
});

test('two partitions share the accounts: the same alerts, none twice', async () => {
  const one = uniqueSpace('credu-ref');
  const two = uniqueSpace('credu-parts');
  spaces.push(one, two);
  await runFamilyPass(credentialUserFamily, settings(one), familySettings, [source], deps);
  const entities: number[] = [];
  for (let partition = 0; partition < 2; partition++) {
    const result = await runFamilyPass(
      credentialUserFamily,
      settings(two, { partition, partitions: 2 }),
      familySettings,
      [source],
      deps,
    );
    entities.push(result.users);
  }
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(USERS);
  expect(await storedAlerts(two)).toEqual(await storedAlerts(one));
  await expectTheThreeAlerts(await storedAlerts(two));
});

test('a pass stopped after each batch in turn resumes with the same alerts, each once', async () => {
  const reference = uniqueSpace('credu-whole');
  spaces.push(reference);
  await runFamilyPass(credentialUserFamily, settings(reference), familySettings, [source], deps);
  const expected = await storedAlerts(reference);
  for (const stopAfter of [1, 3]) {
    const space = uniqueSpace(`credu-crash-${stopAfter}`);
    spaces.push(space);
    const crash = new Error('crash');
    await expect(
      runFamilyPass(
        credentialUserFamily,
        settings(space),
        familySettings,
        [source],
        crashingAfter(deps, stopAfter, crash),
      ),
    ).rejects.toBe(crash);
    const resumed = await runFamilyPass(credentialUserFamily, settings(space), familySettings, [source], deps);
    expect(resumed.users).toBe(USERS - 2 * stopAfter);
    expect(await storedAlerts(space)).toEqual(expected);
  }
});
