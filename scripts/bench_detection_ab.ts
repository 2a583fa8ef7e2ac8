/**
 * A/B benchmark of the login core: two versions of `server/detection` (this checkout's working tree, and a base given
 * as a git revision or another checkout's folder) timed in ONE process on the same logins, so that a change's effect
 * survives a machine whose speed drifts by ±20 % between separate runs (other processes on the core, frequency).
 *
 *   npm run bench:detection:ab -- --base bfd4a31                       # working tree vs main's bfd4a31, 5 rounds
 *   npm run bench:detection:ab -- --base /work/wt/base --rounds 9 --case default-1m-100k
 *   npm run bench:detection:ab -- --base main --full-gc                 # a full collection before each turn (below)
 *
 * Both versions are compiled by tsc as `npm run build` ships them (scripts/build/server_compile.ts, as the benches'
 * `--shipped`: each checkout with its own scripts/build/tsconfig.server.json; a revision is first `git archive`d) into
 * target/bench_detection_ab/, and loaded side by side. The process runs pinned to CPU 0 (`--cpu N`: another) with `--single-threaded-gc`,
 * as bench_detection's cases do, and `--single-threaded` (it restarts itself so when started otherwise): the JIT then
 * compiles on the main thread too, so its work is counted in the turn of the version whose code it compiles, not in
 * whichever turn a background compile happened to overlap.
 *
 * A round is one whole case of bench_detection.ts (default-1m-10k: 1,000,000 logins of 10,000 users in 10 batches),
 * from empty states, for each version: batch k of the population goes to both versions, each with its own states and
 * population context carried from batch to batch, and each from its own generator seeded alike (the same logins, but
 * no object shared between the two versions, so neither sees what the other wrote into an event). Which version
 * takes a batch first alternates from batch to batch and from round to round, so that neither always runs on the heap
 * the other just filled, and each turn starts with an empty young generation (a minor collection, untimed, before
 * it). Only `detect` is timed, in CPU time (process.cpuUsage; the collector's work included, being on the same
 * thread).
 *
 * Printed per round: each version's logins per CPU-second, the ratio work/base of those rates (> 1: the working tree
 * is faster) and each batch's own ratio; then the median ratio over the rounds, the median over all batches (each
 * batch's two turns run next to each other in time), and the median over the rounds of their batches after the first
 * (the first creates every user's state, pays the JIT's warm-up and varies most: single first batches read 0.4 to 3.6
 * for the same two versions). Noise, measured on the shared 2-core machine: A/A runs (`--base HEAD`, server code
 * unchanged) gave round medians from 0.92 to 1.10 but batch medians from 0.99 to 1.02; three 9-round runs of one A/B
 * gave round medians of 1.02, 1.04 and 1.11. Quote the batch median, over several runs: a gain of a few per cent is
 * not shown by one. Each version's output digest (what bench_detection prints with
 * BENCH_DIGEST=1: alerts, observations and stats per batch, then the final states) is printed for the first round and
 * checked equal over all rounds; the process fails if a version's digest changes between rounds. Digests of the two
 * versions that differ are shown, not an error: a change may alter outputs on purpose, and has to say why.
 *
 * Caveat: both versions' states live in the same heap, so each major collection marks both, and lands on whichever
 * turn crosses the heap's limit (a batch's ratio then reads 0.4 or 2.6). `--full-gc` runs a full collection (untimed)
 * before each turn instead of a minor one: each turn starts from a compacted heap and rarely needs a major collection
 * of its own, so the rounds spread less (0.96–1.08 against 0.87–1.31 for the same two versions), at the price of
 * leaving most of the major collections' cost, which grows with what the states keep, out of the figure. The ratio is
 * the figure to trust, not either rate on its own (bench_detection.ts gives those).
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../server/analyses/random';
import type { PopulationContext, UserState } from '../server/detection';
import type * as Detection from '../server/detection';
import type * as DetectionConfig from '../common/detection_config';
import { allowedCpus, CASES, makeBatch, makeUsers, TOR_CIDRS } from './bench_detection';
import { compileServer } from './build/server_compile';
import { compileAbBase, gitOutput, median, option, relaunchedOnOneCore } from './shipped_server';

const REPO_ROOT = join(__dirname, '..');
const AB_DIR = join(REPO_ROOT, 'target', 'bench_detection_ab');

interface Version {
  label: string;
  detect: typeof Detection.detect;
  config: ReturnType<typeof DetectionConfig.resolveDetectionConfig>;
}

function git(args: string[], cwd = REPO_ROOT): string {
  return gitOutput(args, cwd);
}

const compileBase = (base: string) => compileAbBase(base, AB_DIR);

function load(
  dir: string,
  label: string,
  profile: Parameters<typeof DetectionConfig.resolveDetectionConfig>[0],
): Version {
  const detection = require(join(dir, 'server', 'detection', 'index.js')) as typeof Detection;
  const config = require(join(dir, 'common', 'detection_config.js')) as typeof DetectionConfig;
  return {
    label,
    detect: detection.detect,
    config: config.resolveDetectionConfig(profile, { anonymousIp: { cidrs: TOR_CIDRS } }),
  };
}

function main(): void {
  const base = option('--base');
  if (!base)
    throw new Error(
      'usage: bench_detection_ab.ts --base <git revision | checkout folder> [--rounds N] [--case NAME] [--cpu N]',
    );
  const rounds = Number(option('--rounds') ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a positive whole number');
  const c = CASES.find((x) => x.name === (option('--case') ?? 'default-1m-10k'));
  if (!c) throw new Error(`unknown case; known: ${CASES.map((x) => x.name).join(', ')}`);

  // One core, the collector and the JIT on it: restart so when not started so.
  if (relaunchedOnOneCore(option('--cpu') ?? '0', __filename)) return;

  const b = compileBase(base);
  const workDir = join(AB_DIR, 'work');
  rmSync(workDir, { recursive: true, force: true });
  compileServer(workDir);
  const versions = [
    load(b.dir, b.label, c.profile),
    load(workDir, `working tree of ${REPO_ROOT} (${git(['rev-parse', '--short', 'HEAD'])}+changes)`, c.profile),
  ];
  console.log(
    `detection A/B: node ${process.version}, case ${c.name} (${c.events} logins, ${c.users} users, batches of ` +
      `${c.batch}), ${rounds} rounds, cpus ${allowedCpus()}, tsc output of both\n  base: ${versions[0].label}\n  work: ${versions[1].label}`,
  );
  const fullGc = process.argv.includes('--full-gc');
  const collect = (globalThis as { gc?: (o: { type: string; execution: string }) => void }).gc;
  const now = Date.parse('2026-01-01T00:00:00Z');
  const ratios: number[] = [];
  /** Work/base of each batch, the two versions' turns at it next to each other in time. */
  const batchRatios: number[] = [];
  /** Work/base of each round's batches after the first (the first creates every state and is the noisiest). */
  const laterRatios: number[] = [];
  const firstDigests: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const sides = versions.map((v) => {
      const rnd = seededRandom(42);
      return {
        v,
        rnd,
        users: makeUsers(c.users, rnd),
        states: new Map<string, UserState>(),
        context: undefined as PopulationContext | undefined,
        cpuMs: 0,
        batchMs: [] as number[],
        digest: createHash('sha256'),
      };
    });
    for (let done = 0, k = 0; done < c.events; done += c.batch, k++) {
      const count = Math.min(c.batch, c.events - done);
      const batches = sides.map((s) => makeBatch(s.users, count, done, s.rnd));
      for (const i of (k + round) % 2 ? [1, 0] : [0, 1]) {
        const s = sides[i];
        // Each turn starts with an empty young generation, so neither version pays for scavenging the other's garbage.
        collect?.({ type: fullGc ? 'major' : 'minor', execution: 'sync' });
        const cpu = process.cpuUsage();
        const out = s.v.detect({
          events: batches[i],
          states: s.states,
          config: s.v.config,
          now,
          reuseStates: c.reuseStates,
          context: s.context,
        });
        s.context = out.context;
        for (const [user, state] of out.states) s.states.set(user, state);
        const used = process.cpuUsage(cpu);
        s.cpuMs += (used.user + used.system) / 1000;
        s.batchMs[k] = (used.user + used.system) / 1000;
        s.digest.update(JSON.stringify([out.alerts, out.observations, out.stats]));
      }
    }
    const digests = sides.map((s) => {
      for (const user of [...s.states.keys()].sort()) s.digest.update(JSON.stringify(s.states.get(user)));
      return s.digest.digest('hex').slice(0, 16);
    });
    if (round === 0) firstDigests.push(...digests);
    else if (digests.some((d, i) => d !== firstDigests[i]))
      throw new Error(
        `round ${round + 1}: digests ${digests.join(' ')} differ from round 1's ${firstDigests.join(' ')}`,
      );
    const rates = sides.map((s) => Math.round(c.events / (s.cpuMs / 1000)));
    const ratio = sides[0].cpuMs / sides[1].cpuMs;
    ratios.push(ratio);
    for (let k = 0; k < sides[0].batchMs.length; k++) batchRatios.push(sides[0].batchMs[k] / sides[1].batchMs[k]);
    const later = sides.map((s) => s.cpuMs - s.batchMs[0]);
    if (sides[0].batchMs.length > 1) laterRatios.push(later[0] / later[1]);
    console.log(
      `round ${String(round + 1).padStart(2)}: base ${String(rates[0]).padStart(7)} work ${String(rates[1]).padStart(7)} ` +
        `logins per CPU-s, work/base ${ratio.toFixed(3)} (batches: ${sides[0].batchMs.map((ms, k) => (ms / sides[1].batchMs[k]).toFixed(2)).join(' ')})`,
    );
  }
  console.log(
    `median work/base ${median(ratios).toFixed(3)} over ${rounds} rounds (min ${Math.min(...ratios).toFixed(3)}, ` +
      `max ${Math.max(...ratios).toFixed(3)}), ${median(batchRatios).toFixed(3)} over their ${batchRatios.length} batches, ` +
      `${laterRatios.length ? median(laterRatios).toFixed(3) : '-'} over the rounds' batches after the first; digests base ${firstDigests[0]}, work ${firstDigests[1]}` +
      (firstDigests[0] === firstDigests[1] ? ' (equal)' : ' (DIFFERENT: outputs changed)'),
  );
}

main();
