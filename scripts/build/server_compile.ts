import { execFileSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';

// Not manifest.ts's REPO_ROOT: that module loads the TypeScript compiler, which the benches' --shipped mode
// (scripts/shipped_server.ts) would then carry in the heap it measures.
const REPO_ROOT = join(__dirname, '..', '..');

/** Top-level folders the server compile may produce; anything else means server code imports dev/test code. */
const ALLOWED_OUTPUT = ['server', 'common'];

export function compileServer(outDir: string): void {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(__dirname, 'tsconfig.server.json'), '--outDir', outDir], {
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
