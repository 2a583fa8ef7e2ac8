/**
 * A stored account state is read through the family's real load path (a document as the state store returns it) and
 * judged: one entry of the wrong type — hand-edited, or from another writer — must not make the account's batches
 * throw (failing the whole pass, pass after pass), and the rest of its state is kept.
 */
import { clientWithStoredState, passContext } from '../../runner/stored_state_test_support';
import { replayEvents } from '../credential/events';
import { credentialUserFamily } from './family';
import { emptyUserState, MAX_ADDRESSES, readAccountState, type UserState } from './state';
import { authDoc, type AuthSpec } from './test_sequences';

const USER = 'alice';
const IP = '203.0.113.9';
/** test_sequences' minute 0. */
const BASE = Date.parse('2024-05-01T08:00:00Z');
const MIN = 60_000;

async function judgeStored(state: unknown, specs: AuthSpec[]) {
  const settings = credentialUserFamily.exampleSettings();
  const client = clientWithStoredState('credential_user', 'user.name', USER, state);
  const pass = (await credentialUserFamily.open(passContext(client, settings)))!;
  const loaded = await pass.states.load([USER]);
  const events = replayEvents(specs.map(authDoc));
  const output = pass.detect(events, loaded, BASE, { from: BASE - MIN, to: BASE + MIN }, true);
  return { loaded, output, state: output.states.get(USER)! };
}

/** Nine failures from one address five minutes ago: the tenth is brute force. */
const nine = (): UserState => ({
  ...emptyUserState(),
  lastAt: BASE - 5 * MIN,
  lastIds: ['f8'],
  buckets: [{ t: BASE - 5 * MIN, failures: 9, successes: 0 }],
  addresses: [{ ip: IP, firstAt: BASE - 5 * MIN, lastAt: BASE - 5 * MIN, failures: 9 }],
});
const failure: AuthSpec = { minute: 0, user: USER, ip: IP, outcome: 'failure' };
const success: AuthSpec = { minute: 1, user: USER, ip: IP, outcome: 'success' };

test('a null address, MFA denial or attack does not fail the pass: the nine failures are kept and the tenth is brute force', async () => {
  const stored = { ...nine(), addresses: [null, ...nine().addresses], mfa: [null], attacks: [null] };
  const { loaded, output, state } = await judgeStored(stored, [failure]);
  expect(loaded.invalid).toEqual([]);
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['brute_force']);
  expect(state.addresses).toEqual([{ ip: IP, firstAt: BASE - 5 * MIN, lastAt: BASE, failures: 10 }]);
});

test("an attack of another family's rule does not fail the pass at the account's next success", async () => {
  const attack = { rule: 'credential_stuffing', alertId: 'a1', startedAt: BASE - 5 * MIN, lastFailureAt: BASE - MIN };
  const { output, state } = await judgeStored({ ...nine(), attacks: [attack] }, [success]);
  expect(output.alerts).toEqual([]);
  expect(state.attacks).toEqual([]);
});

test('a state with 200,000 attacks is read as one per rule: the success after them is one takeover alert', async () => {
  const attack = (i: number) => ({
    rule: i % 2 ? 'brute_force' : 'distributed_brute_force',
    alertId: `a${i}`,
    startedAt: BASE - 5 * MIN,
    lastFailureAt: BASE - MIN,
  });
  const stored = { ...nine(), attacks: Array.from({ length: 200_000 }, (_, i) => attack(i)) };
  const { output, state } = await judgeStored(stored, [success]);
  expect(output.alerts.map((a) => a.buffalogs.severity)).toEqual(['high']);
  expect(state.attacks.map((a) => a.alertId)).toEqual(['a199998', 'a199999']);
});

test('a usable state is read as the very object; addresses over the cap keep those that failed last', () => {
  const state = nine();
  expect(readAccountState(state)).toBe(state);
  const many = Array.from({ length: MAX_ADDRESSES + 10 }, (_, i) => ({
    ip: `ip${i}`,
    firstAt: i,
    lastAt: i,
    failures: 1,
  }));
  const read = readAccountState({ ...state, addresses: many.reverse() })!;
  expect(read.addresses).toHaveLength(MAX_ADDRESSES);
  expect(read.addresses[0].ip).toBe('ip10');
  expect(readAccountState({ ...state, lastAt: null })).toBeUndefined();
});

test('an attack begun at a time outside the Date range does not fail the pass at the next success', async () => {
  const attack = { rule: 'brute_force', alertId: 'a1', startedAt: -1e308, lastFailureAt: BASE - MIN };
  const { output, state } = await judgeStored({ ...nine(), attacks: [attack] }, [success]);
  expect(output.alerts).toEqual([]);
  expect(state.attacks).toEqual([]);
});

test("a newest counted time far past the pass's clock (a hand edit) is none: the account's next failure is counted, and the time is not kept", async () => {
  const { output, state } = await judgeStored({ ...nine(), lastAt: Date.parse('3000-01-01T00:00:00Z') }, [failure]);
  // Before: the failure was taken as counted (it is before the year 3000), no alert, and the year 3000 stayed stored,
  // so no later event of the account was ever counted.
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['brute_force']);
  expect(state.lastAt).toBe(BASE);
});

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');
/** A brute force on the account two days ago, its last failure hand-edited to `lastFailureAt`. */
const attackUntil = (lastFailureAt: number) => ({
  rule: 'brute_force',
  alertId: 'forged',
  startedAt: BASE - 48 * 60 * MIN,
  lastFailureAt,
});

test("an attack whose last failure is far past the pass's clock (a hand edit) is closed: the account's next brute force is alerted", async () => {
  const { output, state } = await judgeStored({ ...nine(), attacks: [attackUntil(YEAR_3000)] }, [failure]);
  // Before: the failures were taken as that attack going on (no alert: brute force is raised only when no attack is
  // followed), and without a failure the attack stayed followed for good.
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['brute_force']);
  expect(state.attacks.map((a) => a.alertId)).toEqual([output.alerts[0].buffalogs.alert_id]);
});

test("an attack whose last failure is far past the pass's clock makes no success on the account a takeover", async () => {
  const { output, state } = await judgeStored({ ...nine(), attacks: [attackUntil(YEAR_3000)] }, [success]);
  // Before: 'Account compromised by brute force', for the owner's next login from an address that once mistyped.
  expect(output.alerts).toEqual([]);
  expect(state.attacks).toEqual([]);
});

test("an attack whose last failure is less than a day past the pass's clock is still followed (another node's clock may be ahead)", async () => {
  const { output } = await judgeStored({ ...nine(), attacks: [attackUntil(BASE + 23 * 60 * MIN)] }, [success]);
  expect(output.alerts.map((a) => a.rule.name)).toEqual(['Account compromised by brute force']);
});

test("addresses last failing far past the pass's clock (a hand edit) are dropped: they count in no window", async () => {
  const phantoms = Array.from({ length: 9 }, (_, i) => ({
    ip: `198.51.100.${i + 1}`,
    firstAt: BASE - 48 * 60 * MIN,
    lastAt: YEAR_3000,
    failures: 1,
  }));
  const stored = { ...emptyUserState(), lastAt: BASE - MIN, addresses: phantoms };
  const { output, state } = await judgeStored(stored, [failure]);
  // Before: the nine counted in every window to come (none ever expired), so one failure was a distributed brute force.
  expect(output.alerts).toEqual([]);
  expect(state.addresses.map((a) => a.ip)).toEqual([IP]);
});

test("a bucket dated far past the pass's clock (a hand edit) is dropped: the brute force's start is not moved there, and its success is the takeover", async () => {
  // The failures' bucket of this minute first, stored after the year-3000 one (a stored list is not sorted again when
  // the minute's bucket is already in it).
  const stored = {
    ...nine(),
    buckets: [
      { t: YEAR_3000, failures: 1, successes: 0 },
      { t: BASE, failures: 9, successes: 0 },
    ],
  };
  const { output, state } = await judgeStored(stored, [failure, success]);
  // Before: the attack began "in the year 3000" (its first bucket with failures), so no address had failed since, and
  // the success was taken for the owner's: no takeover alert. The bucket was carried for good (never pruned).
  expect(output.alerts.map((a) => [a.rule.id, a.buffalogs.severity])).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'high'],
  ]);
  expect(state.buckets.map((b) => b.t)).toEqual([BASE, BASE + MIN]);
});
