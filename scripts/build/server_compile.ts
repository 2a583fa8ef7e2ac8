import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';

// Not manifest.ts's REPO_ROOT: that module loads the TypeScript compiler, which the benches' --shipped mode
// (scripts/shipped_server.ts) would then carry in the heap it measures.
const REPO_ROOT = join(__dirname, '..', '..');

/** Top-level folders the server compile may produce; anything else means server code imports dev/test code. */
const ALLOWED_OUTPUT = ['server', 'common'];

/**
 * Compiles server/ and common/ into `outDir`: this checkout's, or (scripts/bench_detection_ab.ts) those of another
 * checkout `root`, with its own scripts/build/tsconfig.server.json and this checkout's tsc.
 */
export function compileServer(outDir: string, root = REPO_ROOT): void {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const project = join(root, 'scripts', 'build', 'tsconfig.server.json');
  try {
    execFileSync(process.execPath, [tsc, '-p', project, '--outDir', outDir], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc could not compile the server:\n${stdout}${stderr}`);
  }
  const unexpected = readdirSync(outDir).filter((d) => !ALLOWED_OUTPUT.includes(d));
  if (unexpected.length > 0) {
    throw new Error(`server code pulls non-shippable code into the build: ${unexpected.join(', ')}`);
  }
}
