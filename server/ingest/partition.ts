/**
 * Which partition owns a user. The hash is of the name as the detection core knows it (trimmed, lower-cased, as
 * server/events/normalize_login.ts makes it), so every spelling of one user lands in the same partition and one
 * task instance owns the user's state. FNV-1a: stable across processes and versions, unlike anything seeded.
 */
export function normaliseUserName(name: string): string {
  return name.trim().toLowerCase();
}

/** Most task instances one cluster may run (kibana.yml `buffalogs.partitions`, `buffalogs run --partitions`). */
export const MAX_PARTITIONS = 64;

/** Why a partition count is unusable, or `undefined`; every entry point checks with this. */
export function partitionsProblem(partitions: number): string | undefined {
  return Number.isInteger(partitions) && partitions >= 1 && partitions <= MAX_PARTITIONS
    ? undefined
    : `must be a whole number from 1 to ${MAX_PARTITIONS}`;
}

/**
 * Throws on a count that is not a whole number in range: `hash % 1.5` is 0, 1 or a fraction, and the users with a
 * fraction (about 40%) would belong to no instance and never be judged.
 */
export function partitionOf(normalisedUser: string, partitions: number): number {
  const problem = partitionsProblem(partitions);
  if (problem) throw new Error(`partitions ${problem}, not ${partitions}`);
  if (partitions === 1) return 0;
  return fnv1a(normalisedUser) % partitions;
}

/** 32-bit FNV-1a over UTF-16 code units; another `seed` (offset basis) gives another hash of the same text. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
