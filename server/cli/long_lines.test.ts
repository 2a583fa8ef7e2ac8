/**
 * A line longer than any document a shipper writes (MAX_DOCUMENT_BYTES), fed to the commands that read NDJSON: it is
 * rejected by number like any malformed line, the rest of the input is read as if it were not there, and the line is
 * never held (node:readline buffered it whole: a 700 MB line with no newline ended `detect` with an uncaught
 * "RangeError: Invalid string length", nothing judged).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { MAX_DOCUMENT_BYTES } from '../events/document_size';
import { run } from './__fixtures__/run_cli';
import { main } from './main';

const LOGINS = readFileSync(join(__dirname, '__fixtures__', 'logins.ndjson'), 'utf8')
  .split('\n')
  .filter(Boolean);
const SEQUENCES = join(__dirname, '__fixtures__', 'sequences.ndjson');
const dir = mkdtempSync(join(tmpdir(), 'buffalogs-long-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `doc` as one NDJSON line (newline included) of exactly `bytes` bytes, padded in its `pad` field. */
function lineOf(doc: Record<string, unknown>, bytes: number): string {
  const bare = `${JSON.stringify({ ...doc, pad: '' })}\n`;
  return `${JSON.stringify({ ...doc, pad: 'x'.repeat(bytes - Buffer.byteLength(bare)) })}\n`;
}
/** A login line the commands would otherwise take, of `bytes` bytes. */
const longLogin = (bytes: number): string =>
  lineOf(
    {
      '@timestamp': '2025-03-01T00:00:00Z',
      event: { category: ['authentication'], outcome: 'success', type: ['start'] },
      user: { name: 'mallory' },
      source: { ip: '198.51.100.7', geo: { country_iso_code: 'FR', location: { lat: 48.85, lon: 2.35 } } },
    },
    bytes,
  );
const TOO_LONG = MAX_DOCUMENT_BYTES + 2; // a newline excluded, one byte over
const half = Math.floor(LOGINS.length / 2);
const joined = (lines: string[]): string => lines.map((l) => `${l}\n`).join('');

describe('buffalogs detect', () => {
  it('rejects a line one byte over the limit with its number, counts it, and judges every other line', async () => {
    const clean = await run(['detect', '--input', '-'], joined(LOGINS));
    const input = joined(LOGINS.slice(0, half)) + longLogin(TOO_LONG) + joined(LOGINS.slice(half));
    const result = await run(['detect', '--input', '-'], input);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `line ${half + 1}: line too long (${MAX_DOCUMENT_BYTES + 1} bytes; a document is at most ${MAX_DOCUMENT_BYTES})`,
    );
    expect(result.stderr).toMatch(/rejected by reason: .*line too long: 1/);
    expect(result.stderr).toContain(`${LOGINS.length + 1} lines read`);
    expect(result.stdout).toBe(clean.stdout);
  });

  it('judges a line of exactly the limit', async () => {
    const result = await run(['detect', '--input', '-'], longLogin(MAX_DOCUMENT_BYTES + 1));
    expect(result.stderr).toMatch(/1 lines read, 1 logins, 0 rejected/);
  });

  it('rejects an over-long last line that no newline ends', async () => {
    const result = await run(['detect', '--input', '-'], joined(LOGINS) + longLogin(TOO_LONG).trimEnd());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`line ${LOGINS.length + 1}: line too long (${MAX_DOCUMENT_BYTES + 1} bytes;`);
  });

  it('reads a 256 MiB line without holding it: memory stays flat, and the lines after it are judged', async () => {
    const mib = Buffer.alloc(1024 * 1024, 'a');
    let peak = 0;
    const used = (): number => {
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = used();
    async function* input(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 256; i++) {
        peak = Math.max(peak, used() - base);
        yield mib; // the same buffer each time: what grows is what the reader keeps
      }
      yield Buffer.from(`\n${joined(LOGINS)}`);
    }
    const stderr: string[] = [];
    const err = new PassThrough().on('data', (c: Buffer) => stderr.push(c.toString()));
    const out = new PassThrough().resume();
    const code = await main(['detect', '--input', '-'], { stdin: Readable.from(input()), stdout: out, stderr: err });
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    expect(code).toBe(0);
    expect(stderr.join('')).toContain(`line 1: line too long (${256 * 1024 * 1024} bytes;`);
    expect(stderr.join('')).toContain(`${LOGINS.length + 1} lines read`);
  });
});

describe('buffalogs sequences', () => {
  it('rejects an over-long line with its number and replays every other line', async () => {
    const events = readFileSync(SEQUENCES, 'utf8');
    const input = join(dir, 'sequences.ndjson');
    const event = { '@timestamp': '2025-03-01T00:00:00Z', event: { action: 'otp_login' }, user: { name: 'mallory' } };
    writeFileSync(input, lineOf(event, TOO_LONG) + events);
    const r = await run(['sequences', '--input', input, '--rules', 'builtin', '--output', join(dir, 'alerts.ndjson')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `line 1: line too long (${MAX_DOCUMENT_BYTES + 1} bytes; a document is at most ${MAX_DOCUMENT_BYTES})`,
    );
    // The fixture alone: 10 lines read, 8 events, 7 matched a rule, 2 skipped, 1 alerts.
    expect(r.stderr).toContain('11 lines read, 8 events, 7 matched a rule, 3 skipped, 1 alerts (6 rules)');
    expect(r.stderr).toContain('line too long: 1');
  });
});

describe('buffalogs analyze', () => {
  it('skips an over-long record with its line named, in both passes, and scores every other record', async () => {
    const input = join(dir, 'records.ndjson');
    const rows = Array.from({ length: 50 }, (_, i) => `${JSON.stringify({ 'user.name': `u${i % 5}`, n: i })}\n`);
    rows.splice(2, 0, lineOf({ 'user.name': 'mallory', n: 0 }, TOO_LONG));
    writeFileSync(input, rows.join(''));
    const r = await run(['analyze', '--input', input, '--features', 'builtin:logins']);
    expect(r.stderr).toContain(
      `line 3: line too long (${MAX_DOCUMENT_BYTES + 1} bytes; a document is at most ${MAX_DOCUMENT_BYTES}) (skipped)`,
    );
    expect(r.code).toBe(0);
    const scored = r.stdout.split('\n').filter(Boolean);
    expect(scored).toHaveLength(50);
    expect(scored.some((l) => l.includes('mallory'))).toBe(false);
  });
});
