/** `buffalogs sequences` end to end in-process: a small NDJSON file, built-in and porlock rules, the summary. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SequenceAlertDocument } from '../../common/sequence_alert_document';
import { run } from './__fixtures__/run_cli';

const FIXTURE = join(__dirname, '__fixtures__', 'sequences.ndjson');
const dir = mkdtempSync(join(tmpdir(), 'buffalogs-seq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('built-in rules over the porlock story: one alert for alice, a summary with counts and open windows', async () => {
  const output = join(dir, 'alerts.ndjson');
  const r = await run(['sequences', '--input', FIXTURE, '--rules', 'builtin', '--output', output]);
  expect(r.code).toBe(0);
  const alerts = readFileSync(output, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SequenceAlertDocument);
  expect(alerts.map((a) => [a.rule.id, a.buffalogs.entity.value])).toEqual([
    ['sequence_porlock_otp_password_change', 'alice'],
  ]);
  expect(alerts[0].rule.name).toBe('Password reset and change days after a one-time-token login');
  expect(alerts[0].buffalogs.evidence.events.map((e) => e.event_id)).toEqual(['ev1', 'ev3', 'ev4', 'ev4']);
  expect(r.stderr).toContain('10 lines read, 8 events, 7 matched a rule, 2 skipped, 1 alerts (6 rules)');
  expect(r.stderr).toContain('invalid JSON: 1, missing action: 1');
  expect(r.stderr).toContain('1 duplicates');
  expect(r.stderr).toMatch(/at end of input: watermark 2025-03-20T00:00:00.000Z, \d+ windows still open/);
});

test('porlock list format as the rules file; a none rule still open at end of input is reported, not fired', async () => {
  const rules = join(dir, 'porlock.json');
  writeFileSync(
    rules,
    JSON.stringify([
      [
        'Token login without a password change',
        'otp login',
        'followed by',
        'none',
        ['password change'],
        'before',
        '1h',
        'user',
        [],
        null,
        null,
        '1h',
        '30d',
      ],
    ]),
  );
  const r = await run(['sequences', '--input', FIXTURE, '--rules', rules]);
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(''); // alice and bob both changed their password within the hour
  const quiet = join(dir, 'quiet.ndjson');
  writeFileSync(
    quiet,
    `${JSON.stringify({ _id: 'x1', '@timestamp': '2025-03-01T10:00:00Z', event: { action: 'otp_login' }, user: { name: 'erin' } })}\n`,
  );
  const open = await run(['sequences', '--input', quiet, '--rules', rules]);
  expect(open.stdout).toBe('');
  expect(open.stderr).toContain('1 windows still open');
  writeFileSync(
    quiet,
    `${readFileSync(quiet, 'utf8')}${JSON.stringify({ _id: 'x2', '@timestamp': '2025-03-01T12:00:00Z', event: { action: 'noise' }, user: { name: 'zed' } })}\n`,
  );
  const closed = await run(['sequences', '--input', quiet, '--rules', rules]);
  const alert = JSON.parse(closed.stdout) as SequenceAlertDocument;
  expect(alert.rule.id).toBe('sequence_token_login_without_a_password_change');
  expect(alert.message).toContain('none of password change');
});

test('bad rules are a usage error naming the field; a missing file is an I/O error', async () => {
  const rules = join(dir, 'bad.json');
  writeFileSync(
    rules,
    JSON.stringify({
      rules: [
        {
          id: 'sequence_x',
          name: 'x',
          identifier: 'user.name',
          first: 'a',
          direction: 'followed_by',
          match: 'any',
          events: ['b'],
          period: { when: 'after', duration: '2h' },
          time_frame: '1h',
        },
      ],
    }),
  );
  const bad = await run(['sequences', '--input', FIXTURE, '--rules', rules]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('[rules.0.period]: 2h is longer than time_frame 1h');
  const missing = await run(['sequences', '--input', join(dir, 'nope.ndjson'), '--rules', 'builtin']);
  expect(missing.code).toBe(1);
  expect((await run(['sequences', '--input', FIXTURE])).stderr).toContain('--rules is required');
});

test('a line nested thousands of levels deep is skipped with its reason, not the end of the run', async () => {
  // It overflowed the stack in dotted-key expansion: "cannot read --input …: Maximum call stack size exceeded".
  const deep = `{"@timestamp":"2025-03-01T00:00:00Z","event":{"action":"otp_login"},"x":${'{"a.b":'.repeat(5000)}{}${'}'.repeat(5000)}}`;
  const input = join(dir, 'deep.ndjson');
  writeFileSync(input, `${deep}\n${readFileSync(FIXTURE, 'utf8')}`);
  const r = await run([
    'sequences',
    '--input',
    input,
    '--rules',
    'builtin',
    '--output',
    join(dir, 'deep-alerts.ndjson'),
  ]);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('line 1: too deep');
  expect(r.stderr).toContain('11 lines read, 8 events, 7 matched a rule, 3 skipped, 1 alerts (6 rules)');
});
