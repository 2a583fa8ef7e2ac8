/**
 * k-medoids on Gower distances, CLARA-style: the sample (a reservoir of the input) is the only thing held; k is chosen
 * by mean silhouette on one draw of the sample; further draws with that k are fitted and the medoids with the lowest
 * total distance over the whole sample are kept. Every record is then judged against k medoids: no N × N matrix of
 * the input, and a fit's matrix is at most FIT_SIZE².
 *
 * The score of a record is its distance to the nearest medoid of a *major* cluster divided by that cluster's spread
 * (90th percentile of its members' distances): ~1 at the edge of normal, higher beyond. Scoring only against major
 * clusters is what keeps a tight cluster of 40 DGA names from calling itself normal (anomal's two-cluster cut named
 * "anomalous" whichever cluster's first row came later in the file).
 */
import type { EngineSettings } from './definition';
import type { AnomalyEngine, AnomalyModel, ClusterSummary, Judgement, ScoreReason } from './engine';
import type { FeatureVector } from './features';
import { featureDistance, gowerDistance, rangesOf, type GowerSchema } from './gower';
import { seededRandom } from './random';

/** Vectors per fitting draw: its distance matrix is FIT_SIZE² doubles (8 MB at 1,000). */
export const FIT_SIZE = 1000;
/** The smallest spread a cluster is given, so a cluster of identical records does not turn every nuance into ∞. */
export const MIN_SPREAD = 0.05;
const MAX_ITERATIONS = 30;

interface Fit {
  medoids: number[];
  assignment: Int32Array;
  cost: number;
}

/** Distance matrix of a draw (symmetric, stored whole for fast row access). */
function matrix(vs: readonly FeatureVector[], s: GowerSchema): Float64Array {
  const n = vs.length;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const x = gowerDistance(vs[i], vs[j], s);
      d[i * n + j] = x;
      d[j * n + i] = x;
    }
  return d;
}

/** k-medoids++ seeding then alternating assignment / medoid update (Voronoi iteration) until stable. */
export function fitK(d: Float64Array, n: number, k: number, rand: () => number): Fit {
  const medoids = [Math.floor(rand() * n)];
  const nearest = new Float64Array(n).fill(Infinity);
  while (medoids.length < k) {
    const last = medoids[medoids.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], d[i * n + last]);
      total += nearest[i] * nearest[i];
    }
    if (total === 0) break; // fewer distinct points than k
    let r = rand() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= nearest[i] * nearest[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    medoids.push(pick);
  }
  const assignment = new Int32Array(n);
  let cost = Infinity;
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    cost = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < medoids.length; c++) if (d[i * n + medoids[c]] < d[i * n + medoids[best]]) best = c;
      assignment[i] = best;
      cost += d[i * n + medoids[best]];
    }
    let changed = false;
    for (let c = 0; c < medoids.length; c++) {
      let bestSum = Infinity;
      let bestIdx = medoids[c];
      for (let i = 0; i < n; i++) {
        if (assignment[i] !== c) continue;
        let sum = 0;
        for (let j = 0; j < n; j++) if (assignment[j] === c) sum += d[i * n + j];
        // Ties keep the current medoid, so the iteration ends.
        if (sum < bestSum - 1e-12 || (Math.abs(sum - bestSum) <= 1e-12 && i === medoids[c])) {
          bestSum = sum;
          bestIdx = i;
        }
      }
      if (bestIdx !== medoids[c]) {
        medoids[c] = bestIdx;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { medoids, assignment, cost };
}

/** Mean silhouette: (b − a) / max(a, b) per point, 0 for members of one-point clusters. */
export function silhouette(d: Float64Array, n: number, assignment: Int32Array, k: number): number {
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[assignment[i]]++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const own = assignment[i];
    if (sizes[own] <= 1) continue;
    sums.fill(0);
    for (let j = 0; j < n; j++) sums[assignment[j]] += d[i * n + j];
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / n;
}

function drawIndices(n: number, size: number, rand: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates: the first `size` entries are a uniform draw.
  for (let i = 0; i < Math.min(size, n - 1); i++) {
    const j = i + Math.floor(rand() * (n - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, size).sort((a, b) => a - b);
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export const kMedoidsEngine: AnomalyEngine = {
  id: 'kmedoids',
  fit(sample, partial, settings: EngineSettings): AnomalyModel {
    const schema: GowerSchema = { ...partial, ranges: rangesOf(sample, partial.types) };
    const rand = seededRandom(settings.seed);
    const n = sample.length;
    const silhouettes: Record<number, number> = {};
    let medoidVectors: FeatureVector[] = [];
    let chosenK = 1;
    if (n > 0) {
      // Draw 1: choose k by silhouette.
      const first = drawIndices(n, Math.min(n, FIT_SIZE), rand);
      const fv = first.map((i) => sample[i]);
      const d = matrix(fv, schema);
      let best: { k: number; fit: Fit; s: number } | undefined;
      const maxK = Math.min(settings.maxK, fv.length - 1);
      for (let k = Math.max(2, settings.minK); k <= maxK; k++) {
        const fit = fitK(d, fv.length, k, rand);
        if (fit.medoids.length < k) break;
        const s = silhouette(d, fv.length, fit.assignment, k);
        silhouettes[k] = Math.round(s * 1000) / 1000;
        if (!best || s > best.s + 1e-9) best = { k, fit, s };
      }
      if (settings.minK === 1 && (!best || best.s <= 0)) best = undefined;
      chosenK = best?.k ?? 1;
      const costOnSample = (ms: readonly FeatureVector[]) => {
        let c = 0;
        for (const v of sample) {
          let m = Infinity;
          for (const x of ms) m = Math.min(m, gowerDistance(v, x, schema));
          c += m;
        }
        return c;
      };
      medoidVectors = best ? best.fit.medoids.map((i) => fv[i]) : [fv[fitK(d, fv.length, 1, rand).medoids[0]]];
      let bestCost = costOnSample(medoidVectors);
      // Further draws (only when the sample is larger than one draw): same k, lowest cost over the whole sample.
      for (let draw = 1; draw < settings.draws && n > FIT_SIZE; draw++) {
        const idx = drawIndices(n, FIT_SIZE, rand);
        const vs = idx.map((i) => sample[i]);
        const fit = fitK(matrix(vs, schema), vs.length, chosenK, rand);
        const ms = fit.medoids.map((i) => vs[i]);
        const cost = costOnSample(ms);
        if (cost < bestCost) {
          bestCost = cost;
          medoidVectors = ms;
        }
      }
    }

    // Clusters over the whole sample: sizes, spreads, which are major.
    const k = medoidVectors.length;
    const members: number[][] = Array.from({ length: k }, () => []);
    for (const v of sample) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const x = gowerDistance(v, medoidVectors[c], schema);
        if (x < bd) {
          bd = x;
          best = c;
        }
      }
      members[best].push(bd);
    }
    const clusters: ClusterSummary[] = medoidVectors.map((medoid, id) => {
      const ds = members[id].sort((a, b) => a - b);
      return {
        id,
        sampleSize: ds.length,
        share: n ? ds.length / n : 0,
        medoid,
        spread: Math.max(MIN_SPREAD, quantile(ds, 0.9)),
        major: n ? ds.length / n >= settings.minClusterShare : true,
      };
    });
    if (!clusters.some((c) => c.major) && clusters.length) clusters.forEach((c) => (c.major = true));

    return {
      judge(v): Judgement {
        let cluster = 0;
        let distance = Infinity;
        let score = Infinity;
        // The major cluster with the lowest distance ÷ spread (the first on a tie): what the score is measured against.
        let against: Judgement['against'];
        for (const c of clusters) {
          const x = gowerDistance(v, c.medoid, schema);
          if (x < distance) {
            distance = x;
            cluster = c.id;
          }
          if (c.major && x / c.spread < score) {
            score = x / c.spread;
            against = { cluster: c.id, distance: x };
          }
        }
        return { cluster, distance: k ? distance : 0, score: k ? score : 0, ...(against ? { against } : {}) };
      },
      explain(v, judgement): ScoreReason | undefined {
        if (!judgement.against) return undefined;
        const { cluster, distance } = judgement.against;
        const { medoid, spread } = clusters[cluster];
        // gowerDistance's terms, feature by feature: w·d over the features both sides have.
        const parts = schema.types.map((type, f) => {
          const a = v[f];
          const b = medoid[f];
          if (schema.weights[f] === 0 || a === undefined || b === undefined) return 0;
          return schema.weights[f] * featureDistance(a, b, type, schema.ranges[f]);
        });
        const total = parts.reduce((s, x) => s + x, 0);
        return { cluster, distance, spread, shares: parts.map((x) => (total > 0 ? x / total : 0)) };
      },
      clusters: () => clusters,
      featureSeparation() {
        const f = schema.types.length;
        const parts = new Array<number>(f).fill(0);
        for (let i = 0; i < k; i++)
          for (let j = i + 1; j < k; j++) {
            const pairWeight = clusters[i].sampleSize * clusters[j].sampleSize;
            for (let x = 0; x < f; x++) {
              const a = medoidVectors[i][x];
              const b = medoidVectors[j][x];
              if (a === undefined || b === undefined) continue;
              parts[x] += pairWeight * schema.weights[x] * featureDistance(a, b, schema.types[x], schema.ranges[x]);
            }
          }
        const total = parts.reduce((s, x) => s + x, 0);
        return parts.map((x) => (total > 0 ? x / total : 0));
      },
      diagnostics: () => ({
        engine: 'kmedoids',
        k: chosenK,
        sample: n,
        ...Object.fromEntries(Object.entries(silhouettes).map(([kk, s]) => [`silhouette_k${kk}`, s])),
      }),
    };
  },
};

export const ENGINES_BY_ID: Readonly<Record<string, AnomalyEngine>> = { kmedoids: kMedoidsEngine };
