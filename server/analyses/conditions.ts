/**
 * Per-record conditions, compiled once. Patterns are prefix/suffix/contains and globs (`*`, `?`) matched by a
 * two-pointer walk in O(text × pattern) at worst: nothing a user writes becomes a regular expression, so no pattern
 * can backtrack without bound. A comparison on a field the record lacks is false (`ne`, `not_in` included): use
 * `missing` to match absence, so a flag never fires on records that simply do not carry the field.
 */
import type { Comparison, Condition } from './definition';
import { fieldReader, numberOf, textOf, type AnalysisRecord } from './record';

export type RecordTest = (record: AnalysisRecord) => boolean;

/** Multi-valued fields are tested element by element (any element matching is a match), up to this many. */
const MAX_ELEMENTS = 100;

export function compileCondition(c: Condition): RecordTest {
  if ('all' in c) {
    const parts = c.all.map(compileCondition);
    return (r) => parts.every((p) => p(r));
  }
  if ('any' in c) {
    const parts = c.any.map(compileCondition);
    return (r) => parts.some((p) => p(r));
  }
  if ('not' in c) {
    const inner = compileCondition(c.not);
    return (r) => !inner(r);
  }
  return compileComparison(c);
}

function compileComparison(c: Comparison): RecordTest {
  const read = fieldReader(c.field);
  if (c.op === 'exists' || c.op === 'missing') {
    const want = c.op === 'exists';
    return (r) => {
      const v = read(r);
      return (v !== undefined && v !== null && v !== '') === want;
    };
  }
  const test = valueTest(c);
  return (r) => {
    const v = read(r);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && i < MAX_ELEMENTS; i++) if (test(v[i])) return true;
      return false;
    }
    return test(v);
  };
}

function valueTest(c: Comparison): (v: unknown) => boolean {
  const fold = (s: string) => (c.ignoreCase ? s.toLowerCase() : s);
  const text = (v: unknown): string | undefined => {
    const t = textOf(v);
    return t === undefined ? undefined : fold(t);
  };
  const operand = c.value;
  switch (c.op) {
    case 'eq':
    case 'ne': {
      const want = c.op === 'eq';
      if (typeof operand === 'number')
        return (v) => (numberOf(v) === undefined ? false : (numberOf(v) === operand) === want);
      const s = fold(String(operand));
      return (v) => {
        const t = text(v);
        return t === undefined ? false : (t === s) === want;
      };
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const cmp = (d: number) => (c.op === 'lt' ? d < 0 : c.op === 'lte' ? d <= 0 : c.op === 'gt' ? d > 0 : d >= 0);
      if (typeof operand === 'number')
        return (v) => {
          const n = numberOf(v);
          return n !== undefined && cmp(n - operand);
        };
      const s = fold(String(operand));
      return (v) => {
        const t = text(v);
        return t !== undefined && cmp(t < s ? -1 : t > s ? 1 : 0);
      };
    }
    case 'in':
    case 'not_in': {
      const set = new Set((operand as Array<string | number>).map((x) => fold(String(x))));
      const want = c.op === 'in';
      return (v) => {
        const t = text(v);
        return t === undefined ? false : set.has(t) === want;
      };
    }
    case 'prefix':
    case 'suffix':
    case 'contains': {
      const s = fold(String(operand));
      const op = c.op;
      return (v) => {
        const t = text(v);
        if (t === undefined) return false;
        return op === 'prefix' ? t.startsWith(s) : op === 'suffix' ? t.endsWith(s) : t.includes(s);
      };
    }
    case 'glob': {
      const pattern = fold(String(operand));
      return (v) => {
        const t = text(v);
        return t !== undefined && globMatch(pattern, t);
      };
    }
    case 'base64_token': {
      const min = typeof operand === 'number' ? operand : 16;
      return (v) => {
        const t = textOf(v);
        return t !== undefined && hasEncodedToken(t, min);
      };
    }
    default:
      return () => false;
  }
}

/**
 * Glob match: `*` any run of characters, `?` one character, everything else literal. On a mismatch the walk resumes
 * one character past the last `*`'s anchor, never re-trying earlier stars, hence O(text × pattern) at worst.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let anchor = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || (pattern[p] !== '*' && pattern[p] === text[t]))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      anchor = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++anchor;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

function isBase64Char(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;
}

/**
 * Whether the text holds a run of at least `min` base64/base32/hex characters (`A–Z a–z 0–9 + / =`) that mixes letters
 * and digits: encoded payloads do, words and ordinary host labels rarely reach the length with digits in them. One
 * linear scan.
 */
export function hasEncodedToken(text: string, min: number): boolean {
  let run = 0;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : -1;
    if (c >= 0 && isBase64Char(c)) {
      run++;
      if (c >= 48 && c <= 57) digits++;
      else if (c !== 43 && c !== 47 && c !== 61) letters++;
      continue;
    }
    if (run >= min && letters > 0 && digits > 0) return true;
    run = letters = digits = 0;
  }
  return false;
}
