/**
 * The server code as `npm run build` ships it, for the benchmarks' `--shipped` mode: server/ and common/ compiled by
 * tsc to CommonJS (scripts/build/server_compile.ts, scripts/build/tsconfig.server.json, the build's own compile) into
 * target/<bench>/, and its modules loaded from there instead of through tsx.
 *
 * Why a bench times that: tsx's CommonJS output reaches every imported binding through two export getters (esbuild's
 * `__export` and `__copyProps`), which costs each call across modules and keeps the JIT from inlining it; in tsc's
 * output, which Kibana runs, an import is a plain property. A core split into modules is slower under tsx than as it
 * runs in Kibana.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { compileServer } from './build/server_compile';

/** What a bench prints as the code it timed. */
export const SHIPPED_CODE = 'tsc CommonJS output, as `npm run build` ships it';
export const TSX_CODE = 'the sources as tsx loads them (--shipped: as tsc compiles them)';

/** The bench's compile folder (target/ is not tracked). */
export function shippedDir(bench: string): string {
  return join(__dirname, '..', 'target', `${bench}_shipped`);
}

/**
 * Compiles the server into the bench's folder, unless `reuse` (a parent process compiled it for this run) and it is
 * there. Returns the folder.
 */
export function buildShipped(bench: string, reuse = false): string {
  const dir = shippedDir(bench);
  if (!reuse || !existsSync(join(dir, 'server'))) compileServer(dir);
  return dir;
}

/** A module of the compiled server, by its path from the repository root without extension (`server/detection/index`). */
export function requireShipped<T>(dir: string, modulePath: string): T {
  return require(join(dir, `${modulePath}.js`)) as T;
}

const REPO_ROOT = join(__dirname, '..');

/** The value after `name` in the command line (`--rounds 3`), undefined without it. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The median of the numbers (the A/B benches' ratios). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * An A/B bench's process must run on one core with the collector's and the JIT's work on it: unless started so, run
 * this script again pinned to `cpu` (`taskset -c`, where the command exists) with node's `--single-threaded-gc
 * --single-threaded --expose-gc`, wait for it, and answer true (the caller then only returns: the child did the work).
 */
export function relaunchedOnOneCore(cpu: string, script: string): boolean {
  if (process.execArgv.includes('--single-threaded-gc')) return false;
  const pinned = spawnSync('taskset', ['-c', cpu, 'true'], { stdio: 'ignore' }).status === 0;
  const nodeArgs = [
    ...process.execArgv,
    '--single-threaded-gc',
    '--single-threaded',
    '--expose-gc',
    script,
    ...process.argv.slice(2),
  ];
  const [command, ...args] = [...(pinned ? ['taskset', '-c', cpu] : []), process.execPath, ...nodeArgs];
  const r = spawnSync(command, args, { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
  return true;
}

export function gitOutput(args: string[], cwd = REPO_ROOT): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/**
 * An A/B bench's base, compiled as shipped into its own folder under `abDir`: a checkout's folder as it is now, or a
 * git revision of this repository (its server/, common/, kibana-types/ and compile configs, `git archive`d under
 * abDir, where node_modules resolve to this checkout's). A revision's compile is kept and reused (a revision does not
 * change).
 */
export function compileAbBase(base: string, abDir: string): { dir: string; label: string } {
  if (existsSync(base) && existsSync(join(base, 'scripts', 'build', 'tsconfig.server.json'))) {
    const root = isAbsolute(base) ? base : resolve(base);
    const dir = join(abDir, 'base-folder');
    rmSync(dir, { recursive: true, force: true });
    compileServer(dir, root);
    return { dir, label: `${root} (${gitOutput(['rev-parse', '--short', 'HEAD'], root)}, its working tree)` };
  }
  const sha = gitOutput(['rev-parse', '--verify', `${base}^{commit}`]);
  const dir = join(abDir, `rev-${sha}`);
  if (!existsSync(join(dir, 'out', 'server'))) {
    const src = join(dir, 'src');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(src, { recursive: true });
    const paths = ['server', 'common', 'kibana-types', 'tsconfig.json', 'scripts/build/tsconfig.server.json'];
    const tar = spawnSync('sh', ['-c', `git archive ${sha} ${paths.join(' ')} | tar -x -C "${src}"`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (tar.status !== 0) throw new Error(`git archive ${sha}: ${tar.stderr}`);
    compileServer(join(dir, 'out'), src);
  }
  return { dir: join(dir, 'out'), label: `${base} (${sha.slice(0, 7)})` };
}
