/**
 * The JIT's work in a cold run of a detection benchmark case: what V8's optimising compiler compiled, what it threw
 * away (deopts, with their reasons) and compiled again. The cold `bench:detection` figure pays for all of it (its
 * `background_cpu_s`), so a change that removes a deopt's cause shows here even where the machine's noise hides it in
 * the throughput.
 *
 *   npm run jit:trace                                  # default-1m-10k as shipped, on CPU 0
 *   npm run jit:trace -- --case buffalogs-1m-10k --cpu 1
 *
 * Reads V8's --trace-opt / --trace-deopt lines of one `scripts/bench_detection.ts --case … --shipped` process. The
 * compile times are TurboFan's own ("took" prepare, execute, finalize ms): its job runs on a background thread, so on
 * one shared core they include waiting for that core — compare runs of one machine, not across machines. Functions
 * are named as V8 names them: the detectors' several `evaluate`s count as one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The benchmark's own functions, not the core's. */
const HARNESS = new Set(['runCase', 'makeBatch', 'generateBatch', 'asDelivered', 'makeUsers', 'main']);
/** Counting starts at the first compile of one of the core's batch-level functions (before it: tsc, the harness). */
const CORE_START = /<JSFunction (detect|judgeUsers|judgeEach|groupByUser|processUser) /;
// V8's lines. A named function prints as `<JSFunction name (sfi = …)>`, an anonymous one as `<JSFunction (sfi = …)>`.
const COMPILED = /^\[completed compiling 0x\w+ <JSFunction (\S*?) ?\(sfi .*?- took ([\d.]+), ([\d.]+), ([\d.]+) ms/;
const BAILOUT =
  /^\[bailout \(kind: (\S+), reason: (.*?)\): begin\. deoptimizing 0x\w+ <JSFunction (\S*?) ?\(sfi .*?bytecode offset (\d+)/;
const DEPENDENCY = /^\[marking dependent code .*?SharedFunctionInfo (\S+)>.*?reason: ([^\]]*)\]/;
/**
 * --trace-pretenuring-statistics: an allocation site's decision after a scavenge. A site whose objects survive (a new
 * user's state, made in the first batch) is switched to allocate in the old generation ("… => tenure"), and V8 then
 * throws away every optimised function that inlined an allocation from it: the "code dependencies" deopts that follow
 * such a switch are its price, not a bug in the core (a state that survives has to be tenured somewhere).
 */
const PRETENURE =
  /pretenuring: AllocationSite\(\w+\): .*\) (undecided|maybe tenure|tenure|don't tenure) => (tenure|don't tenure|maybe tenure)$/;

export interface JitSummary {
  firstCompiles: Map<string, number>;
  recompiles: Map<string, number[]>;
  deopts: string[];
  /** Allocation sites switched to or from old-generation allocation (each may throw optimised code away). */
  pretenureSwitches: number;
}

/** The summary of a trace's lines (exported for its test). */
export function summariseTrace(lines: readonly string[]): JitSummary {
  const out: JitSummary = { firstCompiles: new Map(), recompiles: new Map(), deopts: [], pretenureSwitches: 0 };
  let started = false;
  /**
   * Sites switched by the latest block of pretenuring decisions. V8 marks the code they invalidate right after the
   * block (during the same collection): a dependency deopt is the block's only while nothing else came in between.
   */
  let switched = 0;
  let previous: 'decision' | 'dependency' | 'other' = 'other';
  for (const line of lines) {
    if (!started) started = CORE_START.test(line);
    if (!started) continue;
    const pretenure = PRETENURE.exec(line);
    if (pretenure || line.includes('pretenuring: deopt_maybe_tenured=')) {
      if (previous !== 'decision') switched = 0; // a new block
      previous = 'decision';
      const [, before, after] = pretenure ?? [];
      if (pretenure && (after === 'tenure') !== (before === 'tenure')) {
        switched++;
        out.pretenureSwitches++;
      }
      continue;
    }
    const dependency = DEPENDENCY.exec(line);
    if (dependency) {
      if (previous === 'other') switched = 0;
      previous = 'dependency';
      if (!HARNESS.has(dependency[1]))
        out.deopts.push(
          `${dependency[1]}: ${dependency[2]}${switched > 0 ? ` (after ${switched} allocation sites were pretenured)` : ''}`,
        );
      continue;
    }
    previous = 'other';
    const compiled = COMPILED.exec(line);
    if (compiled && !HARNESS.has(compiled[1])) {
      const name = compiled[1] || '(anonymous)';
      const ms = Number(compiled[2]) + Number(compiled[3]) + Number(compiled[4]);
      if (!out.firstCompiles.has(name)) out.firstCompiles.set(name, ms);
      else out.recompiles.set(name, [...(out.recompiles.get(name) ?? []), ms]);
      continue;
    }
    const bailout = BAILOUT.exec(line);
    if (bailout && !HARNESS.has(bailout[3]))
      out.deopts.push(`${bailout[3]}@${bailout[4]} ${bailout[1]}: ${bailout[2]}`);
  }
  return out;
}

const sum = (xs: Iterable<number>): number => {
  let total = 0;
  for (const x of xs) total += x;
  return total;
};

function main(): void {
  const arg = (name: string, fallback: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const caseName = arg('--case', 'default-1m-10k');
  const cpu = arg('--cpu', '0');
  if (!/^\d+$/.test(cpu)) throw new Error(`--cpu takes a core number, not ${cpu}`);
  const nodeArgs = [
    '--single-threaded-gc',
    '--trace-opt',
    '--trace-deopt',
    '--trace-pretenuring-statistics',
    '--import',
    'tsx',
  ];
  const bench = [join(__dirname, 'bench_detection.ts'), '--case', caseName, '--shipped'];
  const pinned = spawnSync('taskset', ['-c', cpu, 'true'], { stdio: 'ignore' }).status === 0;
  const [command, ...args] = pinned
    ? ['taskset', '-c', cpu, process.execPath, ...nodeArgs, ...bench]
    : [process.execPath, ...nodeArgs, ...bench];
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`the bench failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  const lines = run.stdout.split('\n');
  const result = lines.find((l) => l.startsWith('{"case"'));
  if (result) {
    const r = JSON.parse(result) as Record<string, unknown>;
    console.log(
      `${caseName}${pinned ? ` on CPU ${cpu}` : ''}: ${r.logins_per_cpu_s} logins per CPU-second, ` +
        `background (JIT) ${r.background_cpu_s} s of ${r.detect_cpu_s} s, collector ${r.gc_ms} ms`,
    );
  }
  const s = summariseTrace(lines);
  const recompiles = [...s.recompiles.values()].flat();
  console.log(
    `first compiles: ${s.firstCompiles.size} functions, ${Math.round(sum(s.firstCompiles.values()))} ms; ` +
      `recompiles: ${recompiles.length}, ${Math.round(sum(recompiles))} ms`,
  );
  const biggest = [...s.firstCompiles].sort((a, b) => b[1] - a[1]).slice(0, 12);
  console.log(`biggest first compiles: ${biggest.map(([f, ms]) => `${f} ${Math.round(ms)}`).join(', ')}`);
  console.log('recompiles (ms each):');
  for (const [f, times] of [...s.recompiles].sort((a, b) => sum(b[1]) - sum(a[1])))
    console.log(`  ${f}: ${times.map((ms) => ms.toFixed(1)).join(', ')}`);
  const pretenured = s.deopts.filter((d) => d.includes('allocation sites were pretenured')).length;
  console.log(
    `deopts (${s.deopts.length}; ${pretenured} of them from V8 switching ${s.pretenureSwitches} allocation sites to ` +
      'the old generation, as the states they make survive):',
  );
  for (const d of s.deopts) console.log(`  ${d}`);
}

if (require.main === module) main();
