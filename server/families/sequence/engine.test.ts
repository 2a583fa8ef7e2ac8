import { runSequences } from './engine';
import { emptySequenceState, restoreSequenceState, serializeSequenceState, type SequenceState } from './state';
import { DAY, ev, HOUR, MIN, rule, T0 } from './test_support';
import type { SequenceEvent } from './sequence_event';
import type { SequenceRule } from './rule';
import { ruleStateKey } from './rule';

function run(
  rules: SequenceRule[],
  events: SequenceEvent[],
  state: SequenceState = emptySequenceState(),
  watermark?: number,
) {
  return runSequences({ rules, events, state, watermark });
}
const fired = (rules: SequenceRule[], events: SequenceEvent[], watermark?: number) =>
  run(rules, events, undefined, watermark).alerts;

describe('match types (followed by, within 1h)', () => {
  test('any: one listed event after A fires, nothing listed does not', () => {
    const r = rule({ events: ['b', 'c'] });
    expect(fired([r], [ev('a', T0), ev('c', T0 + 10 * MIN)])).toHaveLength(1);
    expect(fired([r], [ev('a', T0), ev('x', T0 + 10 * MIN)])).toHaveLength(0);
  });

  test('all: fires only when every listed name occurred', () => {
    const r = rule({ match: 'all', events: ['b', 'c'] });
    expect(fired([r], [ev('a', T0), ev('b', T0 + MIN), ev('b', T0 + 2 * MIN)])).toHaveLength(0);
    const alerts = fired([r], [ev('a', T0), ev('b', T0 + MIN), ev('c', T0 + 2 * MIN)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].buffalogs.evidence.matched_names).toEqual(['b', 'c']);
  });

  test('one: exactly one listed *name* (any number of times), decided when the window closes', () => {
    const r = rule({ match: 'one', events: ['b', 'c'] });
    const base = [ev('a', T0), ev('b', T0 + MIN), ev('b', T0 + 2 * MIN)];
    // Window still open: not decided yet.
    expect(fired([r], base)).toHaveLength(0);
    expect(fired([r], base, T0 + HOUR + 1)).toHaveLength(1);
    expect(fired([r], [...base, ev('c', T0 + 3 * MIN)], T0 + HOUR + 1)).toHaveLength(0);
    expect(fired([r], [ev('a', T0)], T0 + HOUR + 1)).toHaveLength(0);
  });

  test('none: fires only when the window closed without any listed event', () => {
    const r = rule({ match: 'none', events: ['b'] });
    expect(fired([r], [ev('a', T0)])).toHaveLength(0); // open
    expect(fired([r], [ev('a', T0)], T0 + HOUR)).toHaveLength(0); // last instant still inside
    const alerts = fired([r], [ev('a', T0)], T0 + HOUR + 1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]['@timestamp']).toBe(new Date(T0 + HOUR).toISOString());
    expect(alerts[0].message).toContain('none of b');
    expect(fired([r], [ev('a', T0), ev('b', T0 + 59 * MIN)], T0 + HOUR + 1)).toHaveLength(0);
    // An unlisted event in the window changes nothing (porlock's none fired on it).
    expect(fired([r], [ev('a', T0), ev('x', T0 + MIN)], T0 + HOUR + 1)).toHaveLength(1);
  });

  test('none closes by the events own watermark too (a later event of anyone)', () => {
    const r = rule({ match: 'none', events: ['b'] });
    expect(fired([r], [ev('a', T0), ev('zzz', T0 + 2 * HOUR, 'bob')])).toHaveLength(1);
  });
});

describe('directions and periods', () => {
  test('preceded by: the listed event must come before A, within the period', () => {
    const r = rule({ direction: 'preceded_by' });
    expect(fired([r], [ev('b', T0 - 30 * MIN), ev('a', T0)])).toHaveLength(1);
    expect(fired([r], [ev('a', T0), ev('b', T0 + 30 * MIN)])).toHaveLength(0);
    expect(fired([r], [ev('b', T0 - HOUR - 1), ev('a', T0)])).toHaveLength(0);
  });

  test('boundaries: exactly at the period counts, one millisecond beyond does not (before)', () => {
    const r = rule({ period: { when: 'before', duration: '1h' }, time_frame: '2h' });
    expect(fired([r], [ev('a', T0), ev('b', T0 + HOUR)])).toHaveLength(1);
    expect(fired([r], [ev('a', T0), ev('b', T0 + HOUR + 1)])).toHaveLength(0);
    expect(fired([r], [ev('a', T0), ev('b', T0)])).toHaveLength(1); // same instant, another event
  });

  test('after d within T: [A+d, A+T], both ends inclusive', () => {
    const r = rule({ period: { when: 'after', duration: '2d' }, time_frame: '14d' });
    expect(fired([r], [ev('a', T0), ev('b', T0 + 2 * DAY - 1)])).toHaveLength(0);
    expect(fired([r], [ev('a', T0), ev('b', T0 + 2 * DAY)])).toHaveLength(1);
    expect(fired([r], [ev('a', T0), ev('b', T0 + 14 * DAY)])).toHaveLength(1);
    expect(fired([r], [ev('a', T0), ev('b', T0 + 14 * DAY + 1)])).toHaveLength(0);
    const p = rule({ direction: 'preceded_by', period: { when: 'after', duration: '2d' }, time_frame: '14d' });
    expect(fired([p], [ev('b', T0 - 14 * DAY), ev('a', T0)])).toHaveLength(1);
    expect(fired([p], [ev('b', T0 - DAY), ev('a', T0)])).toHaveLength(0);
  });

  test('the identifier separates sequences: B of another user does not complete A', () => {
    expect(fired([rule()], [ev('a', T0, 'alice'), ev('b', T0 + MIN, 'bob')])).toHaveLength(0);
  });

  test('any ECS field can be the identifier (source.ip)', () => {
    const r = rule({ identifier: 'source.ip' });
    const { normalizeSequenceEvent } = jest.requireActual('./sequence_event');
    const mk = (action: string, t: number, id: string) =>
      normalizeSequenceEvent(
        {
          _id: id,
          _source: { '@timestamp': new Date(t).toISOString(), 'event.action': action, 'source.ip': '203.0.113.9' },
        },
        ['source.ip'],
      ).event;
    const alerts = fired([r], [mk('a', T0, '1'), mk('b', T0 + MIN, '2')]);
    expect(alerts[0].buffalogs.entity).toEqual({ field: 'source.ip', value: '203.0.113.9' });
    expect(alerts[0].user).toBeUndefined();
  });
});

describe('chains (secondary step)', () => {
  const chain = rule({
    period: { when: 'after', duration: '2d' },
    time_frame: '14d',
    events: ['b'],
    secondary: { event: 'c', when: 'before', duration: '1h' },
  });
  test('A, then B in its window, then C within the secondary window fires, with the events in order', () => {
    const alerts = fired([chain], [ev('a', T0), ev('b', T0 + 6 * DAY), ev('c', T0 + 6 * DAY + 30 * MIN)]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].buffalogs.evidence.events.map((e) => [e.role, e.name])).toEqual([
      ['first', 'a'],
      ['match', 'b'],
      ['secondary', 'c'],
    ]);
    expect(alerts[0].buffalogs.evidence.secondary_window).toEqual({
      start: new Date(T0 + 6 * DAY).toISOString(),
      end: new Date(T0 + 6 * DAY + HOUR).toISOString(),
    });
  });
  test('C too late, C before B, or no B: no alert', () => {
    expect(fired([chain], [ev('a', T0), ev('b', T0 + 6 * DAY), ev('c', T0 + 6 * DAY + HOUR + 1)])).toHaveLength(0);
    expect(fired([chain], [ev('a', T0), ev('c', T0 + 6 * DAY - MIN), ev('b', T0 + 6 * DAY)])).toHaveLength(0);
    expect(fired([chain], [ev('a', T0), ev('c', T0 + 6 * DAY)])).toHaveLength(0);
  });
  test('C exactly at the secondary period counts', () => {
    expect(fired([chain], [ev('a', T0), ev('b', T0 + 6 * DAY), ev('c', T0 + 6 * DAY + HOUR)])).toHaveLength(1);
  });
  test('preceded by mirrors the chain: C before B before A', () => {
    const p = rule({
      direction: 'preceded_by',
      events: ['b'],
      time_frame: '1d',
      period: { when: 'before', duration: '1d' },
      secondary: { event: 'c', when: 'before', duration: '1h' },
    });
    expect(fired([p], [ev('c', T0 - 90 * MIN), ev('b', T0 - 60 * MIN), ev('a', T0)])).toHaveLength(1);
    expect(fired([p], [ev('b', T0 - 90 * MIN), ev('c', T0 - 60 * MIN), ev('a', T0)])).toHaveLength(0);
  });
});

describe('event time, lateness, duplicates', () => {
  test('out-of-order events within one call are counted (B read before A)', () => {
    expect(fired([rule()], [ev('b', T0 + 10 * MIN), ev('a', T0)])).toHaveLength(1);
  });

  test('across calls, an event within the lateness still counts; one older than the watermark is late', () => {
    const r = rule({ match: 'none', events: ['b'] });
    const state = emptySequenceState();
    runSequences({ rules: [r], events: [ev('a', T0), ev('x', T0 + 50 * MIN, 'bob')], state, lateness: 30 * MIN });
    // Watermark is T0+20m: a B at T0+25m is within the lateness and prevents the none alert.
    const second = runSequences({
      rules: [r],
      events: [ev('b', T0 + 25 * MIN)],
      state,
      lateness: 30 * MIN,
      watermark: T0 + 2 * HOUR,
    });
    expect(second.alerts).toHaveLength(0);
    expect(second.stats.late).toBe(0);
    const third = runSequences({ rules: [r], events: [ev('b', T0 + 10 * MIN)], state, lateness: 30 * MIN });
    expect(third.stats.late).toBe(1);
  });

  test('the same event read twice counts once (one = exactly one name still holds; one alert per anchor)', () => {
    const r = rule({ events: ['b'] });
    const a = ev('a', T0, 'alice', { _id: 'A1' });
    const b = ev('b', T0 + MIN, 'alice', { _id: 'B1' });
    const state = emptySequenceState();
    const first = runSequences({ rules: [r], events: [a, b, a, b], state });
    expect(first.alerts).toHaveLength(1);
    expect(first.stats.duplicates).toBe(2);
    const again = runSequences({ rules: [r], events: [a, b], state });
    expect(again.alerts).toHaveLength(0);
  });

  test('alert ids are deterministic: same rule version, identifier and anchor → same id', () => {
    const r = rule();
    const one = fired([r], [ev('a', T0, 'alice', { _id: 'A1' }), ev('b', T0 + MIN, 'alice', { _id: 'B1' })]);
    const two = fired([r], [ev('b', T0 + 2 * MIN, 'alice', { _id: 'B2' }), ev('a', T0, 'alice', { _id: 'A1' })]);
    expect(one[0].buffalogs.alert_id).toBe(two[0].buffalogs.alert_id);
    const v2 = fired([rule({ version: 2 })], [ev('a', T0, 'alice', { _id: 'A1' }), ev('b', T0 + MIN)]);
    expect(v2[0].buffalogs.alert_id).not.toBe(one[0].buffalogs.alert_id);
  });
});

describe('state', () => {
  test('round trip mid-window: serialise, restore (as JSON), and the none window fires exactly once after the restart', () => {
    const r = rule({ match: 'none', events: ['b'], time_frame: '1h' });
    const keys = new Set([ruleStateKey(r)]);
    const state = emptySequenceState();
    const pass1 = runSequences({
      rules: [r],
      events: [ev('a', T0, 'alice', { _id: 'A1' })],
      state,
      watermark: T0 + 30 * MIN,
    });
    expect(pass1.alerts).toHaveLength(0);
    expect(pass1.stats.openWindows).toBe(1);
    const restored = restoreSequenceState(JSON.parse(JSON.stringify(serializeSequenceState(pass1.state))), keys);
    if (!restored.ok) throw new Error(restored.error);
    const pass2 = runSequences({ rules: [r], events: [], state: restored.state, watermark: T0 + 50 * MIN });
    expect(pass2.alerts).toHaveLength(0);
    const pass3 = runSequences({ rules: [r], events: [], state: restored.state, watermark: T0 + 2 * HOUR });
    expect(pass3.alerts).toHaveLength(1);
    const pass4 = runSequences({
      rules: [r],
      events: [ev('a', T0, 'alice', { _id: 'A1' })],
      state: restored.state,
      watermark: T0 + 3 * HOUR,
    });
    expect(pass4.alerts).toHaveLength(0);
    // Uninterrupted run gives the same alert.
    const straight = runSequences({
      rules: [r],
      events: [ev('a', T0, 'alice', { _id: 'A1' })],
      state: emptySequenceState(),
      watermark: T0 + 2 * HOUR,
    });
    expect(straight.alerts.map((a) => a.buffalogs.alert_id)).toEqual(pass3.alerts.map((a) => a.buffalogs.alert_id));
  });

  test('an open window is judged again whenever events arrive, however many calls after it opened', () => {
    const r = rule({ events: ['b'] });
    const state = emptySequenceState();
    const call = (e: SequenceEvent) => runSequences({ rules: [r], events: [e], state }).alerts;
    expect(call(ev('a', T0, 'alice', { _id: 'A1' }))).toHaveLength(0);
    expect(call(ev('a', T0 + 5 * MIN, 'alice', { _id: 'A2' }))).toHaveLength(0);
    expect(call(ev('b', T0 + 10 * MIN)).map((a) => a.buffalogs.trigger.event_id)).toEqual(['A1', 'A2']);
  });

  test('a restored state is judged whole at its next event: a window another writer saw complete fires', () => {
    // As mergeEntityStates folds two writers' states: one opened A1's window, the other buffered the b in it.
    const r = rule({ events: ['b'] });
    const first = runSequences({
      rules: [r],
      events: [ev('a', T0, 'alice', { _id: 'A1' })],
      state: emptySequenceState(),
    });
    expect(first.alerts).toHaveLength(0);
    const serialised = serializeSequenceState(first.state);
    serialised.rules[0].tracks[0].events.push({
      id: 'B1',
      index: 'logs-test',
      t: T0 + 10 * MIN,
      action: 'b',
      mask: 1,
      second: false,
    });
    const restored = restoreSequenceState(JSON.parse(JSON.stringify(serialised)), new Set([ruleStateKey(r)]));
    if (!restored.ok) throw new Error(restored.error);
    // Only another anchor arrives: A1's window, never judged with B1 by this engine, is judged too.
    const next = runSequences({
      rules: [r],
      events: [ev('a', T0 + 5 * MIN, 'alice', { _id: 'A2' })],
      state: restored.state,
    });
    expect(next.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['A1', 'A2']);
  });

  test('restoring drops other rule versions and refuses malformed input', () => {
    const r = rule();
    const state = emptySequenceState();
    runSequences({ rules: [r], events: [ev('a', T0)], state });
    const restored = restoreSequenceState(serializeSequenceState(state), new Set(['sequence_test@2']));
    expect(restored.ok && restored.droppedRules).toBe(1);
    expect(restoreSequenceState({ version: 1, rules: {} }, new Set()).ok).toBe(false);
    expect(restoreSequenceState('x', new Set()).ok).toBe(false);
  });

  test('a user named __proto__ is an ordinary key', () => {
    const alerts = fired([rule()], [ev('a', T0, '__proto__'), ev('b', T0 + MIN, '__proto__')]);
    expect(alerts[0].buffalogs.entity.value).toBe('__proto__');
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('bounds', () => {
  test('open windows per identifier are capped; the drop is counted', () => {
    const r = rule({ match: 'none' });
    const events = Array.from({ length: 10 }, (_, i) => ev('a', T0 + i));
    const out = runSequences({ rules: [r], events, state: emptySequenceState(), limits: { maxAnchorsPerTrack: 4 } });
    expect(out.stats.openWindows).toBe(4);
    expect(out.stats.perRule.get('sequence_test')!.droppedWindows).toBe(6);
  });
  test('open windows overall are capped', () => {
    const r = rule({ match: 'none' });
    const events = Array.from({ length: 10 }, (_, i) => ev('a', T0 + i, `u${i}`));
    const out = runSequences({ rules: [r], events, state: emptySequenceState(), limits: { maxOpenWindows: 3 } });
    expect(out.stats.openWindows).toBe(3);
    expect(out.stats.perRule.get('sequence_test')!.droppedWindows).toBe(7);
  });
});
