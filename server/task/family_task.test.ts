/**
 * What a family's task keeps of its last run for the app: the family's own counters (the web family's VirusTotal
 * lookups deferred by the budget, the login family's filtered alerts) beside the pass's counts, bounded; a state
 * stored by an older version (without them) or holding junk in their place still runs.
 */
import type { Logger } from '@kbn/core/server';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { MAX_FAMILY_COUNTS } from '../../common/family_counts';
import { emptyPassResult, type PassResult } from '../pass';
import { createFamilyTaskRunner, readTaskState, type FamilyTaskState } from './family_task';

const logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as unknown as Logger;

async function run(state: unknown, result: Partial<PassResult> | Error) {
  const context = {
    taskInstance: { id: 'buffalogs:web:0', params: { partition: 0 }, state },
  } as unknown as RunContext;
  const done = await createFamilyTaskRunner(context, {
    label: 'web',
    logger,
    now: () => Date.parse('2026-01-05T10:00:00Z'),
    services: async () => ({
      partitions: 1,
      identity: 'test',
      run: async () => {
        if (result instanceof Error) throw result;
        return { ...emptyPassResult(), ...result };
      },
    }),
  }).run();
  return done as unknown as { state: FamilyTaskState; error?: Error };
}

test('the last run keeps the family counters beside its counts, read from an older state without them', async () => {
  const previous = { runs: 3, lastOutcome: 'ok', lastCounts: { users: 1, events: 2, rejected: 0, durationMs: 5 } };
  const { state } = await run(previous, {
    events: 40,
    familyCounts: { reputation_looked_up: 4, reputation_deferred: 17, reputation_cached: 0, crawler_alerts: 1 },
  });
  expect(state).toMatchObject({ runs: 4, lastOutcome: 'ok' });
  expect(state.lastCounts).toMatchObject({
    events: 40,
    familyCounts: { reputation_looked_up: 4, reputation_deferred: 17, reputation_cached: 0, crawler_alerts: 1 },
  });
  // Task Manager stores the state as JSON: it must survive the round trip unchanged.
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
});

test('a run without family counters stores none', async () => {
  const { state } = await run({ runs: 1 }, { events: 3 });
  expect(state.lastCounts).toBeDefined();
  expect(state.lastCounts).not.toHaveProperty('familyCounts');
});

test('what is stored is bounded whatever the family reports', async () => {
  const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`counter_${i}`, i]));
  const { state } = await run({}, { familyCounts: { ...many, ['x'.repeat(5000)]: 1, odd: 1.5, negative: -1 } });
  const stored = state.lastCounts!.familyCounts!;
  expect(Object.keys(stored)).toHaveLength(MAX_FAMILY_COUNTS);
  expect(stored).toMatchObject({ counter_0: 0, counter_1: 1 });
  expect(Object.keys(stored).every((k) => k.length <= 64)).toBe(true);
});

test.each([
  ['a string', 'junk', undefined],
  ['an array', [1, 2, 3], undefined],
  [
    'odd values',
    { reputation_deferred: 'many', reputation_looked_up: { n: 1 }, __proto__x: 2, filteredAlerts: 3 },
    { filteredAlerts: 3 },
  ],
])('a failed run keeps the previous counts, family counters that were %s dropped', async (_name, junk, kept) => {
  const previous = { runs: 2, lastCounts: { events: 7, rejected: 0, durationMs: 1, familyCounts: junk } };
  const { state, error } = await run(previous, new Error('connect ECONNREFUSED'));
  expect(error?.message).toBe('connect ECONNREFUSED');
  expect(state).toMatchObject({ runs: 3, lastOutcome: 'failed', lastCounts: { events: 7 } });
  expect(state.lastCounts?.familyCounts).toEqual(kept);
});

test('the last run keeps what it rejected by reason (the app says which events), and an older total-only state still reads', async () => {
  // The demo's credential families rejected 3 events each, IAM password changes the source table calls `other`: summed
  // into one number, the Overview could only call them "rejected as malformed".
  const older = { runs: 1, lastOutcome: 'ok', lastCounts: { events: 9, rejected: 3, durationMs: 5 } };
  expect(readTaskState(older)).toEqual(older);
  const { state } = await run(older, { events: 1926, rejected: { other: 3 } as PassResult['rejected'] });
  expect(state.lastCounts).toMatchObject({ events: 1926, rejected: 3, rejectedBy: { other: 3 } });
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  // Read back as untrusted, as the status route reads it: junk reasons dropped, the rest kept.
  const edited = { ...state, lastCounts: { ...state.lastCounts, rejectedBy: { other: 3, bad: -1, ['x y']: 2 } } };
  expect((readTaskState(edited)!.lastCounts as Record<string, unknown>).rejectedBy).toEqual({ other: 3 });
  expect(readTaskState({ lastCounts: { rejected: 2, rejectedBy: 'junk' } })).toEqual({ lastCounts: { rejected: 2 } });
});
