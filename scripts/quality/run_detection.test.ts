import { TOR_EXITS } from '../demo/world';
import { DEFAULT_START, generateLabeledMonth } from './generate_labeled';
import { runDetection } from './run_detection';

test('the benchmark runs the core as the CLI reads events: failures turned away, Tor exits from the published list', async () => {
  const month = generateLabeledMonth({ users: 150, days: 21, seed: 2, start: DEFAULT_START, takeoversPerClass: 2 });
  const run = await runDetection(month.events, 'default');
  // Duo pushes (second factors) are not logins: the source table turns them away before the outcome is read.
  const mfa = month.events.filter((e) => 'cisco_duo' in e).length;
  const failures = month.events.filter((e) => e.event.outcome === 'failure' && !('cisco_duo' in e)).length;
  expect(mfa).toBeGreaterThan(0);
  // (a denied push is turned away for its outcome, an approved one for not starting a session).
  expect(Object.keys(run.rejected).sort()).toEqual(['not a login start', 'not a successful login']);
  expect(run.rejected['not a successful login'] + run.rejected['not a login start']).toBe(failures + mfa);
  expect(run.logins).toBe(month.events.length - failures - mfa);
  const torLogins = month.events.filter((e) => e.source.ip.startsWith(`${TOR_EXITS.prefix}.`)).map((e) => e.event.id);
  expect(torLogins.length).toBeGreaterThan(0);
  // The default profile's one alert per login, or per incident (the attacker's logins minutes apart): a
  // suspicious_login whose verdict carries the anonymous_ip signal, on the login or listing it among its incident's.
  const anonymousIp = new Set(
    run.alerts
      .filter((a) => {
        const e = a.buffalogs.evidence;
        return (
          e.kind === 'verdict' &&
          e.signals.some(
            (s) => s.id === 'anonymous_ip' && s.evidence.kind === 'anonymous_ip' && s.evidence.signal === 'cidr_list',
          )
        );
      })
      .flatMap((a) => {
        const e = a.buffalogs.evidence;
        // A joined login counts only with its own anonymous_ip signal.
        const joined =
          e.kind === 'verdict' && e.incident
            ? e.incident.logins.filter((l) => l.signals.some((s) => s.id === 'anonymous_ip')).map((l) => l.event_id)
            : [];
        return [a.buffalogs.trigger.event_id, ...joined];
      }),
  );
  for (const id of torLogins) expect(anonymousIp.has(id)).toBe(true);
  // Hourly windows, `now` at each window's end: the same alerts twice.
  expect((await runDetection(month.events, 'default')).alerts).toEqual(run.alerts);
});
