import { partitionOf } from './partition';

describe('partitionOf', () => {
  const users = Array.from({ length: 2000 }, (_, i) => `user${i}`);

  it('gives every user exactly one of the N task instances, and spreads them', () => {
    for (const n of [1, 2, 3, 7, 64]) {
      const counts = new Array<number>(n).fill(0);
      for (const user of users) {
        const p = partitionOf(user, n);
        expect(Number.isInteger(p) && p >= 0 && p < n).toBe(true);
        counts[p]++;
      }
      expect(Math.min(...counts)).toBeGreaterThan((users.length / n) * 0.7);
    }
  });

  it('refuses a partition count that is not a whole number from 1 to 64 instead of leaving users unowned', () => {
    // With 1.5, hash % 1.5 is 0, 1 or a fraction: the users with a fraction belonged to no instance.
    for (const bad of [1.5, 0, -2, 65, Number.NaN]) expect(() => partitionOf('alice', bad)).toThrow(/partitions/);
  });
});
