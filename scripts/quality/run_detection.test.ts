import { TOR_EXITS } from '../demo/world';
import { DEFAULT_START, generateLabeledMonth } from './generate_labeled';
import { runDetection } from './run_detection';

test('the benchmark runs the core as the CLI reads events: failures turned away, Tor exits from the published list', async () => {
  const month = generateLabeledMonth({ users: 150, days: 21, seed: 2, start: DEFAULT_START, takeoversPerClass: 2 });
  const run = await runDetection(month.events, 'default');
  const failures = month.events.filter((e) => e.event.outcome === 'failure').length;
  expect(run.rejected).toEqual({ 'not a successful login': failures });
  expect(run.logins).toBe(month.events.length - failures);
  const torLogins = month.events.filter((e) => e.source.ip.startsWith(`${TOR_EXITS.prefix}.`)).map((e) => e.event.id);
  expect(torLogins.length).toBeGreaterThan(0);
  // The default profile's one alert per login: a suspicious_login whose verdict carries the anonymous_ip signal.
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
      .map((a) => a.buffalogs.trigger.event_id),
  );
  for (const id of torLogins) expect(anonymousIp.has(id)).toBe(true);
  // Hourly windows, `now` at each window's end: the same alerts twice.
  expect((await runDetection(month.events, 'default')).alerts).toEqual(run.alerts);
});
