/**
 * Kibana installs nothing for a plugin, so the zip carries the server's production dependencies (package.json
 * `dependencies`, transitively), copied from node_modules with npm's layout preserved so `require` resolves the same.
 */
import { cpSync, existsSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { REPO_ROOT } from './manifest';

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Node's lookup: the nearest node_modules/<name> walking up from the importing package's directory. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === REPO_ROOT || dirname(dir) === dir) return undefined;
  }
}

/** Package directories (relative to the repo root) that `dependencies` need at runtime. */
export function productionPackageDirs(rootDependencies: Record<string, string>): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    const dir = resolvePackageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new Error(`production dependency "${name}" is not installed (run npm ci)`);
    }
    const rel = relative(REPO_ROOT, dir);
    if (found.has(rel)) return;
    found.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const name of Object.keys(rootDependencies)) visit(name, REPO_ROOT, false);
  return [...found].sort();
}

export function copyProductionDeps(rootDependencies: Record<string, string>, outDir: string): string[] {
  const dirs = productionPackageDirs(rootDependencies);
  for (const rel of dirs) {
    // Nested node_modules are listed (and copied) on their own when something needs them.
    cpSync(join(REPO_ROOT, rel), join(outDir, rel), {
      recursive: true,
      filter: (src) => !relative(join(REPO_ROOT, rel), src).split(/[\\/]/).includes('node_modules'),
    });
  }
  return dirs;
}
