/**
 * A real Elasticsearch 8 node for development, tests and the demo (the Java side lives in scripts/es/).
 *
 *   npm run es                      start one node in the foreground; prints `ES_URL=http://127.0.0.1:<port>` once
 *                                   the cluster is green; Ctrl-C / SIGTERM stops it and deletes its data.
 *   npx tsx scripts/es.ts --prepare resolve the Maven classpath and compile the launcher, then exit (CI prefetch).
 *   npm run es -- --benchmark       the node as the benchmarks start it (full JIT, G1, 1 GB heap), to keep for reruns.
 *
 * Programmatic use: `startElasticsearch()` (below). When the ES_URL environment variable is set, it returns that
 * cluster instead of starting a node, so tests, the dev host and the demo all follow one switch.
 *
 * Environment: ES_URL (use an existing cluster), ES_JAVA_OPTS (extra/overriding JVM flags, e.g. `-Xmx1g`),
 * ES_LOG_LEVEL (the node's log level, default WARN), ES_START_TIMEOUT_MS (default 180000).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ES_PROJECT = path.join(__dirname, 'es');
const TARGET = path.join(ES_PROJECT, 'target');
const CLASSPATH_FILE = path.join(TARGET, 'classpath.txt');
const CLASSES = path.join(TARGET, 'classes');
const COMPILED_STAMP = path.join(TARGET, 'classes.stamp');
const MAIN_CLASS = 'org.buffalogs.es.DevNode';
const URL_LINE = /^ES_URL=(http:\/\/\S+)$/;

/**
 * A modest heap: the machine has 2 cores and other work running. SerialGC keeps the thread count and footprint small,
 * which matters more here than pause times; the C1-only JIT (TieredStopAtLevel=1) roughly halves start time and CPU on
 * 2 cores at some cost in peak throughput, which test-sized data never reaches. ES_JAVA_OPTS comes last, so it
 * overrides these (e.g. `ES_JAVA_OPTS="-Xmx2g -XX:TieredStopAtLevel=4"` for a benchmark).
 */
const DEFAULT_JVM_OPTS = [
  '-Xms256m',
  '-Xmx768m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xss1m',
  '-Dfile.encoding=UTF-8',
];

/**
 * Benchmarks measure against Elasticsearch as it runs in production: the full JIT and G1 with a fixed heap, as its
 * own jvm.options sets them. With the tests' C1-only JIT the bare scan of bench:pass read 42k events/s instead of
 * 62k, which flattered every ratio measured against it.
 */
const BENCHMARK_JVM_OPTS = ['-Xms1g', '-Xmx1g', '-XX:+UseG1GC', '-Xss1m', '-Dfile.encoding=UTF-8'];

export type JvmProfile = 'test' | 'benchmark';

interface LaunchedNode {
  url: string;
  stop(): Promise<void>;
  /** Settles with the JVM's exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/**
 * Starts one Elasticsearch node (or, when ES_URL is set, returns that cluster with a `stop()` that does nothing).
 * Resolves once the node has printed its URL and answers a green cluster health; rejects with the node's last log
 * lines if it exits or times out first. The node is also stopped when this process exits.
 */
export async function startElasticsearch(opts?: { log?: (line: string) => void; jvm?: JvmProfile }): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const existing = process.env.ES_URL;
  if (existing) {
    await waitForGreen(existing, 30_000);
    return { url: existing, stop: async () => {} };
  }
  return launchNode(opts?.log ?? (() => {}), opts?.jvm);
}

/** Resolves the Maven classpath (once: cached in scripts/es/target) and compiles the launcher when its source changed. */
export function prepareElasticsearch(log: (line: string) => void = () => {}): { classpath: string } {
  fs.mkdirSync(TARGET, { recursive: true });
  const pom = path.join(ES_PROJECT, 'pom.xml');
  if (!fs.existsSync(CLASSPATH_FILE) || mtime(CLASSPATH_FILE) < mtime(pom)) {
    log('resolving the Elasticsearch classpath with Maven (first run downloads ~60 MB from Maven Central)…');
    run('mvn', [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      pom,
      'dependency:build-classpath',
      `-Dmdep.outputFile=${CLASSPATH_FILE}`,
    ]);
  }
  const classpath = fs.readFileSync(CLASSPATH_FILE, 'utf8').trim();
  const sources = javaSources(path.join(ES_PROJECT, 'src', 'main', 'java'));
  const newestSource = Math.max(mtime(pom), ...sources.map(mtime));
  if (!fs.existsSync(COMPILED_STAMP) || mtime(COMPILED_STAMP) < newestSource) {
    log('compiling the Elasticsearch launcher…');
    fs.rmSync(CLASSES, { recursive: true, force: true });
    run('javac', ['--release', '17', '-nowarn', '-d', CLASSES, '-cp', classpath, ...sources]);
    fs.writeFileSync(COMPILED_STAMP, new Date().toISOString());
  }
  return { classpath: `${CLASSES}${path.delimiter}${classpath}` };
}

async function launchNode(log: (line: string) => void, jvm: JvmProfile = 'test'): Promise<LaunchedNode> {
  const { classpath } = prepareElasticsearch(log);
  const extraOpts = (process.env.ES_JAVA_OPTS ?? '').split(/\s+/).filter(Boolean);
  const baseOpts = jvm === 'benchmark' ? BENCHMARK_JVM_OPTS : DEFAULT_JVM_OPTS;
  const child = spawn('java', [...baseOpts, ...extraOpts, '-cp', classpath, MAIN_CLASS], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If this process exits without calling stop() (a crash, process.exit), the node must not outlive it. SIGTERM lets
  // the JVM's shutdown hook delete the data directory; the launcher also watches its parent in case we are SIGKILLed.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const recent: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timeoutMs = Number(process.env.ES_START_TIMEOUT_MS ?? 180_000);
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`Elasticsearch did not start within ${timeoutMs} ms. Last output:\n${recent.join('\n')}`));
    }, timeoutMs);
    const onLine = (line: string): void => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      const match = URL_LINE.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      } else {
        log(line);
      }
    };
    forEachLine(child, onLine);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run java (is a JDK 17 installed?): ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`Elasticsearch exited (code ${code}) before it was ready. Last output:\n${recent.join('\n')}`));
    });
  });

  await waitForGreen(url, 30_000);
  let stopping: Promise<void> | undefined;
  return {
    url,
    exited,
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const forced = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(forced);
        }
        process.removeListener('exit', killOnExit);
      })();
      return stopping;
    },
  };
}

/** Polls `_cluster/health?wait_for_status=green` until the cluster answers green or the time is up. */
async function waitForGreen(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=green&timeout=5s`);
      const body = (await response.json()) as { status?: string };
      if (response.ok && body.status === 'green') return;
      lastProblem = `HTTP ${response.status}, status ${body.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Elasticsearch at ${url} is not green after ${timeoutMs} ms (${lastProblem})`);
}

function forEachLine(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r$/, ''));
    });
    stream?.on('end', () => {
      if (pending) onLine(pending);
    });
  }
}

/** Runs a build tool quietly; its output is shown only when it fails. */
function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

function javaSources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.java'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function mtime(file: string): number {
  return fs.statSync(file).mtimeMs;
}

/** `npm run es`: one node in the foreground until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const log = (line: string): void => console.error(line);
  if (process.argv.includes('--prepare')) {
    prepareElasticsearch(log);
    return;
  }
  // The CLI always starts its own node: ES_URL is how *other* commands find it. `--benchmark`: as benchmarks run it.
  const node = await launchNode(log, process.argv.includes('--benchmark') ? 'benchmark' : 'test');
  console.log(`ES_URL=${node.url}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping Elasticsearch…`);
    void node.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  const code = await node.exited;
  if (!stopping) {
    console.error(`Elasticsearch exited unexpectedly (code ${code})`);
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
