/**
 * `buffalogs detect` fed lines a sloppy or hostile source writes: each bad line is rejected with its reason and
 * counted in the summary, and the rest of the input is judged as if the line were not there.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './__fixtures__/run_cli';

const FIXTURE_LINES = readFileSync(join(__dirname, '__fixtures__', 'logins.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean);
const FIXTURE = `${FIXTURE_LINES.join('\n')}\n`;

/** A successful login of `user` at `timestamp`, with everything else a login needs. */
function login(user: unknown, timestamp: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@timestamp': timestamp,
    event: { category: ['authentication'], outcome: 'success', type: ['start'] },
    user: { name: user },
    source: { ip: '198.51.100.7', geo: { country_iso_code: 'FR', location: { lat: 48.85, lon: 2.35 } } },
    ...extra,
  };
}
const line = (doc: unknown): string => `${JSON.stringify(doc)}\n`;
/** The alerts of a run, as written (byte for byte). */
const alertsOf = async (input: string, argv: string[] = []): Promise<string> => {
  const result = await run(['detect', '--input', '-', ...argv], input);
  expect(result.code).toBe(0);
  return result.stdout;
};

describe('buffalogs detect: timestamps', () => {
  it('rejects a numeric @timestamp outside the dates a login can have, and judges the rest', async () => {
    const input =
      FIXTURE + line(login('mallory', 1e20)) + line(login('mallory', -5)) + line(login('mallory', 8.64e15 + 1));
    const result = await run(['detect', '--input', '-'], input);
    expect(result.code).toBe(0);
    const n = FIXTURE_LINES.length;
    expect(result.stderr).toContain(
      `line ${n + 1}: invalid @timestamp (100000000000000000000 is outside 1970-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z)`,
    );
    expect(result.stderr).toContain(`line ${n + 2}: invalid @timestamp (-5 is outside`);
    expect(result.stderr).toMatch(/rejected by reason: .*invalid @timestamp: 4/); // 3 here + the fixture's own
    expect(result.stdout).toBe(await alertsOf(FIXTURE));
  });

  it('does not let one line from the far future set the replay clock: it is rejected and counted', async () => {
    const future = line(login('alice', '9999-12-31T00:00:00Z'));
    const result = await run(['detect', '--input', '-'], future + FIXTURE);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'line 1: @timestamp too far in the future (9999-12-31T00:00:00.000Z is more than 1 day after the clock',
    );
    expect(result.stderr).toMatch(/rejected by reason: .*@timestamp too far in the future: 1/);
    // Same alerts, `event.created` and learning periods included, as without the line.
    expect(result.stdout).toBe(await alertsOf(FIXTURE));
  });

  it('measures "the future" against --now when given, so a replay of old logs is judged the same on any day', async () => {
    const now = ['--now', '2025-03-05T00:00:00Z'];
    const early = line(login('alice', '2025-03-05T23:00:00Z'));
    const late = line(login('alice', '2025-03-06T01:00:00Z'));
    const result = await run(['detect', '--input', '-', ...now], FIXTURE + early + late);
    expect(result.stderr).not.toContain(`line ${FIXTURE_LINES.length + 1}:`);
    expect(result.stderr).toContain(`line ${FIXTURE_LINES.length + 2}: @timestamp too far in the future`);
  });
});

describe('buffalogs detect: nesting', () => {
  /** A login line whose `source.deep` holds `levels` nested objects (or arrays), written as text: JSON.stringify recurses. */
  const deepLine = (levels: number, open = '{"a":', close = '}'): string =>
    line(login('mallory', '2025-03-01T00:00:00Z')).replace(
      '"source":{',
      `"source":{"deep":${open.repeat(levels)}1${close.repeat(levels)},`,
    );

  it.each([
    ['objects', deepLine(6000)],
    ['arrays', deepLine(6000, '[', ']')],
    ['a dotted key', line({ ...login('mallory', '2025-03-01T00:00:00Z'), [`source.${'x.'.repeat(6000)}y`]: 1 })],
  ])('rejects a line nested 6,000 levels deep (%s) with the reason, and judges the rest', async (_, deep) => {
    const result = await run(['detect', '--input', '-'], deep + FIXTURE);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'line 1: nested too deeply (more than 32 levels of objects, arrays or dotted keys)',
    );
    expect(result.stderr).toMatch(/rejected by reason: .*nested too deeply: 1/);
    expect(result.stdout).toBe(await alertsOf(FIXTURE));
  });
});

describe('buffalogs detect: user names that are Object.prototype keys', () => {
  it('keeps __proto__, constructor and tostring in the state file, and reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buffalogs-proto-'));
    try {
      const state = join(dir, 'state.json');
      const names = ['__proto__', 'constructor', 'tostring', 'valueof']; // as normalised (lower-cased)
      const first = names.map((n) => line(login(n, '2025-03-01T00:00:00Z'))).join('');
      const a = await run(['detect', '--input', '-', '--state', state], first);
      expect(a.code).toBe(0);
      expect(a.stderr).toContain(`state: 4 users saved to ${state}`);
      expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).users).sort()).toEqual([...names].sort());
      // The second run knows each of them: a login from another country is a new country, not a first sighting
      // (the detectors' own alerts: the verdict, which would weigh this one login below its threshold, is off).
      const perDetector = join(dir, 'per_detector.json');
      writeFileSync(perDetector, JSON.stringify({ detection: { verdict: { enabled: false } } }));
      const second = names
        .map((n) =>
          line({
            ...login(n, '2025-03-01T06:00:00Z'),
            source: { ip: '203.0.113.9', geo: { country_iso_code: 'JP', location: { lat: 35.68, lon: 139.69 } } },
          }),
        )
        .join('');
      const b = await run(['detect', '--input', '-', '--state', state, '--config', perDetector], second);
      expect(b.code).toBe(0);
      expect(new Set(b.alerts.filter((x) => x.rule.id === 'new_country').map((x) => x.user?.name))).toEqual(
        new Set(names),
      );
      expect(b.stderr).toContain(`state: 4 users saved to ${state}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('buffalogs detect: encodings and shapes', () => {
  it('skips a byte-order mark at the start of the input, and of a file concatenated into it', async () => {
    const half = Math.floor(FIXTURE_LINES.length / 2);
    const first = `${FIXTURE_LINES.slice(0, half).join('\n')}\n`;
    const second = `${FIXTURE_LINES.slice(half).join('\n')}\n`;
    const result = await run(['detect', '--input', '-'], `\uFEFF${first}\uFEFF${second}`);
    expect(result.stderr).toBe(
      (await run(['detect', '--input', '-'], FIXTURE)).stderr.replace(
        /in [\d.]+ s/,
        result.stderr.match(/in [\d.]+ s/)![0],
      ),
    );
    expect(result.stdout).toBe(await alertsOf(FIXTURE));
  });

  it('reads "@timestamp": "1714550400000" as epoch milliseconds', async () => {
    const result = await run(
      ['detect', '--input', '-'],
      line(login('erin', '1714550400000')) + line(login('erin', '2024-05-01T09:00:00Z')),
    );
    expect(result.stderr).toMatch(/2 lines read, 2 logins, 0 rejected/);
  });

  it('takes a user.name array of one name, rejects one naming two users, and counts it', async () => {
    const input =
      line(login(['Frank', 'frank'], '2025-03-01T00:00:00Z')) + line(login(['frank', 'grace'], '2025-03-01T00:05:00Z'));
    const result = await run(['detect', '--input', '-'], input);
    expect(result.stderr).toContain('line 2: several user.name values (["frank","grace"])');
    expect(result.stderr).toMatch(/2 lines read, 1 logins, 1 rejected/);
    expect(result.stderr).toContain('rejected by reason: several user.name values: 1');
  });
});

describe('buffalogs detect: a --state whose lists hold entries that are no entries', () => {
  it('drops null entries and a null habits list, and judges every user as with the clean state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'buffalogs-state-nulls-'));
    try {
      const half = Math.floor(FIXTURE_LINES.length / 2);
      const first = `${FIXTURE_LINES.slice(0, half).join('\n')}\n`;
      const second = `${FIXTURE_LINES.slice(half).join('\n')}\n`;
      const clean = join(dir, 'clean.json');
      expect((await run(['detect', '--input', '-', '--state', clean], first)).code).toBe(0);
      const json = JSON.parse(readFileSync(clean, 'utf8'));
      // A hand edit, another writer or a truncated merge: a null where an entry was, habits written as null.
      const corrupt = structuredClone(json);
      for (const state of Object.values<Record<string, unknown>>(corrupt.users)) {
        for (const list of ['countries', 'devices', 'ips', 'asns', 'riskAlerts']) (state[list] as unknown[]).push(null);
        state.habits = null;
      }
      for (const state of Object.values<Record<string, unknown>>(json.users)) delete state.habits;
      writeFileSync(clean, JSON.stringify(json));
      const corrupted = join(dir, 'corrupt.json');
      writeFileSync(corrupted, JSON.stringify(corrupt));
      const expected = await run(['detect', '--input', '-', '--state', clean], second);
      const result = await run(['detect', '--input', '-', '--state', corrupted], second);
      expect(result.stderr).not.toContain('buffalogs:');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(expected.stdout);
      expect(readFileSync(corrupted, 'utf8')).toBe(readFileSync(clean, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('buffalogs detect: a --state whose users are a list', () => {
  it('is refused with the file named, and left as it was', async () => {
    // Read as an object, a list made users "0", "1"…: every real user started afresh (their history silently lost)
    // and the saved file kept both.
    const dir = mkdtempSync(join(tmpdir(), 'buffalogs-state-list-'));
    try {
      const state = join(dir, 'state.json');
      expect((await run(['detect', '--input', '-', '--state', state], `${FIXTURE_LINES.join('\n')}\n`)).code).toBe(0);
      const json = JSON.parse(readFileSync(state, 'utf8'));
      const listed = JSON.stringify({ ...json, users: Object.values(json.users) });
      writeFileSync(state, listed);
      const result = await run(['detect', '--input', '-', '--state', state], `${FIXTURE_LINES.join('\n')}\n`);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(`--state ${state} is not a buffalogs state file`);
      expect(readFileSync(state, 'utf8')).toBe(listed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("buffalogs: an output that is one of the run's own files", () => {
  const SEQUENCES = readFileSync(join(__dirname, '__fixtures__', 'sequences.ndjson'), 'utf8');
  const ANALYZE_INPUT = `${['{"a":1}', '{"a":2}', '{"a":3}'].join('\n')}\n`;
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'buffalogs-clobber-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Each case: the command's arguments (with the paths of `dir`), and the file the user would have lost.
  it.each([
    ['detect --output is --input', ['detect', '--input', 'in.ndjson', '--output', 'in.ndjson'], 'in.ndjson', FIXTURE],
    [
      'detect --observations is --input',
      ['detect', '--input', 'in.ndjson', '--observations', 'in.ndjson'],
      'in.ndjson',
      FIXTURE,
    ],
    [
      'detect --state is --output (the state written over the alerts)',
      ['detect', '--input', 'in.ndjson', '--output', 'out', '--state', 'out'],
      'in.ndjson',
      FIXTURE,
    ],
    [
      'sequences --output is --input',
      ['sequences', '--input', 'in.ndjson', '--rules', 'builtin', '--output', 'in.ndjson'],
      'in.ndjson',
      SEQUENCES,
    ],
    [
      'analyze --output is --input',
      ['analyze', '--input', 'in.ndjson', '--features', 'builtin:logins', '--output', 'in.ndjson'],
      'in.ndjson',
      ANALYZE_INPUT,
    ],
    [
      'analyze --report is --input',
      ['analyze', '--input', 'in.ndjson', '--features', 'builtin:logins', '--report', 'in.ndjson'],
      'in.ndjson',
      ANALYZE_INPUT,
    ],
  ])('%s: refused before anything is written, the input kept', async (_, argv, kept, content) => {
    writeFileSync(join(dir, kept), content);
    const absolute = argv.map((a, i) => (i > 0 && !a.startsWith('-') && !/^builtin/.test(a) ? join(dir, a) : a));
    const result = await run(absolute);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/buffalogs: --\w+ .* is the same file as --\w+ /);
    expect(readFileSync(join(dir, kept), 'utf8')).toBe(content);
  });

  it('knows the input by a symbolic link to it, and still writes to /dev/null twice', async () => {
    writeFileSync(join(dir, 'in.ndjson'), FIXTURE);
    symlinkSync(join(dir, 'in.ndjson'), join(dir, 'link.ndjson'));
    const input = ['detect', '--input', join(dir, 'in.ndjson')];
    const result = await run([...input, '--output', join(dir, 'link.ndjson')]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'in.ndjson'), 'utf8')).toBe(FIXTURE);
    expect((await run([...input, '--output', '/dev/null', '--observations', '/dev/null'])).code).toBe(0);
  });
});
