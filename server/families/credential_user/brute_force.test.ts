/** Brute force on one account at its thresholds' edges, through the family's pure core (hand-made sequences). */
import { replayEvents } from '../credential/events';
import { DEFAULT_USER_THRESHOLDS as T } from './config';
import { judgeUsers } from './judge';
import { authDoc, userFailures, type AuthSpec } from './test_sequences';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const IP = '203.0.113.9';
const run = (specs: AuthSpec[], t = T) => judgeUsers(replayEvents(specs.map(authDoc)), new Map(), t, NOW);
const ok = (minute: number, id: string, ip = IP): AuthSpec => ({ minute, user: 'alice', ip, outcome: 'success', id });
const rules = (out: ReturnType<typeof run>) => out.alerts.map((a) => [a.rule.id, a.buffalogs.severity]);

test('bruteMinFailures failures on one account within the window is brute force; one fewer is not', () => {
  const at = run(userFailures('alice', T.bruteMinFailures, 0, 9, [IP]));
  expect(rules(at)).toEqual([['brute_force', 'medium']]);
  const alert = at.alerts[0];
  expect(alert.buffalogs.entity).toEqual({ field: 'user.name', value: 'alice' });
  expect(alert.buffalogs.evidence).toMatchObject({
    kind: 'account_attack',
    failures: 10,
    successes: 0,
    addresses: 1,
    windowMinutes: 15,
    topAddresses: [{ ip: IP, failures: 10 }],
  });
  expect(alert.message).toBe('Brute force on alice: 10 failed logins in 15 min from 1 address (0 successes).');
  expect(run(userFailures('alice', T.bruteMinFailures - 1, 0, 9, [IP])).alerts).toEqual([]);
});

test('the same failures spread over twice the window are not brute force', () => {
  // 10 failures over 30 minutes: at most 6 in any 15 minutes (to the minute).
  expect(run(userFailures('alice', 10, 0, 30, [IP])).alerts).toEqual([]);
});

test('a success from the attacking address after the brute force is one high alert linked to it, up to followMs', () => {
  const attack = userFailures('alice', 12, 0, 6, [IP]);
  const out = run([...attack, ok(6 + 59, 'in-1'), ok(6 + 59.5, 'in-2')]);
  expect(rules(out)).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'high'],
  ]);
  const [first, takeover] = out.alerts;
  expect(takeover.rule.name).toBe('Account compromised by brute force');
  expect(takeover.buffalogs.trigger.event_id).toBe('in-1');
  expect(takeover.buffalogs.evidence).toMatchObject({
    kind: 'compromised_account',
    fromAttackingAddress: true,
    source: IP,
    attack: { rule: 'brute_force', alert_id: first.buffalogs.alert_id },
  });
  expect(takeover.message).toMatch(
    /^alice logged in from 203\.0\.113\.9 59 min after the last failure .*, from one of the attacking addresses/,
  );
  // Past followMs the success is not linked (the owner after a reset is likelier).
  expect(rules(run([...attack, ok(6 + 61, 'late')]))).toEqual([['brute_force', 'medium']]);
});

// Bench seed 2, brute_force-8 (and seed 4's brute_force-10, seed 3's distributed_brute_force-29): the owner logged in
// from home 30 s after the tool's last failure, that login used up the attack's one takeover alert (a false "compromised"
// on the owner), and the attacker's success from the tool's address 8 minutes later raised nothing.
test("the owner logging in from their own address during the attack neither is the takeover nor hides the attacker's", () => {
  const attack = userFailures('alice', 38, 0, 4, [IP]);
  const out = run([...attack, ok(4.5, 'owner', '192.0.2.50'), ok(12, 'attacker'), ok(17, 'attacker-again')]);
  expect(rules(out)).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'high'],
  ]);
  expect(out.alerts[1].buffalogs.trigger.event_id).toBe('attacker');
  // A brute force that never succeeds: the owner's later login is not a compromised account.
  expect(rules(run([...attack, ok(30, 'owner', '192.0.2.50')]))).toEqual([['brute_force', 'medium']]);
});

test('a success from an address that failed before the attack began is not linked to it', () => {
  const typo = { minute: 0, user: 'alice', ip: '192.0.2.50', outcome: 'failure' as const, id: 'typo' };
  const attack = userFailures('alice', 10, 20, 5, [IP]);
  expect(rules(run([typo, ...attack, ok(26, 'owner', '192.0.2.50')]))).toEqual([['brute_force', 'medium']]);
});

test('a success whose source wrote no address cannot be told apart: it is still the takeover', () => {
  const { source: _dropped, ...noAddress } = authDoc(ok(7, 'in'));
  const docs = [...userFailures('alice', 10, 0, 5, [IP]).map(authDoc), noAddress];
  const out = judgeUsers(replayEvents(docs), new Map(), T, NOW);
  expect(rules(out)).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'high'],
  ]);
  expect(out.alerts[1].buffalogs.evidence).toMatchObject({ fromAttackingAddress: false });
  expect(out.alerts[1].message).toMatch(/\(the source wrote no address\): a likely compromised account\.$/);
});

test('an attacking address quiet for longer than the window is still remembered while its attack is followed', () => {
  // IP stops after 10 failures; another address keeps the attack followed past the brute-force window.
  const out = run([
    ...userFailures('alice', 10, 0, 5, [IP]),
    ...userFailures('alice', 20, 6, 60, ['198.51.100.3']).map((s) => ({ ...s, id: `late-${s.id}` })),
    ok(70, 'in'),
  ]);
  expect(rules(out)).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'high'],
  ]);
  expect(out.alerts[1].buffalogs.evidence).toMatchObject({ source: IP, fromAttackingAddress: true });
});

test('a success after fewer failures than the threshold is an ordinary login', () => {
  expect(run([...userFailures('alice', 9, 0, 5, [IP]), ok(6, 'in')]).alerts).toEqual([]);
});

test('one attack is one alert however long it lasts; a new attack after it expires is another', () => {
  const long = userFailures('alice', 200, 0, 100, [IP]);
  expect(rules(run(long))).toEqual([['brute_force', 'medium']]);
  const again = userFailures('alice', 10, 100 + 61, 5, [IP]).map((s) => ({ ...s, id: `again-${s.id}` }));
  expect(rules(run([...long, ...again]))).toEqual([
    ['brute_force', 'medium'],
    ['brute_force', 'medium'],
  ]);
});

test('judging the same events again (a window re-read after a crash) alerts and counts nothing twice', () => {
  const docs = [...userFailures('alice', 12, 0, 6, [IP]), ok(8, 'in')].map(authDoc);
  const first = judgeUsers(replayEvents(docs), new Map(), T, NOW);
  expect(first.alerts).toHaveLength(2);
  const again = judgeUsers(replayEvents(docs), first.states, T, NOW);
  expect(again.alerts).toEqual([]);
  expect(again.states.get('alice')!.buckets.reduce((s, b) => s + b.failures, 0)).toBe(12);
});

test('accounts are judged apart: failures on many accounts are not one brute force', () => {
  const specs = Array.from({ length: 30 }, (_, i) => userFailures(`u${i}`, 1, i / 3, 0, [IP])[0]);
  expect(run(specs).alerts).toEqual([]);
});
