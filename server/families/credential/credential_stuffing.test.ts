/** Credential stuffing at its thresholds' edges, through the family's pure core (hand-made sequences). */
import { DEFAULT_CREDENTIAL_THRESHOLDS as T } from './config';
import { replayEvents } from './events';
import { judgeSources } from './judge';
import { authDoc, failures, type AuthSpec } from './test_sequences';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const IP = '203.0.113.7';
const run = (specs: AuthSpec[], t = T) => judgeSources(replayEvents(specs.map(authDoc)), new Map(), t, NOW);

test('exactly stuffingMinUsers distinct users failing within the window is stuffing; one fewer is not', () => {
  const at = run(failures(IP, T.stuffingMinUsers, 0, 50));
  expect(at.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
  const ev = at.alerts[0].buffalogs.evidence as Record<string, number>;
  expect(ev).toMatchObject({ users: 100, failures: 100, successes: 0, failureRatio: 1, windowMinutes: 60 });
  expect(at.alerts[0].message).toMatch(/100 distinct users failed in 50 min \(within a 60-min window; /);
  expect(at.alerts[0].buffalogs.severity).toBe('medium');
  // 99 users in 50 minutes: not stuffing, and too short for a spray.
  expect(run(failures(IP, T.stuffingMinUsers - 1, 0, 50)).alerts).toEqual([]);
});

test('the same users spread over more than the window are not stuffing', () => {
  // 100 users over 2 hours: at most ~50 in any hour; the spray rule sees it instead (one attempt each, > 1 h).
  const out = run(failures(IP, 100, 0, 120));
  expect(out.alerts.map((a) => a.rule.id)).toEqual(['password_spray']);
});

test('a failure ratio just under minFailureRatio is not stuffing (and says why the source was trusted)', () => {
  // 100 failing users and 26 successes: ratio 100/126 = 0.79 < 0.8.
  const ok: AuthSpec[] = Array.from({ length: 26 }, (_, i) => ({
    minute: i,
    user: `ok${i}`,
    ip: IP,
    outcome: 'success',
    id: `ok-${i}`,
  }));
  const out = run([...ok, ...failures(IP, 100, 1, 50)]);
  expect(out.alerts).toHaveLength(1);
  expect(out.alerts[0].buffalogs.filtered).toBe(true);
  expect(out.alerts[0].buffalogs.filter_reasons).toEqual(['shared_source']);
  expect(out.alerts[0].message).toMatch(/but \d+ of \d+ attempts succeeded \(failure ratio 0\.\d+ < 0\.8/);
  // 25 successes: ratio 0.8 exactly — stuffing, and each of the 25 who logged in since it began is compromised.
  const edge = run([...ok.slice(0, 25).map((s) => ({ ...s, minute: s.minute + 2 })), ...failures(IP, 100, 1, 50)]);
  expect(edge.alerts.filter((a) => !a.buffalogs.filtered).map((a) => a.rule.id)[0]).toBe('credential_stuffing');
});

test('each account that logs in during or after the attack is one high alert linked to it, once', () => {
  const out = run([
    ...failures(IP, 100, 0, 40),
    { minute: 10, user: 'early', ip: IP, outcome: 'success', id: 's-early' },
    { minute: 45, user: 'late', ip: IP, outcome: 'success', id: 's-late' },
    { minute: 50, user: 'late', ip: IP, outcome: 'success', id: 's-late-2' },
  ]);
  const [attack, ...accounts] = out.alerts;
  expect(accounts.map((a) => [a.user?.name, a.buffalogs.trigger.event_id, a.buffalogs.severity])).toEqual([
    ['early', 's-early', 'high'],
    ['late', 's-late', 'high'],
  ]);
  for (const a of accounts)
    expect(a.buffalogs.evidence).toMatchObject({
      kind: 'compromised_account',
      attack: { rule: 'credential_stuffing', alert_id: attack.buffalogs.alert_id },
    });
});

test('a success after followMs has passed since the last failure is not linked to the attack', () => {
  const out = run([
    ...failures(IP, 100, 0, 40),
    { minute: 40 + 24 * 60 + 1, user: 'later', ip: IP, outcome: 'success', id: 's-later' },
  ]);
  expect(out.alerts.map((a) => a.rule.id)).toEqual(['credential_stuffing']);
});

test('judging the same events again (a window re-read after a crash) counts nothing twice', () => {
  const docs = [...failures(IP, 60, 0, 20)];
  const first = run(docs);
  expect(first.alerts).toEqual([]);
  const again = judgeSources(replayEvents(docs.map(authDoc)), first.states, T, NOW);
  expect(again.alerts).toEqual([]);
  expect(again.states.get(IP)!.buckets.reduce((s, b) => s + b.failures, 0)).toBe(60);
});
