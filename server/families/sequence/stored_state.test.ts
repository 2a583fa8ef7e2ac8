/**
 * Stored entity states are read through the family's real load path (documents as the state store returns them) and
 * judged: one entry of the wrong type — hand-edited, or from another writer — must not make the batches holding the
 * entity throw (failing the whole pass, pass after pass), nor cost the other entities of the batch their watermark.
 */
import { clientWithStoredStates, passContext } from '../../runner/stored_state_test_support';
import { DEFAULT_LIMITS } from './engine';
import { mergeEntityStates, readEntityState, type EntityState } from './entity_state';
import { judgeSequences, sequenceFamily } from './family';
import { entityKey } from './reader';
import type { SequenceEvent } from './sequence_event';
import { ev, HOUR, MIN, rule, T0 } from './test_support';

const ALICE = entityKey('user.name', 'alice');
const BOB = entityKey('user.name', 'bob');
/** `a` not followed by `b` within the hour. */
const NONE = rule({ match: 'none', events: ['b'] });

/** The state a pass up to `to` leaves for the events' entities. */
function storedAfter(events: SequenceEvent[], to: number): Map<string, EntityState> {
  return judgeSequences(events, new Map(), [NONE], { watermark: to, now: to, limits: DEFAULT_LIMITS }).states;
}

async function judgeStored(states: ReadonlyMap<string, unknown>, events: SequenceEvent[], to: number) {
  const settings = { ...sequenceFamily.exampleSettings(), rules: [NONE] };
  const client = clientWithStoredStates('sequence', 'sequence.identifier', states);
  const pass = (await sequenceFamily.open(passContext(client, settings)))!;
  const loaded = await pass.states.load([...states.keys()]);
  return { loaded, output: pass.detect(events, loaded, to, { from: to - MIN, to }, true) };
}

test('a null rule entry does not fail the pass: the open window beside it still closes and fires', async () => {
  const alice = storedAfter([ev('a', T0)], T0 + MIN).get(ALICE)!;
  expect(alice.rules).toHaveLength(1);
  const stored = {
    ...alice,
    rules: [null, ...alice.rules, { rule: 5 }, { rule: alice.rules[0].rule, tracks: [null] }],
  };
  const { loaded, output } = await judgeStored(new Map([[ALICE, stored]]), [], T0 + HOUR + MIN);
  expect(loaded.invalid).toEqual([]);
  expect(output.alerts.map((a) => a.rule.id)).toEqual([NONE.id]);
});

test("an entity stored without a watermark does not take the batch's: an event older than it is still late", async () => {
  const to = T0 + 2 * HOUR;
  const states = storedAfter([ev('a', T0), ev('a', T0 + HOUR, 'bob')], to);
  const { watermark: _, ...bob } = states.get(BOB)!;
  // Bob first: the batch's watermark was the first entity's when it had none.
  const stored = new Map<string, unknown>([
    [BOB, bob],
    [ALICE, states.get(ALICE)!],
  ]);
  const { output } = await judgeStored(stored, [ev('a', T0 - HOUR)], to + MIN);
  expect(output.stats.late).toBe(1);
  expect(output.alerts.map((a) => a.rule.id)).toEqual([NONE.id]);
});

test('a usable state is read as the very object; events and windows not of their shape are dropped', () => {
  const alice = storedAfter([ev('a', T0)], T0 + MIN).get(ALICE)!;
  expect(readEntityState(alice)).toBe(alice);
  const [r] = alice.rules;
  const [t] = r.tracks;
  const hostile = {
    ...alice,
    watermark: `${T0}`,
    rules: [{ ...r, tracks: [{ ...t, anchors: [...t.anchors, { t: 'x' }] }] }],
  };
  expect(readEntityState(hostile)).toEqual({ ...alice, watermark: null });
  expect(readEntityState({ ...alice, version: 2 })).toBeUndefined();
});

test('a window stored at a time outside the Date range is dropped when read (the engine never finished with it)', async () => {
  const alice = storedAfter([ev('a', T0)], T0 + MIN).get(ALICE)!;
  const [r] = alice.rules;
  const far = { ...r.tracks[0].anchors[0], id: 'far', t: 1e308 };
  const stored = { ...alice, rules: [{ ...r, tracks: [{ ...r.tracks[0], anchors: [...r.tracks[0].anchors, far] }] }] };
  // Checked before the pass: without the check the pass below would not end.
  expect(readEntityState(JSON.parse(JSON.stringify(stored)))).toEqual(alice);
  const { output } = await judgeStored(new Map([[ALICE, stored]]), [], T0 + HOUR + MIN);
  expect(output.alerts.map((a) => a.rule.id)).toEqual([NONE.id]);
});

test("a track stored under another entity's key is not that entity's: it neither replaces nor adds to its windows", async () => {
  const to = T0 + 20 * MIN;
  // Bob's own state: his `a` was followed by `b`, so his window is decided (no alert).
  const bob = storedAfter([ev('a', T0, 'bob'), ev('b', T0 + 10 * MIN, 'bob')], to).get(BOB)!;
  const alice = storedAfter([ev('a', T0)], to).get(ALICE)!;
  // A track keyed `bob` (an open `a` of his, never followed) inside Alice's document: hand-edited or misfiled.
  const forged = storedAfter([ev('a', T0, 'bob')], to).get(BOB)!.rules[0].tracks[0];
  const [r] = alice.rules;
  const aliceWithForged = { ...alice, rules: [{ ...r, tracks: [...r.tracks, forged] }] };
  const stored = new Map<string, unknown>([
    [BOB, bob],
    [ALICE, aliceWithForged],
  ]);
  const { output } = await judgeStored(stored, [], T0 + HOUR + MIN);
  // Alice's own open window fires; Bob's decided one stays decided.
  expect(output.alerts.map((a) => a.buffalogs.entity?.value)).toEqual(['alice']);
});

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test("a watermark far past the pass's clock (a hand edit) is none: the entity's next event is judged, and it is not kept", async () => {
  const alice = storedAfter([ev('a', T0)], T0 + MIN).get(ALICE)!;
  const to = T0 + 20 * MIN;
  const { output } = await judgeStored(
    new Map([[ALICE, { ...alice, watermark: YEAR_3000 }]]),
    [ev('b', T0 + 10 * MIN)],
    to,
  );
  // Before: `b` was late (older than the year 3000) and ignored, the window closed by that watermark fired as if `b`
  // never came, and the year 3000 was written back (the watermark never moves back): every later event was late too.
  expect(output.stats.late).toBe(0);
  expect(output.alerts).toEqual([]);
  expect(output.states.get(ALICE)!.watermark).toBe(to);
});

test("one entity's latest time seen far past the pass's clock does not become the batch's watermark", async () => {
  const to = T0 + 20 * MIN;
  const states = storedAfter([ev('a', T0), ev('a', T0, 'bob')], T0 + MIN);
  const stored = new Map<string, unknown>([
    [ALICE, states.get(ALICE)!],
    [BOB, { ...states.get(BOB)!, max_seen: YEAR_3000 }],
  ]);
  const { output } = await judgeStored(stored, [ev('b', T0 + 10 * MIN, 'bob')], to);
  // Before: the batch's watermark became the year 3000 (the latest time seen, less no lateness): Alice's window,
  // open until T0 + 1 h, fired at T0 + 20 min, and both entities were written the year 3000 as their watermark.
  expect(output.alerts).toEqual([]);
  expect([...output.states.values()].map((s) => [s.watermark, s.max_seen])).toEqual([
    [to, T0 + 10 * MIN],
    [to, T0 + 10 * MIN],
  ]);
});

test("windows opened far past the pass's clock (a hand edit) are dropped: they do not crowd out the entity's real ones", async () => {
  const alice = storedAfter([ev('a', T0)], T0 + MIN).get(ALICE)!;
  const [r] = alice.rules;
  const [track] = r.tracks;
  // As many windows as a track keeps (DEFAULT_LIMITS.maxAnchorsPerTrack), each opened in the year 3000.
  const forged = Array.from({ length: DEFAULT_LIMITS.maxAnchorsPerTrack }, (_, i) => ({
    ...track.anchors[0],
    id: `forged-${i}`,
    t: YEAR_3000 + i,
  }));
  const stored = { ...alice, rules: [{ ...r, tracks: [{ ...track, anchors: forged }] }] };
  const { output } = await judgeStored(new Map([[ALICE, stored]]), [ev('a', T0 + 10 * MIN)], T0 + 2 * HOUR);
  // Before: the new window was the oldest of the track's, so the one dropped over the cap: its `a` was never followed by
  // `b`, and no alert; and the forged windows never closed (the watermark never reaches the year 3000), so every later
  // window of alice's went the same way.
  expect(output.alerts.map((a) => a.rule.id)).toEqual([NONE.id]);
  expect(output.states.get(ALICE)!.rules.flatMap((x) => x.tracks.flatMap((t) => t.anchors.map((a) => a.t)))).toEqual(
    [],
  );
});

describe("a concurrently stored state's times far past the pass's clock (a hand edit), as a load reads them", () => {
  const to = T0 + 20 * MIN;
  /** Alice's state as this batch computed it (her `a` at T0, judged up to `to`), and as an earlier pass stored it. */
  const a = ev('a', T0);
  const computed = storedAfter([a], to).get(ALICE)!;
  const earlier = storedAfter([a], T0 + MIN).get(ALICE)!;
  const [r] = earlier.rules;
  const [track] = r.tracks;
  const stamped = (t: number): EntityState => ({
    ...earlier,
    max_seen: t,
    watermark: t,
    rules: [{ ...r, tracks: [{ ...track, anchors: [...track.anchors, { ...track.anchors[0], id: 'forged', t }] }] }],
  });
  const anchorTimes = (s: EntityState) => s.rules.flatMap((x) => x.tracks.flatMap((t) => t.anchors.map((a) => a.t)));

  test('are none in the merge: the watermark and latest time seen are the computed ones, its windows are dropped', () => {
    const merged = mergeEntityStates(computed, stamped(YEAR_3000), to);
    // Before: the max kept the year 3000 as both, written back for the next load to read as none (the entity's own
    // watermark lost with it), and the forged window was added to the track.
    expect([merged.watermark, merged.max_seen]).toEqual([computed.watermark, computed.max_seen]);
    expect(anchorTimes(merged)).toEqual([T0]);
  });

  test("times less than a day past the clock are kept as before (another node's clock may be ahead)", () => {
    const ahead = to + 23 * HOUR;
    const merged = mergeEntityStates(computed, stamped(ahead), to);
    expect([merged.watermark, merged.max_seen]).toEqual([ahead, ahead]);
    expect(anchorTimes(merged)).toEqual([T0, ahead]);
  });
});
