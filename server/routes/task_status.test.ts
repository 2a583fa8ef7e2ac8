/**
 * The status route hands the task's stored state to the app: that state is whatever the task document holds (an
 * older version's, or edited), so what the app reads of it is checked here, without failing the route.
 */
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import { familyRuns, taskStatus } from './task_status';

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

test("the families' last runs: each family's tasks summed over partitions, reasons in its own words, old states too", () => {
  // A fresh demo: the two credential families rejected 3 events each (IAM password changes, `other`); the Overview
  // added them up into "6 rejected as malformed", naming neither family nor events.
  const credential = (id: string, lastCounts: unknown) =>
    taskStatus(id, task({ runs: 1, lastOutcome: 'ok', lastCounts }));
  const runs = familyRuns([
    credential('buffalogs:detect:0', { events: 1865, rejected: 0 }),
    credential('buffalogs:credential:0', { events: 1000, rejected: 2, rejectedBy: { other: 2 } }),
    credential('buffalogs:credential:1', { events: 926, rejected: 1, rejectedBy: { other: 1 } }),
    // Stored before reasons were kept: the total alone.
    credential('buffalogs:credential_user:0', { events: 1926, rejected: 3, duplicates: 1 }),
    taskStatus('buffalogs:web:0'),
  ]);
  expect(runs.map((r) => [r.family, r.title, r.task_ids])).toEqual([
    ['login', 'Logins', ['buffalogs:detect:0']],
    ['credential', 'Credential attacks by source', ['buffalogs:credential:0', 'buffalogs:credential:1']],
    ['credential_user', 'Credential attacks by account', ['buffalogs:credential_user:0']],
    ['web', 'Web access', ['buffalogs:web:0']],
  ]);
  expect(runs[1]).toMatchObject({
    event_name: ['event', 'events'],
    last_run: {
      events: 1926,
      rejected: 3,
      // Events of another kind, set aside (the family's setAside): the app leaves them out of what needs attention.
      rejected_by: [
        { reason: 'other', label: 'not a login, a failed login or an MFA step', count: 3, set_aside: true },
      ],
    },
  });
  expect(runs[2].last_run).toMatchObject({ rejected: 3, rejected_by: [], duplicates: 1 });
  expect(runs[0].last_run).toMatchObject({ events: 1865, rejected: 0, rejected_by: [] });
  expect(runs[3]).not.toHaveProperty('last_run');
});

test("a task of no known family is listed under its task type, and a family's words are never an object's", () => {
  const runs = familyRuns([
    taskStatus('buffalogs:gone:0', task({ lastCounts: { rejected: 1, rejectedBy: { constructor: 1, toString: 2 } } })),
  ]);
  expect(runs).toEqual([
    {
      family: 'buffalogs:gone',
      title: 'buffalogs:gone',
      event_name: ['event', 'events'],
      task_ids: ['buffalogs:gone:0'],
      last_run: {
        events: 0,
        rejected: 1,
        // `constructor` was dropped as the state was read; `toString` is no word of any family's.
        rejected_by: [{ reason: 'toString', label: 'to string', count: 2 }],
        duplicates: 0,
        skipped: 0,
        already_judged: 0,
        out_of_order: 0,
      },
    },
  ]);
});
