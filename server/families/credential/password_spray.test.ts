/** Password spray at its thresholds' edges, and the shared office egress that must not look like one. */
import { DEFAULT_CREDENTIAL_THRESHOLDS as T } from './config';
import { normaliseCredential, replayEvents } from './events';
import { judgeSources } from './judge';
import { inTimeZone } from '../../events/time_zone_test_support';
import { authDoc, failures, type AuthSpec } from './test_sequences';

const NOW = Date.parse('2024-06-01T00:00:00Z');
const IP = '198.51.100.23';
const run = (specs: AuthSpec[]) => judgeSources(replayEvents(specs.map(authDoc)), new Map(), T, NOW);

test('sprayMinUsers users failing once each over hours is a spray; one fewer is not', () => {
  const out = run(failures(IP, T.sprayMinUsers, 0, 300));
  expect(out.alerts.map((a) => a.rule.id)).toEqual(['password_spray']);
  expect(out.alerts[0].buffalogs.evidence).toMatchObject({ users: 20, failures: 20, attemptsPerUser: 1 });
  expect(run(failures(IP, T.sprayMinUsers - 1, 0, 300)).alerts).toEqual([]);
});

test("the message says how long the failures took, not the window's length", () => {
  // 20 users over 140 minutes: the message read "20 distinct users failed in 1440 min" (the spray window, a day), and
  // an analyst took a spray of two hours and twenty minutes for one spread over a whole day.
  const out = run(failures(IP, 20, 0, 140));
  expect(out.alerts[0].message).toMatch(/: 20 distinct users failed in 140 min \(within a 1440-min window; /);
  expect(out.alerts[0].buffalogs.evidence).toMatchObject({ windowMinutes: 1440 });
});

test('the attack alert names no user: its subject is the address; a compromised account names its account', () => {
  // It named the user of the failure that reached the threshold ("chloe.moreau", one of 24 targets): the list showed
  // her as the alert's user, her page listed the spray and the flyout showed her logins as the attack's.
  const out = run([...failures(IP, 20, 0, 300), { minute: 320, user: 'victim', ip: IP, outcome: 'success', id: 'v' }]);
  const [attack, compromised] = out.alerts;
  expect(attack.buffalogs.entity).toEqual({ field: 'source.ip', value: IP });
  expect(attack.user).toBeUndefined();
  expect(attack.source).toEqual({ ip: IP });
  expect(compromised.user).toEqual({ name: 'victim' });
});

test('the spray is raised only once its failures span sprayMinSpanMs', () => {
  // 30 users in 59 minutes: neither stuffing (< 100) nor a spray yet.
  expect(run(failures(IP, 30, 0, 59)).alerts).toEqual([]);
  const out = run(failures(IP, 30, 0, 60));
  expect(out.alerts.map((a) => a.rule.id)).toEqual(['password_spray']);
  expect(out.alerts[0]['@timestamp']).toBe('2024-05-01T09:00:00.000Z');
});

test('more than sprayMaxAttemptsPerUser attempts per user is not a spray', () => {
  const rounds = (starts: number[]) =>
    starts.flatMap((start, round) =>
      failures(IP, 20, start, 10, `r${round}-`).map((f, i) => ({ ...f, user: `u${i}` })),
    );
  // Four passwords per user (rounds at 0, 20, 40, 60 min): 3.05 attempts per user when the span reaches an hour.
  expect(run(rounds([0, 20, 40, 60])).alerts).toEqual([]);
  // Three (rounds at 0, 30, 60): 2.05 per user at the hour: a spray.
  expect(run(rounds([0, 30, 60])).alerts.map((a) => a.rule.id)).toEqual(['password_spray']);
});

test('a success before the spray was recognised is a compromised account, linked to it', () => {
  const out = run([...failures(IP, 20, 0, 300), { minute: 5, user: 'victim', ip: IP, outcome: 'success', id: 'v' }]);
  expect(out.alerts.map((a) => [a.rule.id, a.buffalogs.severity, a.buffalogs.trigger.event_id])).toEqual([
    ['password_spray', 'medium', expect.any(String)],
    ['password_spray', 'high', 'v'],
  ]);
  expect(out.alerts[1].rule.name).toBe('Account compromised by password spray');
});

test('an office egress (many users, typo rate, mostly successes) is trusted once a day, with the reason', () => {
  const logins: AuthSpec[] = Array.from({ length: 300 }, (_, i) => ({
    minute: i * 2,
    user: `staff${i % 150}`,
    ip: IP,
    outcome: 'success',
    id: `ok-${i}`,
  }));
  const out = run([...logins, ...failures(IP, 40, 1, 600, 'staff')]);
  expect(out.alerts).toHaveLength(1);
  const [notice] = out.alerts;
  expect(notice.buffalogs.filtered).toBe(true);
  expect(notice.buffalogs.evidence).toMatchObject({ kind: 'trusted_source', users: 20 });
  expect(notice.message).toMatch(/shared egress with ordinary typos/);
});

test('@timestamp is read as Elasticsearch reads it: epoch millis, and UTC when the text has no offset', () => {
  const doc = (at: unknown) => ({
    ...authDoc({ minute: 0, user: 'alice', ip: IP, outcome: 'failure' }),
    '@timestamp': at,
  });
  const timestampOf = (at: unknown) => {
    const r = normaliseCredential(doc(at), 'logs', 'id-1');
    return r.ok ? r.event.timestamp : r.code;
  };
  const utc = Date.UTC(2024, 4, 1, 8);
  // Date.parse refused the number (a shipper writing epoch_millis), read the offset-less text in the server's own time
  // zone (an hour off in Rome) and took "1" for 2001-01-01.
  expect(timestampOf(utc)).toBe(utc);
  expect(timestampOf('2024-05-01T08:00:00Z')).toBe(utc);
  expect(timestampOf('1')).toBe(1); // epoch_millis, as Elasticsearch stores it
  expect(timestampOf('yesterday')).toBe('no_timestamp');
  const inRome = inTimeZone(
    'Europe/Rome',
    'server/families/credential/events.ts',
    `m.normaliseCredential(${JSON.stringify(doc('2024-05-01T08:00:00'))}, 'logs', 'id-1')`,
  );
  expect(inRome).toMatchObject({ offsetMinutes: -60, value: { ok: true, event: { timestamp: utc } } });
});

describe('a spray followed after it was recognised (the demo: recognised at 20 users, it went on to 24)', () => {
  // 24 users over 3 hours, one every ~7.8 min: the 20th failure (minute 148) makes it a spray.
  const spray = failures(IP, 24, 0, 180);

  test('judged in one batch, its one alert says how far the attack went, and when it began and ended', () => {
    const out = run(spray);
    expect(out.alerts.map((a) => a.rule.id)).toEqual(['password_spray']);
    const [alert] = out.alerts;
    expect(alert.buffalogs.evidence).toMatchObject({
      usersTargeted: 24,
      users: 24,
      failures: 24,
      firstFailure: '2024-05-01T08:00:00.000Z',
      lastFailure: '2024-05-01T11:00:00.000Z',
    });
    // Still raised on the failure that made it a spray.
    expect(alert['@timestamp']).toBe(
      new Date(Date.parse('2024-05-01T08:00:00Z') + (19 * 180 * 60_000) / 23).toISOString(),
    );
    expect(alert.message).toMatch(/: 24 distinct users failed in 180 min /);
  });

  test('judged in two batches, the second writes the same alert again with the figures so far', () => {
    const events = replayEvents(spray.map(authDoc));
    const first = judgeSources(events.slice(0, 21), new Map(), T, NOW);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0].buffalogs.evidence).toMatchObject({ usersTargeted: 21, users: 21 });
    const second = judgeSources(events.slice(21), first.states, T, NOW);
    expect(second.alerts.map((a) => a.buffalogs.alert_id)).toEqual([first.alerts[0].buffalogs.alert_id]);
    expect(second.alerts[0]['@timestamp']).toBe(first.alerts[0]['@timestamp']);
    expect(second.alerts[0].buffalogs.trigger).toEqual(first.alerts[0].buffalogs.trigger);
    expect(second.alerts[0].buffalogs.evidence).toMatchObject({
      usersTargeted: 24,
      firstFailure: '2024-05-01T08:00:00.000Z',
      lastFailure: '2024-05-01T11:00:00.000Z',
    });
    // A batch with nothing of the attack in it writes nothing.
    expect(judgeSources([], second.states, T, NOW).alerts).toEqual([]);
  });

  test('an attack stored before attacks were followed is still followed; its alert is left as written', () => {
    const events = replayEvents(spray.map(authDoc));
    const first = judgeSources(events.slice(0, 21), new Map(), T, NOW);
    const older = new Map(
      [...first.states].map(([ip, s]) => {
        const { trigger: _trigger, usersTargeted: _targeted, ...attack } = s.attack!;
        return [ip, { ...s, attack }];
      }),
    );
    const second = judgeSources(events.slice(21), older, T, NOW);
    expect(second.alerts).toEqual([]);
    expect(second.states.get(IP)!.attack!.lastFailureAt).toBe(events[23].timestamp);
  });
});
