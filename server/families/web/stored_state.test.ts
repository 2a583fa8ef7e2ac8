/**
 * A stored address state is read through the family's real load path (a document as the state store returns it) and
 * judged: one entry of the wrong type — hand-edited, or from another writer — must neither cost the address the rest
 * of its state nor raise a false alert, and a list over its cap is not carried on for ever.
 */
import { clientWithStoredState, passContext } from '../../runner/stored_state_test_support';
import type { WebEvent } from './event';
import { webFamily } from './family';
import { defaultWebSettings } from './settings';
import { emptyWebState, MAX_TRACKED, readWebState, type WebState } from './state';

const IP = '203.0.113.9';
const T0 = Date.parse('2024-05-01T08:00:00Z');
let n = 0;
const ev = (second: number, extra: Partial<WebEvent>): WebEvent => ({
  id: `e${n++}`,
  index: 'web',
  timestamp: T0 + second * 1000,
  ip: IP,
  status: 200,
  method: 'GET',
  ...extra,
});

async function judgeStored(state: unknown, events: WebEvent[]) {
  const settings = defaultWebSettings();
  const client = clientWithStoredState('web', 'source.ip', IP, state);
  const pass = (await webFamily.open(passContext(client, settings)))!;
  const loaded = await pass.states.load([IP]);
  const output = pass.detect(events, loaded, T0, { from: T0 - 60_000, to: T0 + 60_000 }, true);
  return { loaded, output, state: output.states.get(IP)! };
}

test('a null or text entry is dropped, not the state: the address keeps its other misses and is judged on them', async () => {
  // Nine distinct missing paths already counted, a tenth now: a scan (10 distinct shapes within the hour).
  const misses = Array.from({ length: 9 }, (_, i) => [T0 - (60 - i) * 1000, `/probe-${'abcdefghi'[i]}.php`]);
  const stored = { ...emptyWebState(), through: T0 - 1000, misses: [...misses, null, [`${T0}`, '/x.php']] };
  const { loaded, output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/probe-j.php' })]);
  expect(loaded.invalid).toEqual([]);
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['web_scanning']);
  expect(state.misses).toHaveLength(10);
});

test('an upload size stored as text raises no exfiltration alert (it was added up as text)', async () => {
  const stored = { ...emptyWebState(), through: T0 - 1000, uploads: [[T0 - 60_000, 'a lot']] };
  const { output, state } = await judgeStored(stored, [ev(1, { method: 'POST', path: '/form', requestBytes: 100 })]);
  expect(output.alerts).toEqual([]);
  expect(state.uploads).toEqual([[T0 + 1000, 100]]);
});

test('a list far over its cap is cut to its newest entries when read, even for a detector the address no longer triggers', async () => {
  const uploads = Array.from({ length: 50_000 }, (_, i) => [T0 - 100_000 + i, 1]);
  const { state } = await judgeStored({ ...emptyWebState(), through: T0 - 1000, uploads }, [ev(1, { path: '/' })]);
  expect(state.uploads).toHaveLength(MAX_TRACKED);
  expect(state.uploads[MAX_TRACKED - 1]).toEqual([T0 - 50_001, 1]);
});

test('a usable state is read as the very object; one without a time judged to is unusable', () => {
  const state: WebState = { ...emptyWebState(), through: T0, misses: [[T0, '/a']], alerted: [[T0, 'web_scanning']] };
  expect(readWebState(state)).toBe(state);
  expect(readWebState({ ...state, through: null })).toBeUndefined();
  expect(readWebState({ ...state, through: `${T0}` })).toBeUndefined();
});

test('entries dated after the last event judged are dropped: ten misses dated next year do not make each 404 a scan', async () => {
  const future = Array.from({ length: 10 }, (_, i) => [T0 + 365 * 86_400_000 + i, `/future-${i}.php`]);
  const stored = { ...emptyWebState(), through: T0 - 1000, misses: [[T0 - 2000, '/old.php'], ...future] };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/missing.php' })]);
  expect(output.alerts).toEqual([]);
  expect(state.misses.map(([, shape]) => shape)).toEqual(['/old.php', '/missing.php']);
});

test('a text far longer than any detector writes is dropped when read, the rest of the list kept', () => {
  const stored = {
    ...emptyWebState(),
    through: T0,
    misses: [
      [T0 - 2000, '/a.php'],
      [T0 - 1000, 'x'.repeat(1_000_000)],
    ],
    alerted: [[T0 - 1000, `web_malicious_referrer:${'a'.repeat(300)}.example`]],
  };
  const read = readWebState(stored)!;
  // Before: the megabyte was kept, cloned and written back by every pass over the address.
  expect(read.misses).toEqual([[T0 - 2000, '/a.php']]);
  expect(read.alerted).toEqual(stored.alerted);
});

const YEAR_3000 = Date.parse('3000-01-01T00:00:00Z');

test("a time judged to far past the pass's clock (a hand edit) is none: the address's next events are judged, and it is not kept", async () => {
  // Nine distinct missing paths already counted, a tenth now: a scan, as in the first test.
  const misses = Array.from({ length: 9 }, (_, i) => [T0 - (60 - i) * 1000, `/probe-${'abcdefghi'[i]}.php`]);
  const stored = { ...emptyWebState(), through: YEAR_3000, misses };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/probe-j.php' })]);
  // Before: the 404 was skipped as seen before (events_seen_before 1), no alert, and `through` stayed the year 3000
  // (the max kept it), so every later event of the address was skipped too.
  expect(output.stats.events_seen_before).toBe(0);
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['web_scanning']);
  expect(state.through).toBe(T0 + 1000);
});

test("a time judged to less than a day past the pass's clock is kept (another node's clock may be ahead)", async () => {
  const stored = { ...emptyWebState(), through: T0 + 23 * 3_600_000 };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/a.php' })]);
  expect(output.stats.events_seen_before).toBe(1);
  expect(state.through).toBe(T0 + 23 * 3_600_000);
});

test('entries the far-future time let through when read are dropped with it: ten misses dated 2999 make no scan', async () => {
  const future = Array.from({ length: 10 }, (_, i) => [YEAR_3000 - 86_400_000 + i, `/future-${i}.php`]);
  const stored = { ...emptyWebState(), through: YEAR_3000, misses: [[T0 - 2000, '/old.php'], ...future] };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/missing.php' })]);
  expect(output.alerts).toEqual([]);
  expect(state.misses.map(([, shape]) => shape)).toEqual(['/old.php', '/missing.php']);
});

test("a rule's cooldown dated far past the pass's clock (a hand edit) is dropped: the rule alerts the address again", async () => {
  const misses = Array.from({ length: 9 }, (_, i) => [T0 - (60 - i) * 1000, `/probe-${'abcdefghi'[i]}.php`]);
  const stored = { ...emptyWebState(), through: T0 - 1000, misses, alerted: [[YEAR_3000, 'web_scanning']] };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/probe-j.php' })]);
  // Before: the scan raised nothing (its time minus the year 3000 is within any cooldown) and the year-3000 entry
  // stayed stored, so the rule never alerted the address again.
  expect(output.alerts.map((a) => a.rule.id)).toEqual(['web_scanning']);
  expect(state.alerted).toEqual([[T0 + 1000, 'web_scanning']]);
});

test("a cooldown less than a day past the pass's clock is kept (another node's clock may be ahead)", async () => {
  const misses = Array.from({ length: 9 }, (_, i) => [T0 - (60 - i) * 1000, `/probe-${'abcdefghi'[i]}.php`]);
  const alerted = [[T0 + 23 * 3_600_000, 'web_scanning']];
  const stored = { ...emptyWebState(), through: T0 - 1000, misses, alerted };
  const { output, state } = await judgeStored(stored, [ev(1, { status: 404, path: '/probe-j.php' })]);
  expect(output.alerts).toEqual([]);
  expect(state.alerted).toEqual(alerted);
});
