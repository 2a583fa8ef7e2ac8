import { gowerDistance, rangesOf, type GowerSchema } from './gower';

describe('Gower distance (hand-computed)', () => {
  const schema: GowerSchema = { types: ['numeric', 'categorical', 'numeric'], weights: [1, 2, 1], ranges: [10, 0, 4] };

  it('weights the per-feature distances and leaves out features missing on either side', () => {
    // f0 |2−7|/10 = 0.5 (w 1); f1 x≠y → 1 (w 2); f2 missing → out. (0.5 + 2) / 3
    expect(gowerDistance([2, 'x', 1], [7, 'y', undefined], schema)).toBeCloseTo(2.5 / 3, 12);
    // f0 10/10 = 1; f1 equal → 0; f2 2/4 = 0.5 → (1 + 0 + 0.5) / 4
    expect(gowerDistance([2, 'x', 1], [12, 'x', 3], schema)).toBeCloseTo(0.375, 12);
  });

  it('is 0 for identical records, symmetric, and caps a numeric gap beyond the range at 1', () => {
    expect(gowerDistance([2, 'x', 1], [2, 'x', 1], schema)).toBe(0);
    expect(gowerDistance([2, 'x', 1], [30, 'x', 1], schema)).toBeCloseTo(1 / 4, 12);
    expect(gowerDistance([30, 'y', 0], [2, 'x', 1], schema)).toBe(gowerDistance([2, 'x', 1], [30, 'y', 0], schema));
  });

  it('ignores zero-weight features and returns 0 when nothing is comparable', () => {
    const s: GowerSchema = { types: ['numeric', 'categorical'], weights: [0, 1], ranges: [5, 0] };
    expect(gowerDistance([0, 'a'], [5, 'a'], s)).toBe(0);
    expect(gowerDistance([undefined, undefined], [1, 'a'], s)).toBe(0);
  });

  it('a numeric feature constant in the sample counts any difference as the full distance', () => {
    const s: GowerSchema = { types: ['numeric'], weights: [1], ranges: [0] };
    expect(gowerDistance([3], [3], s)).toBe(0);
    expect(gowerDistance([3], [4], s)).toBe(1);
  });

  it('ranges are max − min of the numeric features present', () => {
    expect(
      rangesOf(
        [
          [1, 'a'],
          [5, 'b'],
          [undefined, 'c'],
          [3, 'a'],
        ],
        ['numeric', 'categorical'],
      ),
    ).toEqual([4, 0]);
  });

  it('a range wider than a double holds (1e308 and -1e308) is the largest double, not Infinity', () => {
    const [range] = rangesOf([[1e308], [-1e308], [5]], ['numeric']);
    expect(range).toBe(Number.MAX_VALUE);
    const s: GowerSchema = { types: ['numeric'], weights: [1], ranges: [range] };
    // Infinity made the extremes' own distance Infinity / Infinity (NaN) and every other one 0.
    expect(gowerDistance([1e308], [-1e308], s)).toBe(1);
    expect(gowerDistance([1e308], [5], s)).toBeCloseTo(1e308 / Number.MAX_VALUE, 12);
  });
});
