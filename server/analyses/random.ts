/**
 * mulberry32: a seeded generator, so a fit is the same for the same input and seed (no Math.random in the engine).
 * The generators of sample data (scripts/) and the tests' seeded histories use it too: one seed, one sequence.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
