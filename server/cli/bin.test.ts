/**
 * The real executable, spawned: what a user runs after `npm ci`. Kept to a few spawns (each one starts Node and
 * tsx); everything else about the CLI is tested in-process in `detect_command.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'buffalogs.js');
const FIXTURE = join(__dirname, '__fixtures__', 'logins.ndjson');
const dir = mkdtempSync(join(tmpdir(), 'buffalogs-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spawnCli = (args: string[], input?: string) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });

describe('bin/buffalogs.js', () => {
  it('streams stdin to stdout with "-", reporting bad lines on stderr and exiting 0', () => {
    const result = spawnCli(['detect', '--input', '-', '--output', '-'], readFileSync(FIXTURE, 'utf8'));
    expect(result.status).toBe(0);
    const alerts = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { rule: { id: string } });
    expect(alerts).toHaveLength(5);
    expect(result.stderr).toContain('line 4: invalid JSON');
    expect(result.stderr).toContain('line 7: missing user.name');
    expect(result.stderr).toMatch(/20 lines read, 14 logins, 6 rejected, 5 alerts/);
  });

  it('writes alerts and state to files', () => {
    const output = join(dir, 'alerts.ndjson');
    const state = join(dir, 'state.json');
    const result = spawnCli([
      'detect',
      '--input',
      FIXTURE,
      '--output',
      output,
      '--state',
      state,
      '--profile',
      'buffalogs',
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(readFileSync(output, 'utf8').trim().split('\n')).toHaveLength(14);
    expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).users)).toEqual(['alice', 'bob', 'carol']);
  });

  it('exits 2 with the usage for unusable arguments', () => {
    const result = spawnCli(['detect', '--input', FIXTURE, '--profile', 'nope']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--profile must be one of default, buffalogs');
    expect(result.stderr).toContain('Usage: buffalogs detect');
  });

  it("is what `npx buffalogs` runs inside this project (npm exec resolves the project's own bin by its name)", () => {
    const result = spawnSync('npx', ['--no', 'buffalogs', 'detect', '--input', '-'], {
      cwd: ROOT,
      input: readFileSync(FIXTURE, 'utf8'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(5);
  });
});
