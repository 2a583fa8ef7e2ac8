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
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
