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
