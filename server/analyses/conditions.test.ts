import { compileCondition, globMatch, hasEncodedToken } from './conditions';
import type { Comparison, Condition } from './definition';

const cmp = (field: string, op: Comparison['op'], value?: Comparison['value'], ignoreCase = false): Comparison => ({
  field,
  op,
  ...(value === undefined ? {} : { value }),
  ignoreCase,
});
const test = (c: Condition, r: Record<string, unknown>) => compileCondition(c)(r);

describe('per-record conditions', () => {
  const rec = { 'dns.question.type': 'TXT', 'client.bytes': '42', user: { name: 'Alice' }, tags: ['a', 'b'] };

  it('compares numbers as numbers and text as text, on flat or nested fields', () => {
    expect(test(cmp('client.bytes', 'gt', 40), rec)).toBe(true);
    expect(test(cmp('client.bytes', 'lte', 41), rec)).toBe(false);
    expect(test(cmp('client.bytes', 'eq', 42), rec)).toBe(true);
    expect(test(cmp('user.name', 'eq', 'alice'), rec)).toBe(false);
    expect(test(cmp('user.name', 'eq', 'alice', true), rec)).toBe(true);
    expect(test(cmp('user.name', 'ne', 'bob'), rec)).toBe(true);
  });

  it('a missing field matches nothing but `missing` (ne and not_in included)', () => {
    expect(test(cmp('nope', 'ne', 'x'), rec)).toBe(false);
    expect(test(cmp('nope', 'not_in', ['x']), rec)).toBe(false);
    expect(test(cmp('nope', 'missing'), rec)).toBe(true);
    expect(test(cmp('user.name', 'exists'), rec)).toBe(true);
  });

  it('set membership, prefix, suffix, contains, glob', () => {
    expect(test(cmp('dns.question.type', 'in', ['TXT', 'NULL']), rec)).toBe(true);
    expect(test(cmp('dns.question.type', 'not_in', ['A', 'AAAA']), rec)).toBe(true);
    expect(test(cmp('user.name', 'prefix', 'Al'), rec)).toBe(true);
    expect(test(cmp('user.name', 'suffix', 'CE', true), rec)).toBe(true);
    expect(test(cmp('user.name', 'contains', 'lic'), rec)).toBe(true);
    expect(test(cmp('user.name', 'glob', 'A?i*'), rec)).toBe(true);
    expect(test(cmp('user.name', 'glob', 'B*'), rec)).toBe(false);
  });

  it('multi-valued fields match when any element does', () => {
    expect(test(cmp('tags', 'eq', 'b'), rec)).toBe(true);
    expect(test(cmp('tags', 'eq', 'c'), rec)).toBe(false);
  });

  it('all / any / not combine', () => {
    const c: Condition = {
      all: [cmp('dns.question.type', 'eq', 'TXT'), { not: cmp('user.name', 'eq', 'Bob') }],
    };
    expect(test(c, rec)).toBe(true);
    expect(test({ any: [cmp('user.name', 'eq', 'Bob'), cmp('client.bytes', 'lt', 10)] }, rec)).toBe(false);
  });

  it("a record's __proto__ or constructor key is only a field, never the prototype", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": "x"}') as Record<string, unknown>;
    expect(test(cmp('polluted', 'exists'), hostile)).toBe(false);
    expect(test(cmp('constructor', 'eq', 'x'), hostile)).toBe(true);
    expect(test(cmp('toString', 'exists'), {})).toBe(false);
  });
});

describe('glob matching cannot backtrack without bound', () => {
  it('matches * and ? and literals', () => {
    expect(globMatch('*.example.com', 'a.b.example.com')).toBe(true);
    expect(globMatch('*.example.com', 'example.com')).toBe(false);
    expect(globMatch('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatch('a*b*c', 'axxbyy')).toBe(false);
    expect(globMatch('', '')).toBe(true);
    expect(globMatch('**', 'anything')).toBe(true);
    expect(globMatch('.*', 'ab')).toBe(false); // regex syntax is literal
  });

  it('a pattern that takes exponential time as a regex ends at once', () => {
    const text = 'a'.repeat(20_000);
    const pattern = `${'*a'.repeat(50)}b`;
    const t0 = performance.now();
    expect(globMatch(pattern, text)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('encoded tokens (anomal has_dns_data_b64_encoded)', () => {
  it('finds a long run of base64 characters mixing letters and digits', () => {
    expect(hasEncodedToken('gD9i1u9LQ/xSPZgv/gIlvrstYjmfzXkeczlLgtvaErpC==', 16)).toBe(true);
    expect(hasEncodedToken('nx6ehlcsy4vu6gtbaeg3fu3t.data.example.net', 20)).toBe(true);
  });

  it('ignores words, short runs and dotted names', () => {
    expect(hasEncodedToken('internationalization', 16)).toBe(false); // no digit
    expect(hasEncodedToken('172.217.173.142', 16)).toBe(false);
    expect(hasEncodedToken('abc123', 16)).toBe(false);
  });
});
