/**
 * The CLI in-process (`main` with in-memory streams): arguments, config, state, determinism. The real executable is
 * spawned in `bin.test.ts`, a few times only (each spawn compiles TypeScript through tsx).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertDocument } from '../../common/alert_document';
import type { UserState } from '../detection';
import { writeGeoIpFixtures } from '../enrichment/__fixtures__/geoip_fixtures';
import { run, type Run } from './__fixtures__/run_cli';

const FIXTURE = join(__dirname, '__fixtures__', 'logins.ndjson');
const FIXTURE_LINES = readFileSync(FIXTURE, 'utf8').split('\n').filter(Boolean);
const dir = mkdtempSync(join(tmpdir(), 'buffalogs-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const summaryOf = (a: AlertDocument): string =>
  `${a.user?.name} ${a.rule.id} ${a.buffalogs.trigger.event_id}${a.buffalogs.filtered ? ' (filtered)' : ''}`;

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('buffalogs detect', () => {
  it('reports each bad line with its number and reason, processes the rest, and exits 0', async () => {
    const result = await run(['detect', '--input', FIXTURE]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('line 4: invalid JSON');
    expect(result.stderr).toContain('line 5: not a login start (event.type is ["end"])');
    expect(result.stderr).toContain('line 6: not a successful login (event.outcome is "failure")');
    expect(result.stderr).toContain('line 7: missing user.name');
    expect(result.stderr).toContain('line 11: invalid @timestamp ("not-a-time" is not ISO 8601)');
    expect(result.stderr).toContain('line 17: invalid source.ip ("not-an-ip" is not an IPv4/IPv6 address)');
    expect(result.stderr).toMatch(/20 lines read, 14 logins, 6 rejected, 5 alerts \(0 filtered\)/);
    expect(result.alerts.map(summaryOf)).toContain('alice suspicious_login a3');
    expect(result.alerts.every((a) => a.event.kind === 'alert' && a.buffalogs.profile === 'default')).toBe(true);
  });

  it('selects the profile: BuffaLogs flags every alert filtered and judges travel at 300 km/h', async () => {
    const ours = await run(['detect', '--input', FIXTURE]);
    const theirs = await run(['detect', '--input', FIXTURE, '--profile', 'buffalogs']);
    expect(theirs.code).toBe(0);
    expect(theirs.alerts.every((a) => a.buffalogs.profile === 'buffalogs' && a.buffalogs.filtered)).toBe(true);
    // New York → Tokyo at 472 km/h: impossible at BuffaLogs' 300 km/h, possible for a flight at the default threshold.
    expect(theirs.alerts.map(summaryOf)).toContain('carol impossible_travel c3 (filtered)');
    // The default profile's one verdict on c3 carries its signals; impossible travel is not among them.
    const c3 = ours.alerts.find((a) => a.buffalogs.trigger.event_id === 'c3');
    expect(c3?.rule.id).toBe('suspicious_login');
    const c3Evidence = c3?.buffalogs.evidence;
    expect(c3Evidence?.kind === 'verdict' && c3Evidence.signals.map((x) => x.id)).toEqual([
      'new_device',
      'new_country',
    ]);
    // carol's first login in the logs-auth index is silent learning in BuffaLogs (spec §2.3 C).
    expect(theirs.alerts.map(summaryOf).join()).not.toContain(' c2');
  });

  it('continues from a state file: two runs over the halves give the alerts and state of one run over all', async () => {
    const first = FIXTURE_LINES.slice(0, 10).join('\n');
    const second = FIXTURE_LINES.slice(10).join('\n');
    const firstLogins = (await run(['detect', '--input', '-'], first)).stderr.match(/(\d+) logins/)![1];
    const state = join(dir, 'halves.json');
    // The replay clock advances per batch, so the whole run must cut its batches where the halves end.
    const batch = ['--batch-size', firstLogins];
    const a = await run(['detect', '--input', '-', '--state', state, ...batch], first);
    const b = await run(['detect', '--input', '-', '--state', state, ...batch], second);
    const wholeState = join(dir, 'whole.json');
    const whole = await run(['detect', '--input', FIXTURE, '--state', wholeState, ...batch]);
    expect([a.code, b.code, whole.code]).toEqual([0, 0, 0]);
    expect(a.alerts.length).toBeGreaterThan(0);
    expect(b.alerts.length).toBeGreaterThan(0);
    expect([...a.alerts, ...b.alerts]).toEqual(whole.alerts);
    expect(readFileSync(state, 'utf8')).toBe(readFileSync(wholeState, 'utf8'));
    expect(b.stderr).toContain(`state: 3 users saved to ${state}`);
  });

  it('gives the same alerts whatever the batch size when --now is fixed', async () => {
    const now = ['--now', '2025-03-05T00:00:00Z'];
    const big = await run(['detect', '--input', FIXTURE, ...now]);
    const tiny = await run(['detect', '--input', FIXTURE, ...now, '--batch-size', '1']);
    // Within a batch the core emits alerts user by user, so only the order may differ.
    const sorted = (r: Run): string[] => r.stdout.split('\n').filter(Boolean).sort();
    expect(big.alerts).toHaveLength(5);
    expect(sorted(tiny)).toEqual(sorted(big));
    expect(big.alerts[0].event.created).toBe('2025-03-05T00:00:00.000Z');
  });

  describe("a --state user's times far past the run's clock (a hand edit), as the Kibana task reads them", () => {
    const now = ['--now', '2025-03-05T00:00:00Z'];
    const NOW = Date.parse('2025-03-05T00:00:00Z');
    const DAY = 86_400_000;
    const first = FIXTURE_LINES.slice(0, 10).join('\n');
    const second = FIXTURE_LINES.slice(10).join('\n');
    type Users = Record<string, UserState>;
    const usersIn = (path: string): Users => (JSON.parse(readFileSync(path, 'utf8')) as { users: Users }).users;
    /** The first half judged into a state file, alice's state there edited as `edit` says, then the second half. */
    async function secondHalfAfter(name: string, edit: (alice: UserState) => UserState) {
      const state = join(dir, name);
      expect((await run(['detect', '--input', '-', '--state', state, ...now], first)).code).toBe(0);
      const json = JSON.parse(readFileSync(state, 'utf8')) as { users: Users };
      json.users.alice = edit(json.users.alice);
      writeFileSync(state, JSON.stringify(json));
      const result = await run(['detect', '--input', '-', '--state', state, ...now], second);
      expect(result.code).toBe(0);
      return { result, alice: usersIn(state).alice };
    }

    it('are dropped or held to the clock and a day, before the run judges', async () => {
      const year3000 = Date.parse('3000-01-01T00:00:00Z');
      const { alice } = await secondHalfAfter('future.json', (a) => ({
        ...a,
        lastLoginAt: year3000,
        countries: a.countries.map((c) => ({ ...c, last: year3000 })),
        riskAlerts: [...a.riskAlerts, { rule: 'new_country', at: year3000, createdAt: year3000 }],
      }));
      // Before: the file's states went to the core as they were: the year 3000 stayed her newest login and her
      // country's last sighting (written back, for good) and the risk alert raised then counted in every window.
      expect(alice.lastLoginAt).toBe(NOW + DAY);
      expect(alice.countries.map((c) => c.last)).not.toContain(year3000);
      expect(alice.riskAlerts.map((a) => a.createdAt)).not.toContain(year3000);
    });

    it('are kept when less than a day past it (the control: a clock may be ahead)', async () => {
      const ahead = NOW + 23 * 3_600_000;
      const { alice } = await secondHalfAfter('ahead.json', (a) => ({ ...a, lastLoginAt: ahead }));
      expect(alice.lastLoginAt).toBe(ahead);
    });
  });

  it('refuses a state file built with the other profile', async () => {
    const state = join(dir, 'profile.json');
    await run(['detect', '--input', FIXTURE, '--state', state]);
    const result = await run(['detect', '--input', FIXTURE, '--state', state, '--profile', 'buffalogs']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('was built with --profile default');
  });

  it('fills geo from the configured GeoIP database and flags IPs of an anonymizer list file', async () => {
    const geo = writeGeoIpFixtures();
    const tor = file('tor.txt', '# Tor exit nodes\n81.2.69.142\nnot-an-address\n2001:db8:1::/48 # a range\n');
    const config = file(
      'config.json',
      JSON.stringify({ geoip: { city: geo.maxmindCity, asn: geo.asn }, anonymizerLists: { cidrFiles: [tor] } }),
    );
    const login = (id: string, ts: string, ip: string): string =>
      JSON.stringify({
        '@timestamp': ts,
        event: { category: 'authentication', outcome: 'success', id },
        user: { name: 'dave' },
        source: { ip },
      });
    const input = [
      login('d1', '2025-01-01T08:00:00Z', '203.0.113.5'),
      login('d2', '2025-02-01T08:00:00Z', '81.2.69.142'),
    ].join('\n');
    const result = await run(['detect', '--input', '-', '--config', config], input);
    rmSync(geo.dir, { recursive: true, force: true });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${tor}:3: skipped:`);
    expect(result.stderr).toContain('geo filled 2, not in the database 0, ASN filled 1');
    // One verdict on d2 carrying the anonymiser and the new country.
    const anonymous = result.alerts.find((a) => a.rule.id === 'suspicious_login');
    expect(anonymous?.source).toMatchObject({
      ip: '81.2.69.142',
      geo: { country_name: 'United Kingdom', city_name: 'London' },
      as: { number: 20712 },
    });
    const evidence = anonymous?.buffalogs.evidence;
    const signals = evidence?.kind === 'verdict' ? evidence.signals : [];
    expect(signals.find((x) => x.id === 'anonymous_ip')?.evidence).toMatchObject({ signal: 'cidr_list' });
    expect(signals.find((x) => x.id === 'new_country')?.evidence).toMatchObject({ value: 'GB', known: ['JP'] });
  });

  it('rejects an invalid config file with every problem listed, before reading any input', async () => {
    const config = file(
      'bad.json',
      JSON.stringify({ detection: { impossibleTravel: { maxSpeedKmh: -5 } }, geoip: { cty: 'x' }, extra: 1 }),
    );
    const result = await run(['detect', '--input', FIXTURE, '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('detection.impossibleTravel.maxSpeedKmh');
    expect(result.stderr).toContain('geoip.cty: unknown setting');
    expect(result.stderr).toContain('extra: unknown setting');
    expect(result.stdout).toBe('');
  });

  it('--help lists every command, run included; each command explains its own options', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const help = await run(argv);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: buffalogs detect --input/m);
      expect(help.stdout).toMatch(/^ +buffalogs run --es URL/m);
    }
    const detectHelp = await run(['detect', '--help']);
    expect(detectHelp.stdout).toContain('--batch-size N');
    const runHelp = await run(['run', '--help']);
    expect(runHelp.code).toBe(0);
    expect(runHelp.stdout).toContain('Usage: buffalogs run --es URL');
    expect(runHelp.stdout).toContain('--events-per-batch N');
  });

  it.each([
    [[], 'no command given'],
    [['detect'], '--input is required'],
    [['scan', '--input', 'x'], 'unknown command "scan"'],
    [['detect', '--input', 'x', '--profile', 'okta'], '--profile must be one of default, buffalogs'],
    [['detect', '--input', 'x', '--now', 'yesterday'], '--now must be an ISO 8601 time'],
    [['detect', '--input', 'x', '--batch-size', '0'], '--batch-size must be a whole number'],
    [['detect', '--input', '--output', 'x'], '--input needs a value'],
    [['detect', '--input', 'x', '--verbose'], 'unknown option "--verbose"'],
  ])('exits 2 with the usage for unusable arguments %p', async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: buffalogs detect');
  });

  it.each([
    [['--max-window', '0ms'], '--max-window must be at least 1 minute'],
    [['--max-window', '0d'], '--max-window must be at least 1 minute'],
    [['--max-window', '30s'], '--max-window must be at least 1 minute'],
    // Past ~274,000 years a window's start is no date: every run threw "Invalid time value" at its first toISOString.
    [['--lookback', '99999999999d'], '--lookback must be at most 3650d (ten years), not "99999999999d"'],
    [['--lag', '3651d'], '--lag must be at most 3650d'],
    [['--max-window', '3651d'], '--max-window must be at most 3650d'],
    [['--partitions', '1.5'], '--partitions must be a whole number from 1 to 64, not "1.5"'],
    [['--partitions', '0x10'], '--partitions must be a whole number from 1 to 64, not "0x10"'],
    [['--partitions', '1e1'], '--partitions must be a whole number from 1 to 64, not "1e1"'],
    [['--partitions', '65'], '--partitions must be a whole number from 1 to 64'],
    [['--partitions', '4', '--partition', '4'], '--partition must be a whole number from 0 to 3'],
    [['--space', 'Team A'], '--space: "Team A" is not a Kibana space id'],
    // A window past the clock is judged by no pass: what it wrote (its events' times as judged-to marks) was read by
    // every later pass as a hand edit, and those marks as none.
    [
      ['--from', '2026-01-01T00:00:00Z', '--to', '2026-01-03T00:00:01Z', '--now', '2026-01-02T00:00:00Z'],
      '--to must be at most a day past the clock (--now or now), not "2026-01-03T00:00:01Z"',
    ],
    [['--to', '3000-01-01T00:00:00Z'], '--to must be at most a day past the clock'],
  ])('run exits 2 before connecting for unusable settings %p', async (argv, message) => {
    const result = await run(['run', '--es', 'http://127.0.0.1:1', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: buffalogs run');
  });

  it('exits 1 with a clear message when a file cannot be read or written', async () => {
    const missing = await run(['detect', '--input', join(dir, 'nope.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read --input .*nope.ndjson: ENOENT/);
    const unwritable = await run(['detect', '--input', FIXTURE, '--output', join(dir, 'no-such-dir', 'alerts.ndjson')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/cannot write --output/);
  });

  it('one hostile line pollutes nothing: later events without event.outcome are still rejected, not logins', async () => {
    const hostile = JSON.stringify({
      '@timestamp': '2025-01-01T08:00:00Z',
      'event.category': 'authentication',
      'event.outcome': 'success',
      'event.__proto__.outcome': 'success',
      'user.__proto__.name': 'mallory',
      'user.name': 'eve',
    });
    const noOutcome = (i: number): string =>
      JSON.stringify({ '@timestamp': `2025-01-0${i}T08:00:00Z`, event: { category: 'authentication' }, user: {} });
    try {
      const result = await run(['detect', '--input', '-'], [hostile, noOutcome(2), noOutcome(3)].join('\n'));
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/3 lines read, 1 logins, 2 rejected/);
      expect(result.stderr).toContain('line 2: not a successful login (event.outcome is missing)');
      expect(Object.prototype).not.toHaveProperty('outcome');
      expect(Object.prototype).not.toHaveProperty('name');
    } finally {
      for (const key of ['outcome', 'name']) delete (Object.prototype as Record<string, unknown>)[key];
    }
  });
});
