/** MFA fatigue at its thresholds' edges (Duo-shaped MFA steps, classified by the source table). */
import { replayEvents } from '../credential/events';
import { DEFAULT_USER_THRESHOLDS as T } from './config';
import { judgeUsers } from './judge';
import { duoDoc } from './test_sequences';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const run = (docs: Array<Record<string, unknown>>) => judgeUsers(replayEvents(docs), new Map(), T, NOW);

test('mfaMinDenials denied or unanswered prompts then an approval is MFA fatigue (high); one fewer is not', () => {
  const out = run([
    duoDoc(0, 'carol', 'user_marked_fraud', 'p1'),
    duoDoc(3, 'carol', 'no_response', 'p2', '198.51.100.78'),
    duoDoc(5, 'carol', 'call_timed_out', 'p3'),
    duoDoc(9, 'carol', 'user_approved', 'p4'),
  ]);
  expect(out.alerts.map((a) => [a.rule.id, a.buffalogs.severity, a.buffalogs.trigger.event_id])).toEqual([
    ['mfa_fatigue', 'high', 'p4'],
  ]);
  expect(out.alerts[0].buffalogs.evidence).toMatchObject({
    kind: 'mfa_fatigue',
    denials: 1,
    timeouts: 2,
    minutesToApproval: 9,
    addresses: ['198.51.100.77', '198.51.100.78'],
  });
  expect(out.alerts[0].message).toBe(
    'carol approved an MFA prompt after 1 denied and 2 unanswered in 9 min (threshold 3 within 60 min): MFA fatigue.',
  );
  expect(
    run([
      duoDoc(0, 'carol', 'user_marked_fraud', 'p1'),
      duoDoc(3, 'carol', 'no_response', 'p2'),
      duoDoc(9, 'carol', 'user_approved', 'p4'),
    ]).alerts,
  ).toEqual([]);
});

test('denials older than mfaWindowMs before the approval do not count', () => {
  const denials = [0, 1, 2].map((m) => duoDoc(m, 'carol', 'user_cancelled', `d${m}`));
  expect(run([...denials, duoDoc(59, 'carol', 'user_approved', 'ok')]).alerts).toHaveLength(1);
  expect(run([...denials, duoDoc(60, 'carol', 'user_approved', 'ok')]).alerts).toEqual([]);
});

test('denials alone raise nothing; one fatigue episode is one alert, not one per later approval', () => {
  const denials = [0, 1, 2, 3].map((m) => duoDoc(m, 'carol', 'user_marked_fraud', `d${m}`));
  expect(run(denials).alerts).toEqual([]);
  const out = run([...denials, duoDoc(4, 'carol', 'user_approved', 'a1'), duoDoc(5, 'carol', 'user_approved', 'a2')]);
  expect(out.alerts.map((a) => a.buffalogs.trigger.event_id)).toEqual(['a1']);
});

test('another account’s denials do not count', () => {
  const out = run([
    ...[0, 1, 2].map((m) => duoDoc(m, 'dave', 'user_marked_fraud', `d${m}`)),
    duoDoc(3, 'carol', 'user_approved', 'a1'),
  ]);
  expect(out.alerts).toEqual([]);
});
