import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * The plugin's own version, from the package.json next to `server/` — the repo's in development, the one the build
 * writes into `kibana/buffalogs/` in the zip. (Kibana's `env.packageInfo.version` is Kibana's version, not ours.)
 */
export function readPluginVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
