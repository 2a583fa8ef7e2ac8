/**
 * Property-based fuzzing of what a log line can do: random JSON, hostile keys (`__proto__`, `constructor`,
 * `prototype` and inherited names, alone or inside dotted keys), wrong types, huge strings and numbers, deep-ish
 * nesting, arrays where scalars belong. Through the normaliser, and through the CLI's detect path in-process. The only
 * outcome allowed besides a login is a documented rejection; nothing may throw, and the built-ins must be exactly as
 * before. Runs are bounded (a few hundred, seconds in all); on failure fast-check prints the seed and the shrunk input.
 */
import fc from 'fast-check';
import { PassThrough, Readable } from 'node:stream';
import { builtinChanges, restoreBuiltins, snapshotBuiltins } from '../../test/helpers/builtins';
import { main } from '../cli/main';
import { REJECTION_REASONS, normalizeLogin } from './normalize_login';

const HOSTILE_SEGMENTS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const ECS_SEGMENTS = ['event', 'outcome', 'category', 'type', 'user', 'name', 'source', 'ip', 'geo', 'location', 'as'];

/** A key as pipelines write them: one segment or a dotted path, with hostile segments anywhere. */
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...HOSTILE_SEGMENTS, ...ECS_SEGMENTS, '@timestamp', '_source', '_id', '_index', '', '.', '..'),
  fc
    .array(fc.constantFrom(...HOSTILE_SEGMENTS, ...ECS_SEGMENTS, 'x', ''), { minLength: 2, maxLength: 5 })
    .map((parts) => parts.join('.')),
);

const HUGE = 'x'.repeat(100_000);
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('success', 'authentication', 'start', '192.0.2.1', '::1', '2025-02-26T13:40:15Z', HUGE, ''),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324, 8.64e15, 1740577215000),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

/** JSON text of an object with these entries (own `__proto__` keys included, as JSON.parse makes them). */
type Tree = { entries: Array<[string, Tree]> } | { array: Tree[] } | { value: unknown };
const toJson = (t: Tree): string =>
  'entries' in t
    ? `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`
    : 'array' in t
      ? `[${t.array.map(toJson).join(',')}]`
      : (JSON.stringify(t.value) ?? 'null');

const tree = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar.map((value) => ({ value })),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 6 }).map((entries) => ({ entries })),
    fc.array(tie('tree'), { maxLength: 3 }).map((array) => ({ array })),
  ),
})).tree;

/** Deep-ish nesting (well below the stack, which is a separate limit): {"a":{"a":…}} or dotted keys at depth. */
const deep = fc.tuple(fc.integer({ min: 50, max: 400 }), key, scalar).map(([depth, k, v]) => {
  let text = JSON.stringify(v) ?? 'null';
  for (let i = 0; i < depth; i++) text = `{${JSON.stringify(i % 2 ? k : 'source.geo')}:${text}}`;
  return text;
});

const LOGIN_ENTRIES: Array<[string, unknown]> = [
  ['@timestamp', '2025-02-26T13:40:15Z'],
  ['event.category', 'authentication'],
  ['event.outcome', 'success'],
  ['event.id', 'e1'],
  ['user.name', 'alice'],
  ['source.ip', '192.0.2.1'],
];
const loginWith = (extra: Array<[string, string]>): string =>
  `{${[...LOGIN_ENTRIES.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`), ...extra.map(([k, v]) => `${JSON.stringify(k)}:${v}`)].join(',')}}`;

const document = fc.oneof(
  tree.map(toJson),
  deep,
  fc.array(fc.tuple(key, tree.map(toJson)), { maxLength: 6 }).map(loginWith),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

let before: ReturnType<typeof snapshotBuiltins>;
beforeEach(() => (before = snapshotBuiltins()));
afterEach(() => restoreBuiltins(before));

const KNOWN_REASONS = new Set(Object.values(REJECTION_REASONS));

describe('normaliser fuzz', () => {
  it('any document is a login or a documented rejection, and the built-ins stay untouched', () => {
    fc.assert(
      fc.property(document, (text) => {
        const result = normalizeLogin(JSON.parse(text) as unknown);
        if (result.ok) {
          expect(typeof result.event.user).toBe('string');
          expect(Number.isFinite(result.event.timestamp)).toBe(true);
        } else {
          expect(KNOWN_REASONS.has(result.reason)).toBe(true);
        }
        expect(builtinChanges(before)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('fields whose path crosses a prototype key change nothing: the login is the same login', () => {
    const plain = normalizeLogin(JSON.parse(loginWith([])));
    const prototypeKey = fc
      .tuple(
        fc.array(fc.constantFrom(...ECS_SEGMENTS, 'x'), { maxLength: 3 }),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.array(fc.constantFrom(...ECS_SEGMENTS, ...HOSTILE_SEGMENTS, 'x'), { maxLength: 3 }),
      )
      .map(([a, hostile, b]) => [...a, hostile, ...b].join('.'));
    fc.assert(
      fc.property(fc.array(fc.tuple(prototypeKey, tree.map(toJson)), { minLength: 1, maxLength: 5 }), (extra) => {
        expect(normalizeLogin(JSON.parse(loginWith(extra)))).toEqual(plain);
        expect(builtinChanges(before)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

async function detect(lines: string[]): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const err: string[] = [];
  stdout.resume();
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const code = await main(['detect', '--input', '-', '--now', '2025-03-01T00:00:00Z'], {
    stdin: Readable.from([lines.join('\n')]),
    stdout,
    stderr,
  });
  return { code, stderr: err.join('') };
}

describe('CLI detect fuzz (in-process)', () => {
  /** Real-looking logins (so the detectors run), mixed with hostile and random lines and broken JSON. */
  const login = fc
    .record({
      user: fc.constantFrom('alice', 'bob', '__proto__', 'constructor', 'toString'),
      // Within the Date range: numeric timestamps outside it are the separate edge-case fix of issue 10.
      ts: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 1, 28) }),
      ip: fc.ipV4(),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      extra: fc.array(fc.tuple(key, tree.map(toJson)), { maxLength: 3 }),
    })
    .map(({ user, ts, ip, lat, lon, extra }) =>
      loginWith([
        ['user.name', JSON.stringify(user)],
        ['@timestamp', JSON.stringify(new Date(ts).toISOString())],
        ['source.ip', JSON.stringify(ip)],
        ['source.geo.location', JSON.stringify({ lat, lon })],
        ['source.geo.country_name', JSON.stringify(lat > 0 ? 'North' : 'South')],
        ...extra,
      ]),
    );
  const line = fc.oneof(
    login,
    login,
    document,
    fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
    fc.constant('{"broken": '),
  );

  it('exits 0 with a summary that counts every line, whatever the lines, and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }), async (lines) => {
        const { code, stderr } = await detect(lines);
        expect({ code, stderr: stderr.includes('buffalogs: ') ? stderr : '' }).toEqual({ code: 0, stderr: '' });
        expect(stderr).toMatch(new RegExp(`: ${lines.length} lines read, \\d+ logins`));
        expect(builtinChanges(before)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
