/**
 * Instructions and cache misses of the login core, counted by valgrind rather than timed: a development machine whose
 * speed drifts by ±12 % between runs of the same code (a shared 2-core VM) hides any change under 10 % from the
 * clock. Here the same code, counted twice (`--base HEAD` on an unchanged tree, f1e3c82, Node 20): 20,694 and 20,649
 * instructions a login (ratio 1.002), first-level read misses 1.007, last-level read misses 0.985, writes 0.987: a
 * change of 1 % in instructions or 5 % in misses shows.
 *
 *   npm run bench:detection:counts                          # this checkout
 *   npm run bench:detection:counts -- --base 2b63104        # and a base (revision or checkout folder), with ratios
 *   npm run bench:detection:counts -- --users 2000 --logins 200000 --batch 20000 --ll-mb 6
 *   npm run bench:detection:counts -- --kibana-node          # on the Node.js Kibana ships (scripts/kibana_node.ts)
 *   npm run bench:detection:counts -- --parsed-states        # states read from JSON before each batch, as the task's
 *
 * `--parsed-states` (session 20, 2,000 users, Node 20): the same core counted 24,098 instructions a login parsed
 * against 21,180 carried; after readUserState's shapes fix (475532a), 23,625 against 20,526, of which V8's compiler
 * 8,716 against 6,934 and the collector 1,269 against 784: the task's states (read from JSON every batch) make V8
 * compile more and the collector copy them. Less repeatable than carried: one core counted twice
 * (`--parsed-states --kibana-node --base`) gave 20,269 and 20,794 (2.6 %).
 *
 * Needs valgrind (a development tool: CI does not run this). A version takes about 4 minutes on the 2-core machine.
 *
 * What runs: the core as `npm run build` ships it (compiled by tsc, as bench_detection's `--shipped`), on the logins of
 * bench_detection's generator (seeded, 10 logins per user per batch by default, as its default-1m-10k case), through
 * the task's reader (`asDelivered`). The batches are generated once, outside valgrind, into target/. Each version runs
 * in its own process under `valgrind --tool=callgrind --cache-sim=yes` with counting off; the process turns counting on
 * just before each `detect` and off just after (`callgrind_control -i`), so the figures are detect's alone: its code,
 * the builtins and runtime it calls, the collector's work inside it, and V8's compiler threads while it runs (counting
 * is process-wide). Node runs with `--single-threaded`: the collector and V8's optimizing compiler work on the main
 * thread, so what is counted is the same work every run. With the compiler on its own thread (`--single-threaded-gc`
 * alone, as bench_detection's cases run), when it finished under valgrind changed from run to run what ran in the
 * baseline tier meanwhile: the same core counted 23,591 and 22,050 instructions a login (7 %); serialised, 20,672 and
 * 20,669 (session 19).
 *
 * Population and cache: the default 2,000 users (the simulation is ~50 times slower than the processor) with a
 * simulated last-level cache of 6 MB, the real one's 32 MB scaled by 2,000 / 10,000 users, so that the users' states
 * outgrow it as default-1m-10k's outgrow the real one. The first-level caches are the host's.
 *
 * Printed per version: instructions a login, first-level data read misses a login, last-level read and write misses a
 * login (a read miss stalls the core for ~80 ns unless others overlap it; a write rarely stalls); with `--base`, each
 * figure's ratio this checkout / base (< 1: this checkout does less). Figures to compare with each other, on one
 * machine: the wall clock is still bench_detection's to measure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../server/analyses/random';
import type * as Detection from '../server/detection';
import type * as DetectionConfig from '../common/detection_config';
import { asDelivered, makeBatch, makeUsers, TOR_CIDRS } from './bench_detection';
import { kibanaNode } from './kibana_node';
import { buildShipped, compileAbBase, option, requireShipped } from './shipped_server';

const OUT_DIR = join(__dirname, '..', 'target', 'bench_detection_counts');

/** The callgrind events counted with `--cache-sim=yes`, in the order of its output's `events:` line. */
export interface Counts {
  Ir: number;
  D1mr: number;
  DLmr: number;
  DLmw: number;
}

/**
 * The totals of a callgrind output file (its `totals:` line, by the names of its `events:` line). Not its `summary:`
 * line: with counting off at the start (`--instr-atstart=no`), callgrind 3.19 writes `summary: 0` there.
 */
export function parseCallgrindTotals(text: string): Counts {
  const events = /^events:\s*(.+)$/m.exec(text)?.[1].trim().split(/\s+/);
  const totals = /^totals:\s*(.+)$/m.exec(text)?.[1].trim().split(/\s+/);
  if (!events || !totals) throw new Error('not a callgrind output: no events or totals line');
  const value = (name: string): number => {
    const i = events.indexOf(name);
    if (i < 0) throw new Error(`callgrind output without ${name}: run with --cache-sim=yes`);
    return Number(totals[i] ?? 0);
  };
  return { Ir: value('Ir'), D1mr: value('D1mr'), DLmr: value('DLmr'), DLmw: value('DLmw') };
}

/** Per login, rounded: what is printed. */
function perLogin(c: Counts, logins: number) {
  return {
    instructions: Math.round(c.Ir / logins),
    l1_read_misses: Math.round((c.D1mr / logins) * 10) / 10,
    ll_read_misses: Math.round((c.DLmr / logins) * 10) / 10,
    ll_write_misses: Math.round((c.DLmw / logins) * 10) / 10,
  };
}

/** Counting on or off in this process, which runs under callgrind with --instr-atstart=no. */
function counting(on: boolean): void {
  const r = spawnSync('callgrind_control', ['-i', on ? 'on' : 'off', String(process.pid)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`callgrind_control -i: ${r.stderr || r.stdout}`);
}

/**
 * The child, under valgrind: the batches through the version's `detect`, counting only inside it. `parsedStates`: the
 * users' states go through JSON and `readUserState` between batches (outside the count), as the task reads them from
 * Elasticsearch for every batch, instead of being carried as detect left them.
 */
function child(dir: string, batchesFile: string, parsedStates: boolean): void {
  const { detect, readUserState } = requireShipped<typeof Detection>(dir, 'server/detection/index');
  const { resolveDetectionConfig } = requireShipped<typeof DetectionConfig>(dir, 'common/detection_config');
  const config = resolveDetectionConfig('default', { anonymousIp: { cidrs: TOR_CIDRS } });
  const states = new Map<string, Detection.UserState>();
  let context: Detection.PopulationContext | undefined;
  const now = Date.parse('2026-01-01T00:00:00Z');
  let logins = 0;
  let alerts = 0;
  for (const line of readFileSync(batchesFile, 'utf8').split('\n')) {
    if (!line) continue;
    const events = asDelivered(JSON.parse(line) as Detection.LoginEvent[]);
    if (parsedStates)
      for (const [user, state] of states) states.set(user, readUserState(JSON.parse(JSON.stringify(state)))!);
    counting(true);
    const out = detect({ events, states, config, now, reuseStates: true, context });
    counting(false);
    context = out.context;
    for (const [user, state] of out.states) states.set(user, state);
    logins += events.length;
    alerts += out.alerts.length;
  }
  console.log(JSON.stringify({ logins, alerts }));
}

/** The batches, generated once per population and size (outside valgrind), one JSON array of logins a line. */
function batchesFile(users: number, logins: number, batch: number): string {
  const file = join(OUT_DIR, `batches-${users}-${logins}-${batch}.jsonl`);
  if (existsSync(file)) return file;
  mkdirSync(OUT_DIR, { recursive: true });
  const rnd = seededRandom(42);
  const population = makeUsers(users, rnd);
  const lines: string[] = [];
  for (let done = 0; done < logins; done += batch)
    lines.push(JSON.stringify(makeBatch(population, Math.min(batch, logins - done), done, rnd)));
  writeFileSync(file, lines.join('\n'));
  return file;
}

/**
 * The simulated last-level cache's associativity for a size: valgrind needs a power-of-two number of 64-byte sets
 * (6 MB: 12 ways, as EPYC's and Xeons' L3 slices; 8 MB: 16).
 */
export function associativity(bytes: number): number {
  for (const ways of [16, 12, 8, 24, 20, 32, 6, 4, 2, 1]) {
    const sets = bytes / 64 / ways;
    if (Number.isInteger(sets) && (sets & (sets - 1)) === 0) return ways;
  }
  throw new Error(`--ll-mb: no associativity gives ${bytes} bytes a power-of-two number of sets (try 4, 6 or 8)`);
}

/** One version's counts: its compiled folder run under callgrind. */
function countVersion(
  label: string,
  dir: string,
  batches: string,
  llBytes: number,
  node: string,
  parsedStates: boolean,
): { counts: Counts; logins: number } {
  const out = join(OUT_DIR, `callgrind-${label}.out`);
  rmSync(out, { force: true });
  const r = spawnSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--cache-sim=yes',
      `--LL=${llBytes},${associativity(llBytes)},64`,
      // The JIT writes code into memory it then runs: valgrind must see those writes (not only a file's code's).
      '--smc-check=all-non-file',
      `--callgrind-out-file=${out}`,
      node,
      '--single-threaded',
      '--import',
      'tsx',
      __filename,
      '--child',
      dir,
      batches,
      ...(parsedStates ? ['--parsed-states'] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`valgrind (${label}) exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { logins: number };
  return { counts: parseCallgrindTotals(readFileSync(out, 'utf8')), logins: result.logins };
}

function main(): void {
  const i = process.argv.indexOf('--child');
  if (i >= 0) return child(process.argv[i + 1], process.argv[i + 2], process.argv.includes('--parsed-states'));
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed');
  const users = Number(option('--users') ?? 2_000);
  const logins = Number(option('--logins') ?? 200_000);
  const batch = Number(option('--batch') ?? 20_000);
  const llBytes = Math.round(Number(option('--ll-mb') ?? 6) * 1024 * 1024);
  for (const [name, v] of Object.entries({ users, logins, batch, llBytes }))
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name}: a positive whole number`);
  const node = process.argv.includes('--kibana-node') ? kibanaNode() : process.execPath;
  const batches = batchesFile(users, logins, batch);
  const parsedStates = process.argv.includes('--parsed-states');
  const work = countVersion('work', buildShipped('bench_detection_counts'), batches, llBytes, node, parsedStates);
  const line = {
    users,
    logins: work.logins,
    batch,
    ll_mb: llBytes / 1024 / 1024,
    node: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(),
    states: parsedStates ? 'parsed' : 'carried',
    work: perLogin(work.counts, work.logins),
  };
  const baseArg = option('--base');
  if (baseArg === undefined) return console.log(JSON.stringify(line));
  const compiled = compileAbBase(baseArg, OUT_DIR);
  const base = countVersion('base', compiled.dir, batches, llBytes, node, parsedStates);
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  console.log(
    JSON.stringify({
      ...line,
      base_label: compiled.label,
      base: perLogin(base.counts, base.logins),
      ratio: {
        instructions: ratio(work.counts.Ir, base.counts.Ir),
        l1_read_misses: ratio(work.counts.D1mr, base.counts.D1mr),
        ll_read_misses: ratio(work.counts.DLmr, base.counts.DLmr),
        ll_write_misses: ratio(work.counts.DLmw, base.counts.DLmw),
      },
    }),
  );
}

if (require.main === module)
  try {
    main();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
