/**
 * For tests of time parsing: evaluates an expression over one of the repository's modules in a Node process whose
 * time zone is `tz`. In-process it cannot be done: Jest hands each test a copy of `process.env`, so setting `TZ`
 * there leaves the zone `Date` uses unchanged (a test written so passes whatever the code does).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** `expression` sees the module (path from the repository root) as `m`; its value comes back through JSON. */
export function inTimeZone(
  tz: string,
  modulePath: string,
  expression: string,
): { offsetMinutes: number; value: unknown } {
  const script =
    `const loaded = await import(${JSON.stringify(resolve(ROOT, modulePath))});` +
    // A CommonJS module (what tsx makes of this repository's files) comes back as `default`.
    'const m = { ...loaded.default, ...loaded };' +
    `process.stdout.write(JSON.stringify({ offsetMinutes: new Date(2024, 0, 1).getTimezoneOffset(), value: ${expression} }));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`in ${tz}: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as { offsetMinutes: number; value: unknown };
}
