/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read loosely typed JSON answers */
/**
 * Starts the dev plugin host (dev/host/, the BUILT zip served over real HTTP with Kibana's routing behaviour) as a
 * child process for the route tests, and gives them a small HTTP client. Builds first when build/ is missing or
 * older than the sources (as the e2e test does); `npm test` builds before Jest anyway.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { API_VERSION } from '../../common/constants';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** How long a dev host may take to say it is ready (it takes a few seconds; CI's 2 cores run other suites beside). */
const HOST_START_MS = 120_000;
const SOURCES = ['server', 'public', 'common', 'kibana.jsonc', 'package.json', 'scripts/build'];

function newestMtime(p: string): number {
  const full = path.join(REPO_ROOT, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(full).map((f) => newestMtime(path.join(p, f))));
}

export function ensureFreshBuild(): void {
  if (process.env.KIBANA_HOST_BUILD_DIR) return;
  const buildDir = path.join(REPO_ROOT, 'build');
  const zips = fs.existsSync(buildDir) ? fs.readdirSync(buildDir).filter((f) => f.endsWith('.zip')) : [];
  const oldestZip = Math.min(...zips.map((z) => fs.statSync(path.join(buildDir, z)).mtimeMs));
  if (zips.length === 0 || oldestZip < Math.max(...SOURCES.map(newestMtime))) {
    // Another test file may be building at the same time: serialise on a lock file.
    execSync('flock /tmp/buffalogs-build.lock npm run build', { cwd: REPO_ROOT, stdio: 'inherit', timeout: 300_000 });
  }
}

export interface RunningHost {
  /** Where the plugin's space is served: `<server>/s/<buffalogs.space>` (the spaces plugin's URLs), or `<server>`. */
  baseUrl: string;
  /** The server root: requests here are in Kibana's `default` space. */
  serverUrl: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startHost(options: {
  privilege: 'all' | 'read' | 'none';
  settings: Record<string, unknown>;
  env?: Record<string, string>;
}): Promise<RunningHost> {
  const child: ChildProcess = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['dev/host/index.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      KIBANA_HOST_PORT: '0',
      KIBANA_HOST_PRIVILEGE: options.privilege,
      KIBANA_HOST_CONFIG_JSON: JSON.stringify(options.settings),
      KIBANA_HOST_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  const appUrl = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^Kibana host: (http:\/\/\S+)$/m.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before it was ready:\n${output}`)));
    // A host that neither starts nor exits (seen once in CI: a route suite's beforeAll ran out its 300 s with no word)
    // fails here, with what it printed, instead of hanging the suite.
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`host not ready after ${HOST_START_MS / 1000} s:\n${output}`));
    }, HOST_START_MS);
  }).finally(() => clearTimeout(timer));
  const serverUrl = appUrl.replace(/\/app\/[^/]+$/, '');
  // As in Kibana with the spaces plugin, a space's data is reached through its `/s/<space>` URLs.
  const space = (options.settings.buffalogs as { space?: string } | undefined)?.space;
  return {
    baseUrl: space && space !== 'default' ? `${serverUrl}/s/${space}` : serverUrl,
    serverUrl,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

/** A request as curl or a script would send it: the public API version header, and kbn-xsrf on writes. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers: {
      'elastic-api-version': API_VERSION,
      ...(method === 'GET' ? {} : { 'kbn-xsrf': 'true' }),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  if (process.env.ROUTES_DEBUG && res.status >= 400)
    console.log(method, pathAndQuery, res.status, JSON.stringify(parsed));
  return { status: res.status, body: parsed as T };
}
