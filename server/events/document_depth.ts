import { isPrototypeKey } from '../../common/own_keys';

/**
 * How deep a document nests, measured with a bounded walk: the normaliser, the stable id and the alert writer all
 * walk documents recursively, and a line nested a few thousand levels deep overflowed the stack and aborted the CLI.
 *
 * The bound: Elasticsearch refuses to map an object deeper than `index.mapping.depth.limit` (default 20), so no
 * document it holds is deeper. 32 leaves room for the hit wrapper (`_source`), arrays, and dotted keys, which count
 * one level per segment because they expand into nested objects (`"a.b.c"` is three levels).
 */
export const MAX_DOCUMENT_DEPTH = 32;

/**
 * Whether `value` nests deeper than `limit` levels of objects, arrays or dotted-key segments. The walk recurses, but
 * never further than `limit` levels (it answers as soon as a level passes the limit), so a document nested
 * thousands of levels deep costs `limit` stack frames, not thousands. It allocates nothing: every login the pass
 * reads goes through here (a stack of `{value, depth}` records per node cost the 1M-login pass seconds of garbage).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  return deeper(value, 0, limit);
}

/**
 * `nestsDeeperThan` and, in the same walk, whether any key anywhere is dotted or leads to a prototype (what
 * `expandDottedKeys` rewrites, server/events/ecs_document.ts): `plain` documents — what Elastic's shippers write —
 * need no second walk to find that out. `too_deep` as soon as a level passes the limit.
 */
export function documentShape(value: unknown, limit: number): 'too_deep' | 'dotted' | 'plain' {
  sawRewrite = false;
  if (deeper(value, 0, limit)) return 'too_deep';
  return sawRewrite ? 'dotted' : 'plain';
}

/** Set by `deeper` when it meets a dotted or prototype key (reset by documentShape; the walk is synchronous). */
let sawRewrite = false;

function deeper(current: unknown, depth: number, limit: number): boolean {
  if (typeof current !== 'object' || current === null) return false;
  if (Array.isArray(current)) {
    if (depth + 1 > limit) return true;
    for (let i = 0; i < current.length; i++) {
      const child: unknown = current[i];
      if (typeof child === 'object' && child !== null && deeper(child, depth + 1, limit)) return true;
    }
    return false;
  }
  const record = current as Record<string, unknown>;
  // for…in with an own-key check: the keys Object.keys lists, without building its array.
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    let segments = 1;
    for (let i = key.indexOf('.'); i !== -1; i = key.indexOf('.', i + 1)) segments++;
    if (segments > 1 || isPrototypeKey(key)) sawRewrite = true;
    if (depth + segments > limit) return true;
    // Scalars (most values) are answered here, without a call.
    const child = record[key];
    if (typeof child === 'object' && child !== null && deeper(child, depth + segments, limit)) return true;
  }
  return false;
}
