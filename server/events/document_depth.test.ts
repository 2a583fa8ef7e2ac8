import { documentShape, MAX_DOCUMENT_DEPTH, nestsDeeperThan } from './document_depth';
import { normalizeLogin } from './normalize_login';

const nest = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects, arrays and dotted-key segments as levels', () => {
    expect(nestsDeeperThan(nest(3), 3)).toBe(false);
    expect(nestsDeeperThan(nest(4), 3)).toBe(true);
    expect(nestsDeeperThan([[[1]]], 3)).toBe(false);
    expect(nestsDeeperThan([[[[1]]]], 3)).toBe(true);
    expect(nestsDeeperThan({ 'a.b.c': 1 }, 3)).toBe(false);
    expect(nestsDeeperThan({ 'a.b': { 'c.d': 1 } }, 3)).toBe(true);
    expect(nestsDeeperThan('a.b.c.d', 1)).toBe(false);
  });

  it('walks a million levels without overflowing the stack', () => {
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`), MAX_DOCUMENT_DEPTH)).toBe(
      true,
    );
  });
});

describe('documentShape', () => {
  it('says in one walk whether a document is too deep, or has a key expandDottedKeys rewrites', () => {
    expect(documentShape({ a: { b: [1, { c: 2 }] } }, 4)).toBe('plain');
    expect(documentShape({ a: { b: [1, { c: 2 }] } }, 3)).toBe('too_deep');
    expect(documentShape({ a: [{ 'b.c': 1 }] }, 4)).toBe('dotted');
    expect(documentShape(JSON.parse('{"a": {"__proto__": {"x": 1}}}'), 4)).toBe('dotted');
    expect(documentShape({ a: { constructor: 1 } }, 4)).toBe('dotted');
    // Too deep wins over dotted, whichever comes first.
    expect(documentShape({ 'a.b': 1, c: nest(5) }, 3)).toBe('too_deep');
    expect(documentShape({ c: nest(5), 'a.b': 1 }, 3)).toBe('too_deep');
    // A dotted key after a plain document resets nothing: each call starts afresh.
    expect(documentShape({ a: 1 }, 3)).toBe('plain');
  });
});

describe('normalizeLogin: depth', () => {
  const login = {
    '@timestamp': '2025-03-01T00:00:00Z',
    event: { category: 'authentication', outcome: 'success' },
    user: { name: 'alice' },
  };

  it('keeps the deepest documents Elasticsearch can index (its default depth limit is 20)', () => {
    expect(normalizeLogin({ _source: { ...login, source: { deep: nest(18) } } }).ok).toBe(true);
  });

  it('rejects a document nested deeper than the bound, with the reason', () => {
    expect(normalizeLogin({ ...login, source: { deep: nest(MAX_DOCUMENT_DEPTH) } })).toMatchObject({
      ok: false,
      code: 'too_deep',
      reason: 'nested too deeply',
      detail: 'more than 32 levels of objects, arrays or dotted keys',
    });
  });
});
