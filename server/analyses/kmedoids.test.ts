import { DEFAULT_ENGINE } from './definition';
import type { AnomalyModel } from './engine';
import type { FeatureVector } from './features';
import { kMedoidsEngine, MIN_SPREAD } from './kmedoids';
import { seededRandom } from './random';

const settings = { ...DEFAULT_ENGINE, seed: 7 };
/** The reason for a vector's score, as the analyzer asks for it: after judging it. */
const explained = (model: AnomalyModel, v: FeatureVector) => model.explain(v, model.judge(v));
const numeric1 = { types: ['numeric'] as const, weights: [1] };

function blob(center: number, n: number, rand: () => number, width = 0.5): FeatureVector[] {
  return Array.from({ length: n }, () => [center + (rand() - 0.5) * width]);
}

describe('k-medoids on Gower distances', () => {
  it('finds two well-separated groups, with k chosen by silhouette and medoids inside each', () => {
    const rand = seededRandom(1);
    const sample = [...blob(0, 30, rand), ...blob(10, 20, rand)];
    const model = kMedoidsEngine.fit(sample, numeric1, settings);
    expect(model.diagnostics().k).toBe(2);
    const clusters = [...model.clusters()].sort((a, b) => (a.medoid[0] as number) - (b.medoid[0] as number));
    expect(clusters.map((c) => c.sampleSize)).toEqual([30, 20]);
    expect(Math.abs(clusters[0].medoid[0] as number)).toBeLessThan(0.25);
    expect(Math.abs((clusters[1].medoid[0] as number) - 10)).toBeLessThan(0.25);
    expect(model.featureSeparation()).toEqual([1]);
  });

  it('finds three groups on mixed data (a number and a category)', () => {
    const rand = seededRandom(2);
    const sample: FeatureVector[] = [
      ...blob(0, 25, rand).map((v) => [v[0], 'A']),
      ...blob(0, 25, rand).map((v) => [v[0], 'B']),
      ...blob(10, 25, rand).map((v) => [v[0], 'A']),
    ];
    const model = kMedoidsEngine.fit(sample, { types: ['numeric', 'categorical'], weights: [1, 1] }, settings);
    expect(model.diagnostics().k).toBe(3);
    const medoids = model.clusters().map((c) => `${Math.round(c.medoid[0] as number)}${c.medoid[1]}`);
    expect(medoids.sort()).toEqual(['0A', '0B', '10A']);
    // Both features separate the groups: the category (A vs B) and the number (0 vs 10).
    const [num, cat] = model.featureSeparation();
    expect(num).toBeGreaterThan(0.2);
    expect(cat).toBeGreaterThan(0.2);
  });

  it('scores a far record highest, ~≤1 inside a cluster, and judges each record with k distances', () => {
    const rand = seededRandom(3);
    const sample = [...blob(0, 40, rand, 2), ...blob(10, 40, rand, 2)];
    const model = kMedoidsEngine.fit(sample, numeric1, settings);
    const inside = model.judge([0.3]);
    const between = model.judge([5]);
    expect(inside.score).toBeLessThanOrEqual(1.2);
    // A value beyond the fitted range counts as the whole range: as far as one can be on this feature.
    const far = model.judge([100]);
    expect(far.score).toBeGreaterThan(between.score);
    expect(between.score).toBeGreaterThan(inside.score);
  });

  it('a small tight cluster is not a baseline: its members score against the major clusters', () => {
    const rand = seededRandom(4);
    // 95 ordinary records and 5 identical odd ones: the odd ones form their own cluster (5 % < minClusterShare 10 %).
    const sample = [...blob(0, 95, rand, 1), ...Array.from({ length: 5 }, () => [10])];
    const model = kMedoidsEngine.fit(sample, numeric1, { ...settings, minClusterShare: 0.1 });
    const minor = model.clusters().find((c) => !c.major);
    expect(minor?.sampleSize).toBe(5);
    const odd = model.judge([10]);
    expect(odd.cluster).toBe(minor?.id);
    expect(odd.distance).toBe(0);
    expect(odd.score).toBeGreaterThan(5);
    // Its reason is the major cluster the score came from, not the minor one it sits in.
    const why = explained(model, [10])!;
    expect(why.cluster).not.toBe(minor?.id);
    expect(why.distance / why.spread).toBeCloseTo(odd.score, 9);
    expect(why.shares).toEqual([1]);
  });

  it('is deterministic for a seed, and spreads are never below the floor', () => {
    const rand = seededRandom(5);
    const sample = [...blob(0, 50, rand), ...blob(5, 50, rand), ...blob(9, 50, rand)];
    const a = kMedoidsEngine.fit(sample, numeric1, settings);
    const b = kMedoidsEngine.fit(sample, numeric1, settings);
    expect(a.clusters()).toEqual(b.clusters());
    expect(a.clusters().every((c) => c.spread >= MIN_SPREAD)).toBe(true);
  });

  it('an empty or constant sample gives one cluster and finite scores', () => {
    const constant = kMedoidsEngine.fit(
      Array.from({ length: 10 }, () => [1]),
      numeric1,
      settings,
    );
    expect(constant.clusters()).toHaveLength(1);
    expect(constant.judge([1]).score).toBe(0);
    const empty = kMedoidsEngine.fit([], numeric1, settings);
    expect(empty.judge([1])).toEqual({ cluster: 0, distance: 0, score: 0 });
    expect(explained(empty, [1])).toBeUndefined();
  });
});

describe('why a record scored as it did (explain)', () => {
  // Two groups, [0, A] and [10, B]: range 10 on the number; every member equal to its medoid, so each spread is the
  // floor. The category weighs twice the number.
  const sample: FeatureVector[] = [
    ...Array.from({ length: 20 }, () => [0, 'A']),
    ...Array.from({ length: 20 }, () => [10, 'B']),
  ];
  const model = kMedoidsEngine.fit(sample, { types: ['numeric', 'categorical'], weights: [1, 2] }, settings);
  const idOf = (number: number) => model.clusters().find((c) => c.medoid[0] === number)!.id;

  it('splits the distance to the medoid into each feature’s weighted part (hand-computed)', () => {
    // [2, B] against [10, B]: (1 × 8/10 + 2 × 0) / 3 = 0.2667, all of it the number's.
    const near = explained(model, [2, 'B'])!;
    expect(near.cluster).toBe(idOf(10));
    expect(near.distance).toBeCloseTo(0.8 / 3, 9);
    expect(near.spread).toBe(MIN_SPREAD);
    expect(near.shares).toEqual([1, 0]);
    // [5, C] is as far from both: (1 × 0.5 + 2 × 1) / 3; of that, 0.5 / 2.5 the number's and 2 / 2.5 the category's.
    const between = explained(model, [5, 'C'])!;
    expect(between.distance).toBeCloseTo(2.5 / 3, 9);
    expect(between.shares[0]).toBeCloseTo(0.2, 9);
    expect(between.shares[1]).toBeCloseTo(0.8, 9);
  });

  it('measures against the cluster the score came from: score = distance ÷ spread', () => {
    for (const v of [
      [2, 'B'],
      [4, 'A'],
      [5, 'C'],
      [100, 'Z'],
    ] as FeatureVector[]) {
      const j = model.judge(v);
      const why = explained(model, v)!;
      expect(why.distance / why.spread).toBeCloseTo(j.score, 9);
    }
  });

  it('a feature missing from the record takes no part of the distance', () => {
    const why = explained(model, [undefined, 'C'])!;
    expect(why.shares).toEqual([0, 1]);
  });

  it('a record equal to a medoid has no distance and no shares', () => {
    expect(explained(model, [0, 'A'])).toEqual({ cluster: idOf(0), distance: 0, spread: MIN_SPREAD, shares: [0, 0] });
  });
});
