/**
 * How deep a document nests, measured without recursion: the normaliser, the stable id and the alert writer all walk
 * documents recursively, and a line nested a few thousand levels deep overflowed the stack and aborted the CLI.
 *
 * The bound: Elasticsearch refuses to map an object deeper than `index.mapping.depth.limit` (default 20), so no
 * document it holds is deeper. 32 leaves room for the hit wrapper (`_source`), arrays, and dotted keys, which count
 * one level per segment because they expand into nested objects (`"a.b.c"` is three levels).
 */
export const MAX_DOCUMENT_DEPTH = 32;

/** Whether `value` nests deeper than `limit` levels of objects, arrays or dotted-key segments. Iterative. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (Array.isArray(current)) {
      if (depth + 1 > limit) return true;
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) {
      let segments = 1;
      for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) segments++;
      if (depth + segments > limit) return true;
      stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + segments });
    }
  }
  return false;
}
