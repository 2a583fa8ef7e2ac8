/**
 * The status route hands the task's stored state to the app: that state is whatever the task document holds (an
 * older version's, or edited), so what the app reads of it is checked here, without failing the route.
 */
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import { taskStatus } from './task_status';

const task = (state: unknown) =>
  ({
    id: 'buffalogs:web:0',
    status: 'idle',
    runAt: new Date('2026-01-05T10:00:00Z'),
    startedAt: null,
    retryAt: null,
    attempts: 0,
    schedule: { interval: '1m' },
    state,
  }) as unknown as ConcreteTaskInstance;

test('the family counters of the last run reach the app, odd ones dropped', () => {
  const state = {
    runs: 9,
    lastOutcome: 'ok',
    lastCounts: {
      events: 40,
      familyCounts: { reputation_deferred: 17, reputation_looked_up: '4', junk: { deep: [1] }, negative: -3 },
    },
  };
  expect(taskStatus('buffalogs:web:0', task(state)).last_run_state).toEqual({
    runs: 9,
    lastOutcome: 'ok',
    lastCounts: { events: 40, familyCounts: { reputation_deferred: 17 } },
  });
});

test('a state from before the family counters is passed on as it was', () => {
  const state = { runs: 2, lastOutcome: 'ok', lastCounts: { events: 3, rejected: 0, durationMs: 8 } };
  expect(taskStatus('buffalogs:detect:0', task(state)).last_run_state).toEqual(state);
});

test.each([
  ['a string', 'junk'],
  ['an array', [{ lastCounts: {} }]],
  ['null', null],
])('a state that is %s is left out rather than passed on', (_name, state) => {
  const status = taskStatus('buffalogs:detect:0', task(state));
  expect(status).toMatchObject({ task_id: 'buffalogs:detect:0', scheduled: true });
  expect(status).not.toHaveProperty('last_run_state');
});

test('family counters that are not an object are dropped, the other counts kept', () => {
  const state = { runs: 1, lastCounts: { events: 3, familyCounts: 'many' } };
  expect(taskStatus('buffalogs:detect:0', task(state)).last_run_state).toEqual({ runs: 1, lastCounts: { events: 3 } });
});

test('last counts that are not whole numbers of at least 0 are dropped, so the app does not add them up', () => {
  const state = {
    runs: 3,
    lastCounts: {
      events: 12,
      rejected: '5',
      duplicates: -3,
      skipped: 1.5,
      outOfOrder: Number.MAX_VALUE * 2,
      alreadyJudged: 2,
      x: 9,
    },
  };
  expect(taskStatus('buffalogs:detect:0', task(state)).last_run_state).toEqual({
    runs: 3,
    lastCounts: { events: 12, alreadyJudged: 2 },
  });
});

test('last counts that are not an object are left out, the rest of the state kept', () => {
  const state = { runs: 4, lastOutcome: 'ok', lastCounts: [7, 8] };
  expect(taskStatus('buffalogs:detect:0', task(state)).last_run_state).toEqual({ runs: 4, lastOutcome: 'ok' });
});
