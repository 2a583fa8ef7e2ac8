/**
 * `buffalogs detect --config` reads `identity` as kibana.yml's `buffalogs.identity`: one person signing in through
 * Okta (`user.name` is the address), Microsoft 365 (a short `user.name`, the address in `user.email`, `event.type`
 * [info]) and Windows (`CORP\jane.doe`, `corp.com` configured as that dataset's domain) is one user with one baseline,
 * so the Tokyo login an hour after Rome is judged against all three sources and alerted under the identity, with the
 * source's own spelling beside it. Without `identity` the same lines are three spellings and Microsoft 365's `info`
 * logins are not login starts (the generic ECS rule), as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './__fixtures__/run_cli';

const dir = mkdtempSync(join(tmpdir(), 'buffalogs-cli-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const T = Date.parse('2025-03-10T12:00:00Z');
const HOUR = 3_600_000;
const AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROME = { country_iso_code: 'IT', country_name: 'Italy', city_name: 'Rome', location: { lat: 41.9, lon: 12.5 } };
const TOKYO = {
  country_iso_code: 'JP',
  country_name: 'Japan',
  city_name: 'Tokyo',
  location: { lat: 35.68, lon: 139.69 },
};

type Source = 'okta' | 'm365' | 'windows';
function line(source: Source, id: string, at: number, geo = ROME, ip = '10.0.0.1'): string {
  const common = {
    '@timestamp': new Date(at).toISOString(),
    source: { ip, geo },
    ...(source === 'windows' ? {} : { user_agent: { original: AGENT } }),
  };
  const event = { category: ['authentication'], outcome: 'success', id };
  const bySource = {
    okta: {
      data_stream: { dataset: 'okta.system' },
      event: { ...event, action: 'user.session.start', type: ['start', 'info'] },
      user: { name: 'Jane.Doe@corp.com' },
    },
    m365: {
      data_stream: { dataset: 'o365.audit' },
      event: { ...event, action: 'UserLoggedIn', type: ['info'] },
      user: { name: 'jane', email: 'jane.doe@corp.com' },
    },
    windows: {
      data_stream: { dataset: 'system.security' },
      event: { ...event, code: '4624', type: ['start'] },
      winlog: { event_data: { LogonType: '2' } },
      user: { name: 'CORP\\jane.doe' },
    },
  }[source];
  return JSON.stringify({ ...common, ...bySource });
}

const sources: Source[] = ['okta', 'm365', 'windows'];
const input = [
  ...Array.from({ length: 18 }, (_, i) => line(sources[i % 3], `b${i}`, T - (20 - i) * HOUR)),
  line('okta', 'rome', T - 2 * HOUR),
  line('m365', 'tokyo', T - HOUR, TOKYO, '10.2.0.1'),
].join('\n');

const identity = { userDomains: { 'system.security': 'corp.com' } };

test('with identity in --config, three sources are one person, alerted under the identity with the source spelling', async () => {
  const config = file('identity.json', JSON.stringify({ identity }));
  const result = await run(['detect', '--input', '-', '--config', config, '--now', '2025-03-10T12:00:00Z'], input);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/20 lines read, 20 logins, 0 rejected/);
  // A change of source raises nothing: the one alert is the Tokyo login, judged against all three sources' Rome logins.
  expect(result.alerts.map((a) => [a.user?.name, a.buffalogs.trigger.event_id])).toEqual([
    ['jane.doe@corp.com', 'tokyo'],
  ]);
  const [tokyo] = result.alerts;
  expect(tokyo.buffalogs.source_user).toEqual({ name: 'jane.doe@corp.com', dataset: 'o365.audit' });
  const evidence = tokyo.buffalogs.evidence;
  expect(evidence.kind === 'verdict' && evidence.signals.map((s) => s.id)).toContain('impossible_travel');
});

test('without identity, the same lines are the stored spellings, and Microsoft 365 info events are not login starts', async () => {
  const result = await run(['detect', '--input', '-', '--now', '2025-03-10T12:00:00Z'], input);
  expect(result.code).toBe(0);
  expect(result.stderr).toMatch(/20 lines read, 13 logins, 7 rejected/);
  expect(result.stderr).toContain('not a login start (event.type is ["info"])');
  for (const alert of result.alerts) expect(alert.buffalogs.source_user).toBeUndefined();
  // The Tokyo line is one of the rejected ones: the travel the identity revealed is not seen at all.
  expect(result.stderr).toMatch(/line 20: not a login start/);
  expect(result.alerts.map((a) => a.buffalogs.trigger.event_id)).not.toContain('tokyo');
  for (const alert of result.alerts) expect(['jane.doe@corp.com', 'corp\\jane.doe']).toContain(alert.user?.name);
});

test('a bad identity section is refused with each key named, before any input is read', async () => {
  const config = file(
    'bad-identity.json',
    '{"identity": {"userMap": {"__proto__": "x@corp.com", "jdoe": 5}, "userDomain": {}, "serviceAccounts": "system"}}',
  );
  const result = await run(['detect', '--input', '-', '--config', config], input);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('identity.userMap.__proto__: reserved name');
  expect(result.stderr).toContain('identity.userMap.jdoe: must be a non-empty string');
  expect(result.stderr).toContain('identity.userDomain: unknown setting');
  expect(result.stderr).toContain('identity.serviceAccounts: must be a list');
  expect(result.stdout).toBe('');
  expect(({} as Record<string, unknown>).x).toBeUndefined();
});
