/**
 * A stored source state is read through the family's real load path (a document as the state store returns it) and
 * judged: one entry of the wrong type — hand-edited, or from another writer — must not make the address's batches
 * throw (failing the whole pass, pass after pass), and the rest of its state is kept.
 */
import { clientWithStoredState, passContext } from '../../runner/stored_state_test_support';
import { replayEvents } from './events';
import { credentialFamily } from './family';
import { emptySourceState, readSourceState, type SourceState } from './state';
import { authDoc, type AuthSpec } from './test_sequences';

const IP = '203.0.113.7';
/** test_sequences' minute 0. */
const BASE = Date.parse('2024-05-01T08:00:00Z');
const MIN = 60_000;

async function judgeStored(state: unknown, specs: AuthSpec[]) {
  const settings = credentialFamily.exampleSettings();
  const pass = (await credentialFamily.open(
    passContext(clientWithStoredState('credential', 'source.ip', IP, state), settings),
  ))!;
  const loaded = await pass.states.load([IP]);
  const output = pass.detect(
    replayEvents(specs.map(authDoc)),
    loaded,
    BASE,
    { from: BASE - MIN, to: BASE + MIN },
    true,
  );
  return { loaded, output, state: output.states.get(IP)! };
}

/** 99 users failed from the address in the last half hour: one more is stuffing. */
const ninetyNine = (): SourceState => ({
  ...emptySourceState(),
  lastAt: BASE - MIN,
  lastIds: ['f98'],
  buckets: [{ t: BASE - 30 * MIN, failures: 99, successes: 0 }],
  failed: Array.from({ length: 99 }, (_, i) => ({
    user: `u${i}`,
    firstAt: BASE - 30 * MIN + i,
    lastAt: BASE - 30 * MIN + i,
    attempts: 1,
  })),
});

test('a null failed user or success does not fail the pass: the other 99 users are kept and the 100th is stuffing', async () => {
  const stored = {
    ...ninetyNine(),
    failed: [null, ...ninetyNine().failed, { user: 5, lastAt: 'yesterday' }],
    successes: [null],
  };
  const { loaded, output, state } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  expect(loaded.invalid).toEqual([]);
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
  expect(output.alerts[0].buffalogs.evidence).toMatchObject({ users: 100 });
  expect(state.failed).toHaveLength(100);
  expect(state.successes.map((s) => s.user)).toEqual([]);
});

test('an open attack stored without its compromised list is still followed: the next success is the compromised account', async () => {
  const attack = {
    rule: 'credential_stuffing',
    alertId: 'a1',
    startedAt: BASE - 30 * MIN,
    detectedAt: BASE - 2 * MIN,
    lastFailureAt: BASE - MIN,
  };
  const { output, state } = await judgeStored({ ...ninetyNine(), attack }, [
    { minute: 0, user: 'carol', ip: IP, outcome: 'success' },
  ]);
  expect(output.alerts.map((a) => a.rule.name)).toEqual(['Account compromised by credential stuffing']);
  expect(state.attack?.compromised).toEqual(['carol']);
});

test('a usable state is read as the very object; unusable times are dropped, an unknown count start is unusable', () => {
  const state = ninetyNine();
  expect(readSourceState(state)).toBe(state);
  expect(readSourceState({ ...state, trustedNoticeAt: null })).toEqual(state);
  expect(readSourceState({ ...state, attack: { rule: 'nope' } })).toEqual(state);
  expect(readSourceState({ ...state, lastAt: `${BASE}` })).toBeUndefined();
});

test('a failed user first seen at a time outside the Date range is dropped: the stuffing alert is written, not thrown', async () => {
  const far = { user: 'far', firstAt: -1e308, lastAt: BASE - 10 * MIN, attempts: 1 };
  const stored = { ...ninetyNine(), failed: [far, ...ninetyNine().failed] };
  const { output } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
  expect(output.alerts[0].buffalogs.evidence).toMatchObject({ users: 100 });
});

test("a newest counted time far past the pass's clock (a hand edit) is none: the address's next failure is counted, and the time is not kept", async () => {
  const stored = { ...ninetyNine(), lastAt: Date.parse('3000-01-01T00:00:00Z') };
  const { output, state } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  // Before: the failure was taken as counted (it is before the year 3000), no alert, and the year 3000 stayed stored,
  // so no later event of the address was ever counted.
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
  expect(state.lastAt).toBe(BASE);
});

test("a newest counted time less than a day past the pass's clock is kept (another node's clock may be ahead)", async () => {
  const stored = { ...ninetyNine(), lastAt: BASE + 23 * 60 * MIN };
  const { output, state } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  expect(output.alerts).toEqual([]);
  expect(state.lastAt).toBe(BASE + 23 * 60 * MIN);
});

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');
/** An attack the address ran two days ago, its last failure hand-edited to `lastFailureAt`. */
const attackUntil = (lastFailureAt: number) => ({
  rule: 'credential_stuffing',
  alertId: 'a1',
  startedAt: BASE - 48 * 60 * MIN,
  detectedAt: BASE - 47 * 60 * MIN,
  lastFailureAt,
  compromised: [],
});

test("an open attack whose last failure is far past the pass's clock (a hand edit) is closed: the address's next stuffing run is alerted", async () => {
  const { output, state } = await judgeStored({ ...ninetyNine(), attack: attackUntil(YEAR_3000) }, [
    { minute: 0, user: 'u99', ip: IP, outcome: 'failure' },
  ]);
  // Before: the run was taken as the old attack going on (its last failure set to this one, no alert), and without a
  // failure the attack stayed open for good.
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
  expect(state.attack?.alertId).toBe(output.alerts[0].buffalogs.alert_id);
});

test("an open attack whose last failure is far past the pass's clock makes no success from the address a compromised account", async () => {
  const stored = { ...emptySourceState(), lastAt: BASE - MIN, attack: attackUntil(YEAR_3000) };
  const { output, state } = await judgeStored(stored, [{ minute: 0, user: 'carol', ip: IP, outcome: 'success' }]);
  // Before: 'Account compromised by credential stuffing', as for every user that ever logged in from the address.
  expect(output.alerts).toEqual([]);
  expect(state.attack).toBeUndefined();
});

test("an open attack whose last failure is less than a day past the pass's clock is still followed (another node's clock may be ahead)", async () => {
  const stored = { ...emptySourceState(), lastAt: BASE - MIN, attack: attackUntil(BASE + 23 * 60 * MIN) };
  const { output } = await judgeStored(stored, [{ minute: 0, user: 'carol', ip: IP, outcome: 'success' }]);
  expect(output.alerts.map((a) => a.rule.name)).toEqual(['Account compromised by credential stuffing']);
});

test("failed users last seen far past the pass's clock (a hand edit) are dropped: they count in no window", async () => {
  const phantoms = ninetyNine().failed.map((f) => ({ ...f, lastAt: YEAR_3000 }));
  const stored = { ...emptySourceState(), lastAt: BASE - MIN, failed: phantoms };
  const { output, state } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  // Before: the 99 counted in every window to come (none ever expired), so one failure was stuffing, for good.
  expect(output.alerts).toEqual([]);
  expect(state.failed.map((f) => f.user)).toEqual(['u99']);
});

test("a success dated far past the pass's clock (a hand edit) is dropped: it is no compromised account of each attack", async () => {
  const forged = { user: 'carol', at: YEAR_3000, id: 's1', index: 'auth' };
  const { output, state } = await judgeStored({ ...ninetyNine(), successes: [forged] }, [
    { minute: 0, user: 'u99', ip: IP, outcome: 'failure' },
  ]);
  // Before: the stuffing alert and 'Account compromised by credential stuffing' for carol, at every attack to come.
  expect(output.alerts.map((a) => a.rule.name)).toEqual(['Credential stuffing']);
  expect(state.successes).toEqual([]);
});

test("a trusted-source notice dated far past the pass's clock (a hand edit) is dropped: the notice is written again", async () => {
  // 100 users failing from the address among far more successes: a shared egress, trusted, with a notice.
  const shared = { ...ninetyNine(), buckets: [{ t: BASE - 30 * MIN, failures: 99, successes: 400 }] };
  const { output, state } = await judgeStored({ ...shared, trustedNoticeAt: YEAR_3000 }, [
    { minute: 0, user: 'u99', ip: IP, outcome: 'failure' },
  ]);
  // Before: no notice, and the year 3000 stayed stored (it expires a day after itself), so none was ever written.
  expect(output.alerts.map((a) => a.rule.name)).toEqual(['Shared address trusted']);
  expect(state.trustedNoticeAt).toBe(BASE);
});

test("a bucket dated far past the pass's clock (a hand edit) is dropped: counted in no window, it is not carried for good", async () => {
  const stored = {
    ...ninetyNine(),
    buckets: [...ninetyNine().buckets, { t: YEAR_3000, failures: 1000, successes: 0 }],
  };
  const { output, state } = await judgeStored(stored, [{ minute: 0, user: 'u99', ip: IP, outcome: 'failure' }]);
  expect(output.alerts[0].buffalogs.evidence).toMatchObject({ failures: 100 });
  // Before: kept (no bucket later than the newest event is ever pruned), and written back by every pass.
  expect(state.buckets.map((b) => b.t)).toEqual([BASE - 30 * MIN, BASE]);
});

test("an open attack's trigger and users targeted are read when usable, dropped when not, the attack kept either way", () => {
  const attack = {
    rule: 'password_spray',
    alertId: 'a1',
    startedAt: BASE - 180 * MIN,
    detectedAt: BASE - 30 * MIN,
    lastFailureAt: BASE - MIN,
    compromised: [],
  };
  const stored = (extra: object) => ({ ...emptySourceState(), lastAt: BASE - MIN, attack: { ...attack, ...extra } });
  const followed = { trigger: { id: 'f20', index: 'logs-x' }, usersTargeted: 22 };
  expect(readSourceState(stored(followed))!.attack).toEqual({ ...attack, ...followed });
  // Stored before attacks were followed: read as it is (its alert is then left as first written).
  expect(readSourceState(stored({}))!.attack).toEqual(attack);
  expect(readSourceState(stored({ trigger: 'f20', usersTargeted: -1 }))!.attack).toEqual(attack);
  expect(readSourceState(stored({ trigger: { id: 7 }, usersTargeted: 22 }))!.attack).toEqual({
    ...attack,
    usersTargeted: 22,
  });
});
