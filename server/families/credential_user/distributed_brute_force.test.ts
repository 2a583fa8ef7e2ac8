/** Distributed brute force at its thresholds' edges, through the family's pure core (hand-made sequences). */
import { replayEvents } from '../credential/events';
import { DEFAULT_USER_THRESHOLDS as T } from './config';
import { judgeUsers } from './judge';
import { addresses, authDoc, userFailures, type AuthSpec } from './test_sequences';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const run = (specs: AuthSpec[], t = T) => judgeUsers(replayEvents(specs.map(authDoc)), new Map(), t, NOW);
const rules = (out: ReturnType<typeof run>) => out.alerts.map((a) => [a.rule.id, a.buffalogs.severity]);

test('distributedMinAddresses addresses failing on one account within the window; one fewer is not', () => {
  const n = T.distributedMinAddresses;
  const out = run(userFailures('bob', n, 0, 50, addresses(n)));
  expect(rules(out)).toEqual([['distributed_brute_force', 'medium']]);
  expect(out.alerts[0].buffalogs.evidence).toMatchObject({ failures: 10, addresses: 10, windowMinutes: 60 });
  expect(out.alerts[0].message).toBe(
    'Distributed brute force on bob: 10 failed logins in 60 min from 10 addresses (0 successes).',
  );
  expect(run(userFailures('bob', n - 1, 0, 50, addresses(n - 1))).alerts).toEqual([]);
});

test('the addresses spread over more than the window are not an attack', () => {
  // 10 addresses over 2 hours: at most 5 within any hour.
  expect(run(userFailures('bob', 10, 0, 120, addresses(10))).alerts).toEqual([]);
});

test('many failures from many addresses fast is one finding (distributed), not two', () => {
  expect(rules(run(userFailures('bob', 30, 0, 5, addresses(15))))).toEqual([['distributed_brute_force', 'medium']]);
});

test('a brute force from one address that then spreads adds the distributed finding; one takeover alert for both', () => {
  const out = run([
    ...userFailures('bob', 10, 0, 5, ['192.0.2.1']),
    ...userFailures('bob', 10, 6, 10, addresses(10)).map((s) => ({ ...s, id: `spread-${s.id}` })),
    { minute: 20, user: 'bob', ip: '203.0.113.4', outcome: 'success', id: 'bob-in' },
  ]);
  expect(rules(out)).toEqual([
    ['brute_force', 'medium'],
    ['distributed_brute_force', 'medium'],
    ['distributed_brute_force', 'high'],
  ]);
  expect(out.alerts[2].rule.name).toBe('Account compromised by distributed brute force');
  expect(out.alerts[2].buffalogs.evidence).toMatchObject({
    fromAttackingAddress: true,
    attack: { alert_id: out.alerts[1].buffalogs.alert_id },
  });
});

test('the failing addresses an account remembers are capped (the longest-quiet forgotten)', () => {
  const out = run(userFailures('bob', 700, 0, 50, addresses(700, '10.0.')));
  const kept = out.states.get('bob')!.addresses;
  expect(kept).toHaveLength(500);
  expect(kept.some((a) => a.ip === '10.0.700')).toBe(true);
  expect(kept.some((a) => a.ip === '10.0.1')).toBe(false);
});

test("the owner's login from their own address during a distributed attack leaves it followed for the botnet's success", () => {
  const out = run([
    ...userFailures('bob', 30, 0, 30, addresses(15)),
    { minute: 30.5, user: 'bob', ip: '192.0.2.77', outcome: 'success', id: 'owner' },
    { minute: 40, user: 'bob', ip: '203.0.113.7', outcome: 'success', id: 'botnet-in' },
  ]);
  expect(rules(out)).toEqual([
    ['distributed_brute_force', 'medium'],
    ['distributed_brute_force', 'high'],
  ]);
  expect(out.alerts[1].buffalogs.trigger.event_id).toBe('botnet-in');
});
