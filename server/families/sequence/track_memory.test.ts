/**
 * How the engine keeps a track's memory cheaply (engine.ts): small tracks look their ids up in their lists instead of
 * a set, an id dropped by a bound stays taken, and a forgotten track's object is reused for the next identifier.
 * None of it may show: duplicates are still duplicates, and a reused track carries nothing over.
 */
import { isoTime } from './alerts';
import { runSequences } from './engine';
import { ruleStateKey } from './rule';
import { emptySequenceState, MAX_IDLE_ENTITIES, restoreSequenceState, serializeSequenceState } from './state';
import { ev, HOUR, MIN, rule, T0 } from './test_support';

test('re-reads are duplicates in a small track, a large one, and after the bound dropped the event', () => {
  const r = rule({ events: ['b'], period: { when: 'before', duration: '1h' }, time_frame: '1h' });
  const state = emptySequenceState();
  const a = ev('a', T0, 'alice', { _id: 'a0' });
  // 40 events: past the size at which the track keeps a set, and past the bound of 32 buffered events.
  const bs = Array.from({ length: 40 }, (_, i) => ev('b', T0 + (i + 1) * 1000, 'alice', { _id: `b${i}` }));
  const first = runSequences({
    rules: [r],
    events: [a, ...bs],
    state,
    lateness: HOUR,
    limits: { maxEventsPerTrack: 32 },
  });
  expect(first.alerts).toHaveLength(1);
  expect(first.stats.perRule.get(r.id)!.droppedEvents).toBe(8);
  const again = runSequences({
    rules: [r],
    events: [a, ...bs],
    state,
    lateness: HOUR,
    limits: { maxEventsPerTrack: 32 },
  });
  expect(again.stats.duplicates).toBe(41); // b0–b7 were dropped by the bound, and still count as read
  expect(again.alerts).toHaveLength(0);

  const small = emptySequenceState();
  const few = [ev('a', T0, 'bob', { _id: 'x0' }), ev('b', T0 + MIN, 'bob', { _id: 'x1' })];
  expect(runSequences({ rules: [r], events: few, state: small, lateness: HOUR }).alerts).toHaveLength(1);
  const reread = runSequences({ rules: [r], events: few, state: small, lateness: HOUR });
  expect(reread.stats.duplicates).toBe(2);
  expect(reread.alerts).toHaveLength(0);
});

test('a forgotten track is reused for a new identifier without anything of the old one', () => {
  const none = rule({ id: 'sequence_none_rule', match: 'none', events: ['b'] });
  const state = emptySequenceState();
  runSequences({
    rules: [none],
    events: [ev('a', T0, 'alice', { _id: 'a-alice' }), ev('x', T0 + MIN, 'alice', { _id: 'x-alice' })],
    state,
    watermark: T0,
  });
  const before = serializeSequenceState(state);
  const closed = runSequences({ rules: [none], events: [], state, watermark: T0 + 2 * HOUR });
  expect(closed.alerts.map((x) => x.user?.name)).toEqual(['alice']);
  expect(state.rules.get(ruleStateKey(none))!.size).toBe(0);
  // Bob's window (his own events only) and a re-read of Alice's anchor: new, since her track was forgotten.
  const later = runSequences({
    rules: [none],
    events: [
      ev('a', T0 + 3 * HOUR, 'bob', { _id: 'a-bob' }),
      ev('b', T0 + 3 * HOUR + MIN, 'bob', { _id: 'b-bob' }),
      ev('a', T0 + 3 * HOUR, 'alice', { _id: 'a-alice' }),
    ],
    state,
    watermark: T0 + 5 * HOUR,
  });
  expect(later.stats.duplicates).toBe(0);
  expect(later.alerts.map((x) => x.user?.name)).toEqual(['alice']);
  const tracks = serializeSequenceState(state).rules[0].tracks;
  expect(tracks.map((t) => [t.key, t.events.map((e) => e.id), t.anchors.map((x) => x.id)])).toEqual([]);
  // The lists of a state serialised earlier are copies: the engine emptied and reused Alice's track since.
  expect(before.rules[0].tracks.map((t) => [t.key, t.anchors.map((x) => x.id), t.events.length])).toEqual([
    ['alice', ['a-alice'], 0],
  ]);
});

test('alert times are formatted exactly as Date formats them, at the edges and at random', () => {
  let seed = 11;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const edges = [0, 999, 86_399_999, 951_782_400_000, 951_868_800_000, 4_107_542_400_000, 253_402_300_799_999];
  const beyond = [-1, -86_400_001, 253_402_300_800_000, 1.5];
  const times = [
    ...edges,
    ...beyond,
    ...Array.from({ length: 20_000 }, () => Math.floor(random() * 253_402_300_800_000)),
  ];
  for (const t of times) expect(isoTime(t)).toBe(new Date(t).toISOString());
  expect(() => isoTime(NaN)).toThrow(RangeError);
});

test('anchors of a preceded-by rule held back within a call decide, count and leave the state as tracks would', () => {
  const r = rule({ direction: 'preceded_by', match: 'any', events: ['b'] });
  const events = [
    ev('a', T0 + 30 * MIN, 'alice', { _id: 'a-alice' }),
    // Older than Alice's anchor and read after it in the same call: it must still be in her window.
    ev('b', T0 + 10 * MIN, 'alice', { _id: 'b-alice' }),
    ev('a', T0 + 20 * MIN, 'bob', { _id: 'a-bob' }),
    ev('a', T0 + 40 * MIN, 'carol', { _id: 'a-carol' }),
    ev('a', T0 + 40 * MIN, 'carol', { _id: 'a-carol' }),
    // Dave: more anchors than a track may keep open, then an event that makes his track.
    ...Array.from({ length: 5 }, (_, i) => ev('a', T0 + (41 + i) * MIN, 'dave', { _id: `a-dave${i}` })),
    ev('b', T0 + 5 * MIN, 'dave', { _id: 'b-dave' }),
  ];
  const limits = { maxAnchorsPerTrack: 3 };
  // Held back: every anchor is older than the watermark this call ends at.
  const held = emptySequenceState();
  const one = runSequences({ rules: [r], events, state: held, watermark: T0 + 2 * HOUR, limits });
  // Not held back: the call ends with a watermark before the events, and a second call closes the windows.
  const kept = emptySequenceState();
  const first = runSequences({ rules: [r], events, state: kept, lateness: 10 * HOUR, limits });
  expect(serializeSequenceState(kept).rules[0].tracks.map((t) => t.key)).toEqual(['alice', 'bob', 'carol', 'dave']);
  const second = runSequences({ rules: [r], events: [], state: kept, watermark: T0 + 2 * HOUR, limits });
  const ids = (out: typeof one): string[] => out.alerts.map((a) => a.buffalogs.alert_id);
  expect(ids(one)).toEqual([...ids(first), ...ids(second)]);
  expect(one.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['a-alice', 'a-dave2', 'a-dave3', 'a-dave4']);
  expect(one.stats.duplicates).toBe(1);
  expect(one.stats.perRule.get(r.id)!.droppedWindows).toBe(first.stats.perRule.get(r.id)!.droppedWindows);
  expect(one.stats.perRule.get(r.id)!.droppedWindows).toBe(2);
  expect(serializeSequenceState(held)).toEqual(serializeSequenceState(kept));
});

test('identifiers whose tracks are all forgotten are kept for their next track only up to a bound', () => {
  const r = rule({ events: ['b'], period: { when: 'before', duration: '1h' }, time_frame: '1h' });
  const state = emptySequenceState();
  const users = MAX_IDLE_ENTITIES + 5_000;
  // Each user's window opens, then closes with nothing in it: every track is forgotten, every identifier goes idle.
  for (let start = 0; start < users; start += 1_000) {
    const events = Array.from({ length: 1_000 }, (_, i) => ev('a', T0 + start + i, `user${start + i}`));
    runSequences({ rules: [r], events, state, watermark: T0 + start });
  }
  runSequences({ rules: [r], events: [], state, watermark: T0 + 2 * HOUR });
  expect(state.rules.get(ruleStateKey(r))!.size).toBe(0);
  expect(state.table.entities.size).toBeLessThanOrEqual(MAX_IDLE_ENTITIES + 1);
  // An idle identifier's next window is a window like any other.
  const back = runSequences({
    rules: [r],
    events: [ev('a', T0 + 3 * HOUR, 'user7'), ev('b', T0 + 3 * HOUR + MIN, 'user7')],
    state,
  });
  expect(back.alerts.map((a) => a.user?.name)).toEqual(['user7']);
});

test("a small track's id filter never hides a re-read: among many ids, after a forget, and after a restore", () => {
  // 15 buffered ids (a track of fewer than 16 looks ids up in its lists, behind a 32-bit filter that most of them
  // share bits of) plus the anchor: re-reading any of them, in any order, is a duplicate; new ids are not.
  const r = rule({ events: ['b'], period: { when: 'before', duration: '1d' }, time_frame: '1d' });
  const state = emptySequenceState();
  const a = ev('a', T0, 'carol', { _id: 'anchor' });
  const bs = Array.from({ length: 14 }, (_, i) => ev('b', T0 + (i + 1) * MIN, 'carol', { _id: `id-${i * 7919}` }));
  runSequences({ rules: [r], events: [a, ...bs], state, lateness: HOUR });
  const reread = runSequences({ rules: [r], events: [...bs].reverse().concat(a), state, lateness: HOUR });
  expect(reread.stats.duplicates).toBe(15);
  const fresh = Array.from({ length: 20 }, (_, i) => ev('c', T0 + 20 * MIN + i, 'carol', { _id: `new-${i}` }));
  expect(runSequences({ rules: [r], events: fresh, state, lateness: HOUR }).stats.duplicates).toBe(0);

  // The same track stored (as JSON) and restored: its filter is not stored, and every id still counts as read.
  const restored = restoreSequenceState(
    JSON.parse(JSON.stringify(serializeSequenceState(state))),
    new Set([ruleStateKey(r)]),
  );
  if (!restored.ok) throw new Error(restored.error);
  const afterRestore = runSequences({ rules: [r], events: [bs[13], a, bs[0]], state: restored.state, lateness: HOUR });
  expect(afterRestore.stats.duplicates).toBe(3);
  expect(afterRestore.alerts).toHaveLength(0);
});
