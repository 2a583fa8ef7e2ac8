/**
 * The engine visits only the tracks due before the new watermark (a heap of deadlines) instead of every track of
 * every rule. These tests hold it to what the full sweep guaranteed: after every call no track is left with anything
 * due (a window to close, an event or anchor to forget), idle identifiers are forgotten without being touched again,
 * and a state restored between calls (schedule rebuilt from scratch) behaves exactly like one kept in memory.
 */
import { DueHeap } from './due_heap';
import { runSequences, trackDue } from './engine';
import type { SequenceRule } from './rule';
import { ruleStateKey } from './rule';
import { keysFrom, type SequenceEvent } from './sequence_event';
import { emptySequenceState, restoreSequenceState, serializeSequenceState, type SequenceState } from './state';
import { ev, HOUR, MIN, rule, T0 } from './test_support';

function closeAfter(r: SequenceRule): number {
  if (r.direction === 'preceded_by') return 0;
  if (r.secondary) return r.timeFrameMs;
  return r.period.when === 'before' ? r.period.ms : r.timeFrameMs;
}

test('the deadline heap pops in due order, whatever the push order (ties included)', () => {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const heap = new DueHeap<number>();
  const dues = Array.from({ length: 2000 }, () => Math.floor(random() * 500));
  dues.forEach((d, i) => heap.push(d, i));
  expect(heap.size).toBe(2000);
  const popped: number[] = [];
  while (heap.size) {
    const due = heap.peekDue();
    const i = heap.pop()!;
    expect(dues[i]).toBe(due);
    popped.push(due);
  }
  expect(popped).toEqual([...dues].sort((a, b) => a - b));
  expect(heap.pop()).toBeUndefined();
  expect(heap.peekDue()).toBe(Infinity);
});

test('idle identifiers are forgotten once the watermark passes them, without new events for them', () => {
  const none = rule({ id: 'sequence_none_rule', match: 'none', events: ['b'] });
  const back = rule({ id: 'sequence_back_rule', direction: 'preceded_by', events: ['b'], match: 'any' });
  const state = emptySequenceState();
  const users = Array.from({ length: 50 }, (_, i) => `u${i}`);
  const first = runSequences({
    rules: [none, back],
    events: users.flatMap((u) => [ev('b', T0 - 10 * MIN, u), ev('a', T0, u)]),
    state,
    watermark: T0 + 30 * MIN,
  });
  expect(first.alerts.filter((a) => a.rule.id === 'sequence_back_rule')).toHaveLength(50);
  expect(first.stats.openWindows).toBe(50);
  expect(state.rules.get(ruleStateKey(none))!.size).toBe(50);
  // Another user's event moves the watermark; none of the 50 is touched again.
  const later = runSequences({ rules: [none, back], events: [ev('x', T0 + 3 * HOUR, 'other')], state });
  expect(later.alerts.map((a) => a.rule.id)).toEqual(Array(50).fill('sequence_none_rule'));
  expect(later.stats.openWindows).toBe(0);
  expect(state.rules.get(ruleStateKey(none))!.size).toBe(0);
  expect(state.rules.get(ruleStateKey(back))!.size).toBe(0);
});

test('windows close in the call whose watermark passes their deadline, earliest first', () => {
  const none = rule({ match: 'none', events: ['b'] });
  const state = emptySequenceState();
  const events = [ev('a', T0 + 20 * MIN, 'carol'), ev('a', T0, 'alice'), ev('a', T0 + 10 * MIN, 'bob')];
  runSequences({ rules: [none], events, state, watermark: T0 });
  const closes = [T0 + HOUR + 1, T0 + HOUR + 10 * MIN + 1, T0 + HOUR + 20 * MIN + 1].map((watermark) =>
    runSequences({ rules: [none], events: [], state, watermark }).alerts.map((a) => a.user?.name),
  );
  expect(closes).toEqual([['alice'], ['bob'], ['carol']]);
  // Two closing in one call come out in deadline order.
  const s2 = emptySequenceState();
  runSequences({ rules: [none], events, state: s2, watermark: T0 });
  const both = runSequences({ rules: [none], events: [], state: s2, watermark: T0 + HOUR + 15 * MIN });
  expect(both.alerts.map((a) => a.user?.name)).toEqual(['alice', 'bob']);
});

describe('random streams: nothing left due, and a restored state matches one kept in memory', () => {
  const rules = [
    rule({ id: 'sequence_r_any', events: ['b', 'c'] }),
    rule({ id: 'sequence_r_all_back', match: 'all', direction: 'preceded_by', events: ['b', 'c'], time_frame: '2h' }),
    rule({
      id: 'sequence_r_one',
      match: 'one',
      events: ['b', 'c'],
      period: { when: 'after', duration: '10m' },
      time_frame: '1h',
    }),
    rule({ id: 'sequence_r_none', match: 'none', events: ['c'], period: { when: 'before', duration: '30m' } }),
    rule({
      id: 'sequence_r_chain',
      events: ['b'],
      period: { when: 'before', duration: '1h' },
      time_frame: '2h',
      secondary: { event: 'c', when: 'after', duration: '5m' },
    }),
  ];
  const keys = new Set(rules.map(ruleStateKey));

  function stream(seed: number): Array<{ events: SequenceEvent[]; watermark?: number }> {
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const calls: Array<{ events: SequenceEvent[]; watermark?: number }> = [];
    let t = T0;
    for (let c = 0; c < 40; c++) {
      const events: SequenceEvent[] = [];
      for (let k = Math.floor(random() * 12); k > 0; k--) {
        t += Math.floor(random() * 4 * MIN);
        const action = ['a', 'b', 'c', 'x'][Math.floor(random() * 4)];
        // Out of order by up to 10 minutes; re-reads of the same id now and then.
        const id = random() < 0.1 && c > 0 ? `s${seed}-${c - 1}-0` : `s${seed}-${c}-${k}`;
        events.push(ev(action, t - Math.floor(random() * 10 * MIN), `u${Math.floor(random() * 4)}`, { _id: id }));
      }
      calls.push({ events, watermark: random() < 0.3 ? t + Math.floor(random() * HOUR) : undefined });
    }
    return calls;
  }

  // What the full sweep left after every call, stated without the engine's own due-time function.
  function everyTrackSettled(state: SequenceState): void {
    const w = state.watermark!;
    for (const r of rules) {
      for (const track of state.rules.get(ruleStateKey(r))?.values() ?? []) {
        expect(track.events.length + track.anchors.length).toBeGreaterThan(0);
        const open = track.anchors.filter((a) => !a.done);
        expect(open.filter((a) => a.t + closeAfter(r) < w)).toEqual([]);
        expect(track.anchors.filter((a) => a.done && a.t < w)).toEqual([]);
        const keepFrom = r.direction === 'preceded_by' ? w - r.timeFrameMs : Math.min(w, ...open.map((a) => a.t));
        expect(track.events.filter((e) => e.t < keepFrom)).toEqual([]);
        // The engine's due time agrees: nothing is due before the watermark.
        expect(trackDue(r, closeAfter(r), track)).toBeGreaterThanOrEqual(w);
      }
    }
  }

  test.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    const kept = emptySequenceState();
    let restored = emptySequenceState();
    let alerts = 0;
    for (const call of stream(seed)) {
      const a = runSequences({ rules, events: call.events, state: kept, lateness: 5 * MIN, watermark: call.watermark });
      const b = runSequences({
        rules,
        events: call.events,
        state: restored,
        lateness: 5 * MIN,
        watermark: call.watermark,
      });
      expect(b.alerts.map((x) => x.buffalogs.alert_id)).toEqual(a.alerts.map((x) => x.buffalogs.alert_id));
      expect(b.stats.openWindows).toBe(a.stats.openWindows);
      const serialized = serializeSequenceState(kept);
      expect(serializeSequenceState(restored)).toEqual(serialized);
      everyTrackSettled(kept);
      const back = restoreSequenceState(JSON.parse(JSON.stringify(serialized)), keys);
      if (!back.ok) throw new Error(back.error);
      restored = back.state;
      alerts += a.alerts.length;
    }
    expect(alerts).toBeGreaterThan(0);
  });
});

// A followed-by rule's event for an identifier without a track, older than the call's closing watermark, is held back
// for the call and forgotten unless its track is made in the same call (engine.ts, Deferred). None of it may show.
describe('events held back within a call', () => {
  const r = rule({ events: ['b'], period: { when: 'before', duration: '1h' }, time_frame: '1h' });

  test('an anchor that comes later in the call, with an earlier time, still sees them; a lone one leaves nothing', () => {
    const state = emptySequenceState();
    const out = runSequences({
      rules: [r],
      events: [
        ev('b', T0 + 10 * MIN, 'alice', { _id: 'b1' }),
        ev('b', T0, 'bob'),
        ev('b', T0 + 40 * MIN, 'carol'),
        ev('a', T0, 'alice', { _id: 'a1' }),
      ],
      state,
      watermark: T0 + 30 * MIN,
    });
    expect(out.alerts.map((a) => [a.user?.name, a.buffalogs.evidence.events.map((e) => e.event_id)])).toEqual([
      ['alice', ['a1', 'b1']],
    ]);
    // Alice's window is decided and Bob's lone event older than the watermark the call ends at (no window can use
    // it): only Carol's, after the watermark, is kept for an anchor that may still come.
    expect(serializeSequenceState(state).rules[0].tracks.map((t) => t.key)).toEqual(['carol']);
  });

  test('a re-read in the same call is a duplicate, and the bound drops and counts as before', () => {
    const state = emptySequenceState();
    const bs = Array.from({ length: 6 }, (_, i) => ev('b', T0 + i * MIN, 'carol', { _id: `c${i}` }));
    const out = runSequences({
      rules: [r],
      events: [...bs, bs[0], ev('a', T0 - MIN, 'carol', { _id: 'ca' })],
      state,
      watermark: T0 + 30 * MIN,
      limits: { maxEventsPerTrack: 4 },
    });
    expect(out.stats.duplicates).toBe(1);
    expect(out.stats.perRule.get(r.id)!.droppedEvents).toBe(2);
    expect(out.alerts).toHaveLength(1);
    expect(out.alerts[0].buffalogs.evidence.events.map((e) => e.event_id)).toEqual(['ca', 'c2', 'c3', 'c4', 'c5']);
  });

  test('a track made from held-back events is judged in the place of its first held event among the tracks of the call', () => {
    const state = emptySequenceState();
    const out = runSequences({
      rules: [r],
      events: [
        ev('b', T0 + 10 * MIN, 'alice'), // held back: Alice has no track yet
        ev('a', T0, 'bob'),
        ev('b', T0 + 5 * MIN, 'bob'),
        ev('a', T0, 'alice'), // makes Alice's track, from her event held back first
      ],
      state,
      watermark: T0 + 30 * MIN,
    });
    expect(out.alerts.map((a) => a.user?.name)).toEqual(['alice', 'bob']);
  });

  test('an identifier listed twice in one event is held back once (the repeat is a duplicate)', () => {
    const state = emptySequenceState();
    const twice = {
      ...ev('b', T0 + 10 * MIN, 'carol', { _id: 'cb' }),
      ...keysFrom(new Map([['user.name', ['carol', 'carol']]])),
    };
    const out = runSequences({
      rules: [r],
      events: [twice, ev('a', T0, 'carol', { _id: 'ca' })],
      state,
      watermark: T0 + 30 * MIN,
    });
    expect(out.stats.duplicates).toBe(1);
    expect(out.alerts.map((a) => a.buffalogs.evidence.events.map((e) => e.event_id))).toEqual([['ca', 'cb']]);
  });

  test('windows closing at the same instant are decided in the order their identifiers were first seen', () => {
    const none = rule({ id: 'sequence_none_rule', match: 'none', events: ['b'] });
    const users = ['u3', 'u1', 'u4', 'u0', 'u2', 'u5'];
    const state = emptySequenceState();
    // Other identifiers' events (held back, or tracks of their own) must not change that order.
    const noise = users.map((u) => ev('b', T0 - 5 * MIN, `${u}-other`));
    runSequences({ rules: [none], events: [...noise, ...users.map((u) => ev('a', T0, u))], state, watermark: T0 });
    const closed = runSequences({ rules: [none], events: [], state, watermark: T0 + 2 * HOUR });
    expect(closed.alerts.map((a) => a.user?.name)).toEqual(users);
  });
});
