/**
 * The user-keyed credential family on the real node through the generic runner: a brute force on one account then a
 * success (a takeover), and MFA fatigue on another (Duo-shaped steps), beside ordinary accounts that mistype once.
 * Two partitions divide the accounts and a pass stopped after a batch resumes: each alert is stored exactly once,
 * the same as one uninterrupted pass. An account's newest counted time, hand-edited to the year 3000, hides none of its
 * later events; nor does an attack whose last failure is so edited take its next brute force for itself.
 */
import { DEFAULT_USER_THRESHOLDS } from '../../server/families/credential_user/config';
import { credentialUserFamily } from '../../server/families/credential_user/family';
import type { UserState } from '../../server/families/credential_user/state';
import { runFamilyPass } from '../../server/runner/family_pass';
import { deleteIndices, uniqueIndexName } from '../helpers/es';
import {
  authEvent,
  createAuthSource,
  editFamilyState,
  familySuite,
  runnerDeps,
  runnerSettings,
  storedFamilyAlerts,
  storedFamilyState,
  type StoredFamilyAlert,
} from './helpers/family_runner';

jest.setTimeout(120_000);

const NOW = Date.parse('2025-03-10T12:00:00Z');
const START = NOW - 10 * 3_600_000;
const ATTACKER = '198.51.100.23';
const source = uniqueIndexName('auth-credential-user');

const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
const doc = (minute: number, ip: string, user: string, outcome: 'success' | 'failure', id: string) =>
  authEvent(at(minute), ip, user, outcome, id);
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

const suite = familySuite({
  family: credentialUserFamily,
  familySettings: { indices: [source], ...DEFAULT_USER_THRESHOLDS },
  source,
  documents,
  now: NOW,
});

type Stored = Omit<StoredFamilyAlert, 'family' | 'entity'> & { user: string };

/** The stored alerts, each of this family and about an account, with the account's name. */
async function storedAlerts(space: string): Promise<Stored[]> {
  return (await storedFamilyAlerts(suite.client, space)).map(({ family, entity, ...alert }) => {
    expect(family).toBe('credential_user');
    expect(entity.field).toBe('user.name');
    return { ...alert, user: entity.value };
  });
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
  const login = await suite.client.get<{ event: { id: string } }>({ index: source, id: takeover.trigger });
  expect(login._source!.event.id).toBe('brute-success');
  const approval = alerts.find((a) => a.rule === 'mfa_fatigue')!;
  expect(
    (await suite.client.get<{ event: { id: string } }>({ index: source, id: approval.trigger }))._source!.event.id,
  ).toBe('push-4');
}

test('one pass: the brute force, the takeover and the MFA fatigue, once each; a second pass adds nothing', async () => {
  const space = suite.space('credu-one');
  const result = await suite.pass(space);
  expect(result.events).toBe(documents.length);
  expect(result.users).toBe(USERS);
  await expectTheThreeAlerts(await storedAlerts(space));
  const again = await suite.passAgain(space);
  expect(again.alertsCreated).toBe(0);
  await expectTheThreeAlerts(await storedAlerts(space));
});

test('two partitions share the accounts: the same alerts, none twice', async () => {
  const one = suite.space('credu-ref');
  const two = suite.space('credu-parts');
  await suite.pass(one);
  const entities = await suite.partitioned(two, 2);
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(USERS);
  expect(await storedAlerts(two)).toEqual(await storedAlerts(one));
  await expectTheThreeAlerts(await storedAlerts(two));
});

test('a pass stopped after each batch in turn resumes with the same alerts, each once', async () => {
  const reference = suite.space('credu-whole');
  await suite.pass(reference);
  const expected = await storedAlerts(reference);
  for (const stopAfter of [1, 3]) {
    const space = suite.space(`credu-crash-${stopAfter}`);
    const resumed = await suite.crashThenResume(space, stopAfter);
    expect(resumed.users).toBe(USERS - 2 * stopAfter);
    expect(await storedAlerts(space)).toEqual(expected);
  }
});

/**
 * One failure on alice judged, her stored state then edited by hand as `edit` returns it, then the brute force of the
 * first test (15 failures in 7 minutes, then the password works) judged by a later pass: its result, the stored alerts
 * and alice's state.
 */
async function bruteForceAfterEdit(name: string, edit: (state: UserState) => UserState) {
  const space = suite.space(name);
  const index = uniqueIndexName(`auth-${name}`);
  const settings = { indices: [index], ...DEFAULT_USER_THRESHOLDS };
  const iso = (ms: number) => new Date(ms).toISOString();
  try {
    await createAuthSource(suite.client, index, [
      authEvent(iso(NOW - 2 * 3_600_000), ATTACKER, 'alice', 'failure', 'f0'),
    ]);
    await runFamilyPass(credentialUserFamily, runnerSettings(space), settings, [index], runnerDeps(suite.client, NOW));
    await editFamilyState<UserState>(suite.client, 'credential_user', space, 'alice', edit);
    const brute = Array.from({ length: 15 }, (_, i) =>
      authEvent(iso(NOW + i * 30_000), ATTACKER, 'alice', 'failure', `brute-${i}`),
    );
    const success = authEvent(iso(NOW + 9 * 60_000), ATTACKER, 'alice', 'success', 'brute-success');
    await suite.client.bulk({
      refresh: true,
      operations: [...brute, success].flatMap((d) => [{ index: { _index: index } }, d]),
    });
    const later = NOW + 3_600_000;
    const result = await runFamilyPass(
      credentialUserFamily,
      runnerSettings(space),
      settings,
      [index],
      runnerDeps(suite.client, later),
    );
    return {
      result,
      alerts: await storedAlerts(space),
      state: (await storedFamilyState<UserState>(suite.client, 'credential_user', space, 'alice'))!,
    };
  } finally {
    await deleteIndices(suite.client, index);
  }
}

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test("an account's stored newest counted time far in the future (a hand edit) does not keep its later events from being counted", async () => {
  const { result, alerts, state } = await bruteForceAfterEdit('credu-future', (s) => ({ ...s, lastAt: YEAR_3000 }));
  // Before: every event was taken as counted (each is before the year 3000): no alert, and the year 3000 stayed
  // stored, so no later event of the account would ever have been counted.
  expect(result.events).toBe(16);
  expect(alerts.map((a) => [a.user, a.rule, a.severity]).sort()).toEqual([
    ['alice', 'brute_force', 'high'],
    ['alice', 'brute_force', 'medium'],
  ]);
  expect(state.lastAt).toBe(NOW + 9 * 60_000);
});

test("an account's attack whose last failure is stored far in the future (a hand edit) does not take its next brute force", async () => {
  const forged = { rule: 'brute_force' as const, alertId: 'forged', startedAt: NOW - 3 * 86_400_000 };
  const { alerts, state } = await bruteForceAfterEdit('credu-future-attack', (s) => ({
    ...s,
    attacks: [{ ...forged, lastFailureAt: YEAR_3000 }],
  }));
  // Before: the brute force was taken as that attack going on (no brute force alert), and the success was alerted as
  // the takeover of the forged attack: only ['high'].
  expect(alerts.map((a) => [a.user, a.rule, a.severity]).sort()).toEqual([
    ['alice', 'brute_force', 'high'],
    ['alice', 'brute_force', 'medium'],
  ]);
  expect(alerts.find((a) => a.severity === 'high')!.attack).toBe(alerts.find((a) => a.severity === 'medium')!.id);
  expect(state.attacks.map((a) => a.alertId)).not.toContain('forged');
});
