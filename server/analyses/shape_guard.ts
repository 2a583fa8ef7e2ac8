/**
 * The first check on any imported analysis or pack, before its meaning is read: a document too deep, too large, with
 * a list too long or a prototype key (`__proto__`, `constructor`, `prototype`) is refused whole. Counting every node
 * visited also stops YAML alias bombs, whose aliases are shared references that a naive walk would expand.
 */
export const SHAPE_LIMITS = { depth: 12, nodes: 20_000, listLength: 10_000, stringLength: 10_000 } as const;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function shapeProblem(value: unknown): string | undefined {
  let nodes = 0;
  const walk = (v: unknown, path: string, depth: number): string | undefined => {
    if (++nodes > SHAPE_LIMITS.nodes) return `the document has more than ${SHAPE_LIMITS.nodes} values`;
    if (depth > SHAPE_LIMITS.depth)
      return `${path || 'the document'} is nested deeper than ${SHAPE_LIMITS.depth} levels`;
    if (typeof v === 'string') {
      return v.length > SHAPE_LIMITS.stringLength
        ? `${path || 'the document'} is longer than ${SHAPE_LIMITS.stringLength} characters`
        : undefined;
    }
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return undefined;
    if (Array.isArray(v)) {
      if (v.length > SHAPE_LIMITS.listLength) return `${path} has more than ${SHAPE_LIMITS.listLength} entries`;
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], `${path}[${i}]`, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${path || 'the document'} is not plain data`;
      for (const key of Object.keys(v)) {
        if (PROTOTYPE_KEYS.has(key)) return `${path ? `${path}.` : ''}${key}: this key is not allowed`;
        const p = walk((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    return `${path || 'the document'} holds a ${typeof v}, which is not data`;
  };
  return walk(value, '', 0);
}
