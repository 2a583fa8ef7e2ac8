/**
 * Anomaly explorer benchmark: N synthetic DNS lookups (default 1,000,000; scripts/anomaly/dns_generator.ts: planted
 * DGA names, a beaconing host, data in TXT queries, among ordinary traffic with CDN hash names as hard negatives)
 * analysed with the built-in DNS pack in two passes, as `buffalogs analyze` does, on one core. Records are generated
 * twice from the seed instead of being held, so the memory printed is the analysis's own.
 *
 *   npm run bench:anomaly [-- --records N --seed S]
 *
 * Prints: time per phase and records/s; peak RSS and heap; for the outlier score, precision and recall of the
 * planted DGA + TXT lookups among the top K (K = how many were planted) and above score 3; for each flag, precision
 * and recall of the records it raised against the planted behaviour it targets.
 */
import { generateDns, type Truth } from './anomaly/dns_generator';
import { Analyzer } from '../server/analyses/analyzer';
import { formatErrors, validateAnalysis } from '../server/analyses/validate';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('--records', 1_000_000);
const SEED = arg('--seed', 1);

const checked = validateAnalysis({ name: 'bench-dns', packs: ['dns'] });
if (!checked.ok) throw new Error(formatErrors(checked.errors));
const analyzer = new Analyzer(checked.analysis);

let peakRss = 0;
let peakHeap = 0;
const sampleMemory = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const mb = (b: number) => `${Math.round(b / 1_048_576)} MB`;

const t0 = performance.now();
let i = 0;
for (const { record } of generateDns({ records: N, seed: SEED })) {
  analyzer.observe({ ...record });
  if (++i % 50_000 === 0) sampleMemory();
}
sampleMemory();
const t1 = performance.now();
analyzer.fit();
sampleMemory();
const t2 = performance.now();

const TRUTHS: Truth[] = ['normal', 'dga', 'beacon', 'txt'];
const scores = new Float32Array(N);
const truth = new Uint8Array(N);
const flagged = new Map<string, number[]>(); // flag → records raised per truth
i = 0;
for (const { record, truth: t } of generateDns({ records: N, seed: SEED })) {
  const r = analyzer.judge({ ...record }, `#${i}`);
  scores[i] = r?.score ?? 0;
  truth[i] = TRUTHS.indexOf(t);
  for (const f of r?.flags ?? []) {
    const counts = flagged.get(f) ?? [0, 0, 0, 0];
    counts[truth[i]]++;
    flagged.set(f, counts);
  }
  if (++i % 50_000 === 0) sampleMemory();
}
sampleMemory();
const t3 = performance.now();

const planted = (k: number) => k === 1 || k === 3;
const totals = [0, 0, 0, 0];
for (const t of truth) totals[t]++;
const plantedCount = totals[1] + totals[3];
const order = Array.from({ length: N }, (_, k) => k).sort((a, b) => scores[b] - scores[a]);
const topHits = order.slice(0, plantedCount).filter((k) => planted(truth[k])).length;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const atThreshold = (threshold: number) => {
  let above = 0;
  let hits = 0;
  for (let k = 0; k < N; k++)
    if (scores[k] >= threshold) {
      above++;
      if (planted(truth[k])) hits++;
    }
  return `score ≥ ${threshold}: ${above} records, precision ${pct(above ? hits / above : 0)}, recall ${pct(hits / plantedCount)}`;
};
const report = analyzer.report();

console.log(
  `bench:anomaly — ${N.toLocaleString('en')} DNS lookups, seed ${SEED}, DNS pack, engine ${JSON.stringify(report.engine)}`,
);
console.log(
  `  planted: ${totals[1]} DGA, ${totals[3]} TXT exfiltration, ${totals[2]} beacon lookups; ${totals[0]} ordinary`,
);
console.log(
  `  time: pass 1 ${((t1 - t0) / 1000).toFixed(1)} s, fit ${((t2 - t1) / 1000).toFixed(1)} s, pass 2 ${((t3 - t2) / 1000).toFixed(1)} s; ` +
    `total ${((t3 - t0) / 1000).toFixed(1)} s (${Math.round(N / ((t3 - t0) / 1000)).toLocaleString('en')} records/s, both passes, generation included)`,
);
console.log(
  `  memory: peak RSS ${mb(peakRss)}, peak heap ${mb(peakHeap)} (the bench's own score arrays: ${mb(N * 5)})`,
);
console.log(
  `  outliers (DGA + TXT): top ${plantedCount}: precision = recall ${pct(topHits / plantedCount)}; ` +
    `${atThreshold(2)}; ${atThreshold(3)}`,
);
const targets: Record<string, number> = { beaconing_detector: 2, txt_query_payload: 3 };
for (const f of report.flags) {
  const counts = flagged.get(f.name) ?? [0, 0, 0, 0];
  const raised = counts.reduce((a, b) => a + b, 0);
  const target = targets[f.name];
  const tp = target === undefined ? 0 : counts[target];
  console.log(
    `  flag ${f.name}: ${raised} records, precision ${pct(raised ? tp / raised : 0)}, recall ${pct(tp / totals[target])}` +
      (f.findings.length
        ? `; ${f.findings.length} findings, first ${f.findings[0].key} ${JSON.stringify(f.findings[0].values)}`
        : ''),
  );
}
console.log(
  `  clusters: ${report.clusters.map((c) => `${c.id}: ${c.records}${c.major ? '' : ' (minor)'}`).join(', ')}`,
);
console.log(`  feature shares: ${report.features.map((f) => `${f.name} ${f.separationShare}`).join(', ')}`);
for (const n of report.notes) console.log(`  note: ${n}`);
