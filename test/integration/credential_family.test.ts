/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read the stored alert loosely */
/**
 * The credential family on the real node through the generic runner: a password spray from one address followed by
 * a success (a compromised account), beside other addresses. Two partitions divide the addresses and a pass stopped
 * after a batch resumes: each alert — the spray and the compromised account — is stored exactly once, the same as one
 * uninterrupted pass. An address's newest counted time, hand-edited to the year 3000, hides none of its later events;
 * nor does an open attack whose last failure is so edited take its next spray for itself.
 */
import { credentialFamily } from '../../server/families/credential/family';
import { DEFAULT_CREDENTIAL_THRESHOLDS } from '../../server/families/credential/config';
import type { SourceState } from '../../server/families/credential/state';
import { buildSourcesSearch, shapeSources } from '../../server/queries/sources';
import { runFamilyPass } from '../../server/runner/family_pass';
import { pluginIndices } from '../../server/storage';
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
const SPRAYER = '198.51.100.23';
const source = uniqueIndexName('auth-credential');

const doc = (minute: number, ip: string, user: string, outcome: 'success' | 'failure', id: string) =>
  authEvent(new Date(START + minute * 60_000).toISOString(), ip, user, outcome, id);
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

const suite = familySuite({
  family: credentialFamily,
  familySettings: { indices: [source], ...DEFAULT_CREDENTIAL_THRESHOLDS },
  source,
  documents,
  now: NOW,
});

type Stored = Omit<StoredFamilyAlert, 'family' | 'entity'>;

/** The stored alerts, each of this family and about the sprayer's address. */
async function storedAlerts(space: string): Promise<Stored[]> {
  return (await storedFamilyAlerts(suite.client, space)).map(({ family, entity, ...alert }) => {
    expect(family).toBe('credential');
    expect(entity).toEqual({ field: 'source.ip', value: SPRAYER });
    return alert;
  });
}

/** The spray, and the victim's login (the trigger is the source document's `_id`) linked to it. */
async function expectSprayAndVictim(alerts: Stored[]): Promise<void> {
  expect(alerts).toHaveLength(2);
  const spray = alerts.find((a) => a.severity === 'medium')!;
  const victim = alerts.find((a) => a.severity === 'high')!;
  expect(spray.rule).toBe('password_spray');
  expect(victim).toMatchObject({ rule: 'password_spray', attack: spray.id });
  const login = await suite.client.get<{ event: { id: string } }>({ index: source, id: victim.trigger });
  expect(login._source!.event.id).toBe('spray-success');
}

test('one pass: the spray and the compromised account, once each; a second pass over the window adds nothing', async () => {
  const space = suite.space('cred-one');
  const result = await suite.pass(space);
  expect(result.events).toBe(documents.length);
  expect(result.users).toBe(9);
  await expectSprayAndVictim(await storedAlerts(space));
  const again = await suite.passAgain(space);
  expect(again.alertsCreated).toBe(0);
  await expectSprayAndVictim(await storedAlerts(space));
});

test('two partitions share the addresses: the same two alerts, none twice', async () => {
  const one = suite.space('cred-ref');
  const two = suite.space('cred-parts');
  await suite.pass(one);
  const entities = await suite.partitioned(two, 2);
  expect(entities.every((n) => n > 0)).toBe(true);
  expect(entities.reduce((a, b) => a + b, 0)).toBe(9);
  expect(await storedAlerts(two)).toEqual(await storedAlerts(one));
  await expectSprayAndVictim(await storedAlerts(two));
});

test('a pass stopped after each batch in turn resumes with the same alerts, each once', async () => {
  const reference = suite.space('cred-whole');
  await suite.pass(reference);
  const expected = await storedAlerts(reference);
  for (const stopAfter of [1, 3]) {
    const space = suite.space(`cred-crash-${stopAfter}`);
    const resumed = await suite.crashThenResume(space, stopAfter);
    expect(resumed.users).toBe(9 - 2 * stopAfter);
    expect(await storedAlerts(space)).toEqual(expected);
  }
});

/**
 * One failure from the sprayer judged, its stored state then edited by hand as `edit` returns it, then the spray of the
 * first test (30 users over 4 hours, then the victim's password works) judged by a later pass: its result, the stored
 * alerts and the sprayer's state.
 */
async function sprayAfterEdit(name: string, edit: (state: SourceState) => SourceState) {
  const space = suite.space(name);
  const index = uniqueIndexName(`auth-${name}`);
  const settings = { indices: [index], ...DEFAULT_CREDENTIAL_THRESHOLDS };
  const at = (ms: number) => new Date(ms).toISOString();
  try {
    await createAuthSource(suite.client, index, [
      authEvent(at(NOW - 2 * 3_600_000), SPRAYER, 'staff', 'failure', 'f0'),
    ]);
    await runFamilyPass(credentialFamily, runnerSettings(space), settings, [index], runnerDeps(suite.client, NOW));
    await editFamilyState<SourceState>(suite.client, 'credential', space, SPRAYER, edit);
    const spray = Array.from({ length: 30 }, (_, i) =>
      authEvent(at(NOW + i * 8 * 60_000), SPRAYER, `user${i}`, 'failure', `spray-${i}`),
    );
    const victim = authEvent(at(NOW + 235 * 60_000), SPRAYER, 'victim', 'success', 'spray-success');
    await suite.client.bulk({
      refresh: true,
      operations: [...spray, victim].flatMap((d) => [{ index: { _index: index } }, d]),
    });
    const later = NOW + 5 * 3_600_000;
    const result = await runFamilyPass(
      credentialFamily,
      runnerSettings(space),
      settings,
      [index],
      runnerDeps(suite.client, later),
    );
    return {
      result,
      alerts: await storedAlerts(space),
      state: (await storedFamilyState<SourceState>(suite.client, 'credential', space, SPRAYER))!,
    };
  } finally {
    await deleteIndices(suite.client, index);
  }
}

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test("an address's stored newest counted time far in the future (a hand edit) does not keep its later events from being counted", async () => {
  const { result, alerts, state } = await sprayAfterEdit('cred-future', (s) => ({ ...s, lastAt: YEAR_3000 }));
  // Before: every event was taken as counted (each is before the year 3000): no alert, and the year 3000 stayed
  // stored, so no later event of the address would ever have been counted.
  expect(result.events).toBe(31);
  expect(alerts.map((a) => a.severity).sort()).toEqual(['high', 'medium']);
  expect(state.lastAt).toBe(NOW + 235 * 60_000);
});

test("an address's open attack whose last failure is stored far in the future (a hand edit) does not take its next spray", async () => {
  const { alerts, state } = await sprayAfterEdit('cred-future-attack', (s) => ({
    ...s,
    attack: {
      rule: 'credential_stuffing',
      alertId: 'forged',
      startedAt: NOW - 3 * 86_400_000,
      detectedAt: NOW - 3 * 86_400_000,
      lastFailureAt: YEAR_3000,
      compromised: [],
    },
  }));
  // Before: the spray was taken as that attack going on (no spray alert), and the victim's login was alerted as an
  // account compromised by it: only ['high'], linked to the forged attack.
  expect(alerts.map((a) => [a.severity, a.rule]).sort()).toEqual([
    ['high', 'password_spray'],
    ['medium', 'password_spray'],
  ]);
  expect(alerts.find((a) => a.severity === 'high')!.attack).toBe(alerts.find((a) => a.severity === 'medium')!.id);
  expect(state.attack?.alertId).not.toBe('forged');
});

test('a spray followed over two passes: its one alert says how far it went and keeps its triage; the Sources view says when it began and whom it tried', async () => {
  // The demo's: a spray on 24 users over three hours, recognised at its 20th (minute 150). The first pass runs at
  // minute 172 (22 users failed), the second after the spray: the Sources view said "20 users targeted" and "first
  // seen" at the 20th failure, where the attack began at minute 0 and reached 24 users.
  const space = suite.space('cred-followed');
  const index = uniqueIndexName('auth-cred-followed');
  const settings = { indices: [index], ...DEFAULT_CREDENTIAL_THRESHOLDS };
  const at = (minute: number) => new Date(START + minute * 60_000).toISOString();
  const spray = Array.from({ length: 24 }, (_, i) =>
    authEvent(at(Math.round((i * 180) / 23)), SPRAYER, `user${i}`, 'failure', `spray-${i}`),
  );
  const clock = (minute: number) => runnerDeps(suite.client, START + minute * 60_000);
  const alertsIndex = pluginIndices(space).alerts;
  const attackAlert = async () => {
    await suite.client.indices.refresh({ index: alertsIndex });
    const hits = (await suite.client.search<any>({ index: alertsIndex, size: 10 })).hits.hits;
    expect(hits).toHaveLength(1);
    return hits[0]._source;
  };
  try {
    await createAuthSource(suite.client, index, spray);
    await runFamilyPass(credentialFamily, runnerSettings(space), settings, [index], clock(172));
    const first = await attackAlert();
    expect(first.buffalogs.evidence).toMatchObject({ usersTargeted: 22, firstFailure: at(0) });
    // An analyst acknowledges it before the spray ends.
    await suite.client.update({
      index: alertsIndex,
      id: first.buffalogs.alert_id,
      doc: { buffalogs: { status: 'acknowledged', note: 'looking' } },
      refresh: true,
    });
    await runFamilyPass(credentialFamily, runnerSettings(space), settings, [index], clock(240));
    const followed = await attackAlert();
    expect(followed.buffalogs).toMatchObject({
      status: 'acknowledged',
      note: 'looking',
      alert_id: first.buffalogs.alert_id,
    });
    expect(followed['@timestamp']).toBe(first['@timestamp']);
    expect(followed.buffalogs.evidence).toMatchObject({ usersTargeted: 24, firstFailure: at(0), lastFailure: at(180) });
    expect(followed.message).toMatch(/: 24 distinct users failed in 180 min /);

    const input = { from: at(-60), to: at(300), size: 10 };
    const sources = shapeSources(await suite.client.search(buildSourcesSearch(alertsIndex, input)), input);
    expect(sources.sources).toEqual([
      expect.objectContaining({
        address: SPRAYER,
        users_targeted: 24,
        first_seen: at(0),
        last_seen: first['@timestamp'],
      }),
    ]);
    expect(sources.networks).toEqual([expect.objectContaining({ network: '198.51.100.0/24', first_seen: at(0) })]);
  } finally {
    await deleteIndices(suite.client, index);
  }
});
