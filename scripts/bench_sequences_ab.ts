/**
 * A/B benchmark of the sequence engine: two versions of `server/families/sequence` (this checkout's working tree, and
 * a base given as a git revision or another checkout's folder) timed in ONE process on the same events, so that a
 * change's effect survives a machine whose speed drifts by ±20 % between separate runs. The sequence engine's twin of
 * scripts/bench_detection_ab.ts (read its header for the reasoning); the workload is bench_sequences.ts's
 * (scripts/sequence_workload.ts: 1,000,000 events, 20 rules, 20,000 users, passes of 5 minutes).
 *
 *   npm run bench:sequences:ab -- --base main                  # working tree vs main, 3 rounds, pinned to CPU 0
 *   npm run bench:sequences:ab -- --base 03b87b9 --rounds 5 --cpu 1 --events 400000
 *
 * Both versions are compiled by tsc as `npm run build` ships them, into target/bench_sequences_ab/, and loaded side by
 * side; the process runs pinned to one CPU (`--cpu N`, default 0) with `--single-threaded-gc --single-threaded`, so the
 * collector's and the JIT's work is counted in the turn that causes it. A round feeds the whole workload, from empty
 * states, to each version: the passes in batches of 64 (as bench_sequences times them), batch k to both versions,
 * each from its own workload (the same events, no object shared); which version takes a batch first alternates from
 * batch to batch and from round to round, and each turn starts with an empty young generation (a minor collection,
 * untimed). Only the runSequences calls are timed, in CPU time, with what the bench does with their output (the
 * alerts' ids kept, the documents let go).
 *
 * Printed per round: each version's events per CPU-second and work/base of those rates (> 1: the working tree is
 * faster); then the median over the rounds and the median of the per-batch ratios over all rounds (each batch's two
 * turns run next to each other in time: the steadier figure). Each version's digest (alert ids in order, alert
 * count and the state's counts) is checked equal over the rounds; digests of the two versions that differ are
 * shown, not an error.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sequences from '../server/families/sequence';
import { compileServer } from './build/server_compile';
import { benchRules, SequenceWorkload } from './sequence_workload';
import { compileAbBase, gitOutput, median, option, relaunchedOnOneCore, requireShipped } from './shipped_server';

const REPO_ROOT = join(__dirname, '..');
const AB_DIR = join(REPO_ROOT, 'target', 'bench_sequences_ab');
const BATCH = 64;

interface Version {
  label: string;
  core: typeof Sequences;
}

function main(): void {
  const base = option('--base');
  if (!base)
    throw new Error(
      'usage: bench_sequences_ab.ts --base <git revision | checkout folder> [--rounds N] [--cpu N] [--events N]',
    );
  const rounds = Number(option('--rounds') ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a positive whole number');
  const cpu = option('--cpu') ?? '0';
  const events = Number(option('--events') ?? 1_000_000);

  if (relaunchedOnOneCore(cpu, __filename)) return;

  const b = compileAbBase(base, AB_DIR);
  const workDir = join(AB_DIR, 'work');
  rmSync(workDir, { recursive: true, force: true });
  compileServer(workDir);
  const load = (dir: string, label: string): Version => ({
    label,
    core: requireShipped<typeof Sequences>(dir, 'server/families/sequence/index'),
  });
  const versions = [
    load(b.dir, b.label),
    load(workDir, `working tree of ${REPO_ROOT} (${gitOutput(['rev-parse', '--short', 'HEAD'])}+changes)`),
  ];
  console.log(
    `sequence A/B: node ${process.version}, ${events} events, 20,000 users, passes of 5 min in batches of ${BATCH}, ` +
      `${rounds} rounds, cpu ${cpu}, tsc output of both\n  base: ${versions[0].label}\n  work: ${versions[1].label}`,
  );
  const collect = (globalThis as { gc?: (o: { type: string; execution: string }) => void }).gc;
  const ratios: number[] = [];
  const batchRatios: number[] = [];
  const firstDigests: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const sides = versions.map((v) => {
      const rules = benchRules(v.core);
      const workload = new SequenceWorkload(v.core, { events, users: 20_000, passMs: 5 * 60_000 });
      return {
        v,
        rules,
        index: new v.core.RuleIndex(rules),
        state: v.core.emptySequenceState(),
        batches: workload.batches(BATCH),
        workload,
        cpuMs: 0,
        batchMs: [] as number[],
        alerts: 0,
        digest: createHash('sha1'),
      };
    });
    for (let k = 0; ; k++) {
      const batches = sides.map((s) => s.batches.next());
      if (batches.some((x) => x.done)) break;
      for (const i of (k + round) % 2 ? [1, 0] : [0, 1]) {
        const s = sides[i];
        const batch = batches[i].value!;
        collect?.({ type: 'minor', execution: 'sync' });
        const ids: string[] = [];
        const cpu0 = process.cpuUsage();
        for (const pass of batch) {
          const out = s.v.core.runSequences({
            rules: s.rules,
            events: pass.events,
            state: s.state,
            index: s.index,
            lateness: 5 * 60_000,
            watermark: pass.end,
          });
          s.alerts += out.alerts.length;
          for (const a of out.alerts) ids.push(a.buffalogs.alert_id);
        }
        const used = process.cpuUsage(cpu0);
        s.cpuMs += (used.user + used.system) / 1000;
        s.batchMs[k] = (used.user + used.system) / 1000;
        for (const id of ids) s.digest.update(id);
        for (const pass of batch) s.workload.recycle(pass.events);
      }
    }
    const digests = sides.map((s) => {
      let tracks = 0;
      let buffered = 0;
      let anchors = 0;
      for (const perRule of s.state.rules.values())
        for (const t of perRule.values()) {
          tracks++;
          buffered += t.events.length;
          anchors += t.anchors.length;
        }
      return `${s.digest.digest('hex').slice(0, 12)}/${s.alerts}/${tracks}/${buffered}/${anchors}`;
    });
    if (round === 0) firstDigests.push(...digests);
    else if (digests.some((d, i) => d !== firstDigests[i]))
      throw new Error(
        `round ${round + 1}: digests ${digests.join(' ')} differ from round 1's ${firstDigests.join(' ')}`,
      );
    const rates = sides.map((s) => Math.round(events / (s.cpuMs / 1000)));
    const ratio = sides[0].cpuMs / sides[1].cpuMs;
    ratios.push(ratio);
    const own: number[] = [];
    for (let k = 0; k < sides[0].batchMs.length; k++) own.push(sides[0].batchMs[k] / sides[1].batchMs[k]);
    batchRatios.push(...own);
    console.log(
      `round ${String(round + 1).padStart(2)}: base ${String(rates[0]).padStart(7)} work ${String(rates[1]).padStart(7)} ` +
        `events per CPU-s, work/base ${ratio.toFixed(3)} (its batches' median ${median(own).toFixed(3)})`,
    );
  }
  console.log(
    `median work/base ${median(ratios).toFixed(3)} over ${rounds} rounds (min ${Math.min(...ratios).toFixed(3)}, ` +
      `max ${Math.max(...ratios).toFixed(3)}), ${median(batchRatios).toFixed(3)} over their ${batchRatios.length} batches; ` +
      `digests (ids/alerts/tracks/buffered/anchors) base ${firstDigests[0]}, work ${firstDigests[1]}` +
      (firstDigests[0] === firstDigests[1] ? ' (equal)' : ' (DIFFERENT: outputs changed)'),
  );
}

main();
