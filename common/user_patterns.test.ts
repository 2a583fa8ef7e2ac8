import { resolveDetectionConfig } from './detection_config';
import {
  MAX_USER_LIST_ENTRIES,
  MAX_REGEX_INPUT,
  compileUserPattern,
  regexPatternError,
  userPatternError,
} from './user_patterns';

describe('user-list entries in the buffalogs profile (regular expressions)', () => {
  it.each([
    ['(a+)+$', /repeated group contains a repetition/],
    ['(a*)*', /repeated group/],
    ['(a|aa)*b', /repeated group contains a repetition or an alternation/],
    ['(?:x+y)+', /repeated group/],
    ['((ab+))+', /repeated group/],
    ['(\\w+\\s?)+$', /repeated group/],
    ['(a)\\1', /backreferences/],
    ['(?<n>a)\\k<n>', /backreferences/],
    ['(?=a)a', /lookaround/],
    ['(?<!a)b', /lookaround/],
    ['.*a.*b.*c', /too many repetitions/],
    ['a{0,1000}b{0,1000}c{0,1000}', /too many repetitions/],
    ['a?'.repeat(20) + 'a'.repeat(20), /too many repetitions/],
    ['(unclosed', /not a valid regular expression/],
  ])('refuses %s, which can backtrack without bound', (pattern, why) => {
    expect(regexPatternError(pattern)).toMatch(why);
  });

  // Accepted before: each costs what two `.*` cost in the old count (2^16 = REGEX_BUDGET), but a choice is tried in
  // full at every position, so on a 256-character name without a match they ran 0.2-1.1 s each (vs ~20 ms for
  // `.*.*b`), once per entry per alert.
  it.each([
    '(a|a)'.repeat(16) + 'b',
    '(?:a|a)'.repeat(16) + 'b',
    'a?'.repeat(16) + 'b',
    'a{0,1}'.repeat(16) + 'b',
    'a{0,3}'.repeat(8) + 'b',
  ])('refuses %s, a chain of choices whose tries multiply at every position', (pattern) => {
    expect(regexPatternError(pattern)).toMatch(/too many repetitions/);
  });

  // Accepted before: a count `{n}` weighed nothing, yet past three V8 runs it as a loop, n steps at every split the
  // two `.*` try; on a 256-character name of a's each ran 30-375 ms per name (vs ~4 ms for `.*.*!`).
  it.each(['.*.*a{100}!', '.*.*a{4}!', '.*.*(?:a{4})!', '.*.*[a ]{60}!', '.*.*a{5,5}!', 'a{1,256}a{1,256}a{100}b'])(
    'refuses %s, whose counted repeat runs at every split of the unbounded ones',
    (pattern) => {
      expect(regexPatternError(pattern)).toMatch(/too many repetitions.*\{n\} counts n times/);
    },
  );

  it.each(['.*a{100}!', 'a{255}', '^svc-.*\\d{4}$', '\\d{8}'])(
    'still accepts %s, a count beside one unbounded repeat',
    (pattern) => {
      expect(regexPatternError(pattern)).toBeUndefined();
    },
  );

  it.each(['(a|a)'.repeat(8) + 'b', 'a?'.repeat(8) + 'b', '(a|a)'.repeat(4) + '.*b', 'a{1,256}a{1,256}b'])(
    'still accepts %s, whose tries stay within those of two unbounded repeats',
    (pattern) => {
      expect(regexPatternError(pattern)).toBeUndefined();
    },
  );

  it.each([
    'Lorena Goldoni',
    '^svc-',
    'svc-.*',
    '^[\\w.-]+@stores\\.company\\.com$',
    '^(admin|root|backup)$',
    '^svc-.*-admin.*$',
    '(ab)+c',
    'user\\d{2,4}',
    '[(+*]+',
  ])('accepts the ordinary pattern %s', (pattern) => {
    expect(regexPatternError(pattern)).toBeUndefined();
  });

  it('(a+)+$ is refused in the settings, naming the key, so it never runs against a 27-character name', () => {
    const overrides = { filters: { ignoredUsers: ['alice', '(a+)+$'] } };
    expect(() => resolveDetectionConfig('buffalogs', overrides)).toThrow(
      /filters\.ignoredUsers\[1\]: "\(a\+\)\+\$" is refused/,
    );
    // Even handed to the matcher unvalidated, it only matches itself: no regular expression is run.
    const pattern = compileUserPattern('(a+)+$', 'regex', false);
    expect(pattern.test(`${'a'.repeat(26)}!`)).toBe(false);
    expect(pattern.test('(a+)+$')).toBe(true);
  });

  it("keeps BuffaLogs' semantics for accepted patterns: exact name, or found anywhere in the name", () => {
    const svc = compileUserPattern('svc.backup', 'regex', false);
    expect(svc.test('svc-backup-admin')).toBe(true);
    expect(compileUserPattern('^svc-', 'regex', true).test('svc-x')).toBe(true);
    expect(compileUserPattern('^SVC-', 'regex', true).test('svc-x')).toBe(true);
    expect(compileUserPattern('^SVC-', 'regex', false).test('svc-x')).toBe(false);
  });

  it('tries regular expressions only on names up to the input cap; exact entries still match longer names', () => {
    const long = `svc-${'x'.repeat(MAX_REGEX_INPUT)}`;
    expect(compileUserPattern('^svc-', 'regex', false).test(long)).toBe(false);
    expect(compileUserPattern(long.slice(0, 250), 'regex', false).test(long.slice(0, 250))).toBe(true);
  });
});

describe('user-list entries in the default profile (names and globs)', () => {
  const glob = (entry: string, name: string) => compileUserPattern(entry, 'glob', true).test(name);

  it('matches whole names: a dot is a dot, * any run of characters, ? exactly one', () => {
    expect(glob('svc.backup', 'svc-backup-admin')).toBe(false);
    expect(glob('svc.backup', 'svc.backup')).toBe(true);
    expect(glob('svc-*', 'svc-backup-admin')).toBe(true);
    expect(glob('svc-*', 'my-svc-backup')).toBe(false);
    expect(glob('*@corp.example', 'bob@corp.example')).toBe(true);
    expect(glob('*@corp.example', 'bob@corp.example.evil')).toBe(false);
    expect(glob('a*b*c', 'axxbyyc')).toBe(true);
    expect(glob('a*b*c', 'axxbyy')).toBe(false);
    expect(glob('a*a', 'a')).toBe(false);
    expect(glob('?', 'x')).toBe(true);
    expect(glob('?', 'xy')).toBe(false);
    expect(glob('user??', 'user12')).toBe(true);
    expect(glob('*', '')).toBe(true);
    expect(glob('N/A', 'n/a')).toBe(true);
  });

  it('a hostile glob against a long name is still just a scan (the result, not the time, is asserted)', () => {
    expect(glob('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('refuses entries that only make sense as regular expressions, pointing at globs and the regex syntax', () => {
    for (const entry of ['svc-.*', '^svc-', '(a+)+$', 'a|b', 'user\\d', '[abc]', 'a{2}']) {
      expect(userPatternError(entry, 'glob')).toMatch(/looks like a regular expression.*svc-\*.*userPatterns: regex/);
    }
    expect(() => resolveDetectionConfig('default', { filters: { enabledUsers: ['svc-.*'] } })).toThrow(
      /filters\.enabledUsers\[0\]: "svc-\.\*" looks like a regular expression/,
    );
    expect(
      resolveDetectionConfig('default', { filters: { ignoredUsers: ['john.doe', 'svc-*'] } }).filters.ignoredUsers,
    ).toEqual(['john.doe', 'svc-*']);
  });

  it('the syntax is a setting: regex in the default profile is the safe regex, globs in buffalogs are globs', () => {
    expect(
      resolveDetectionConfig('default', { filters: { userPatterns: 'regex', ignoredUsers: ['^svc-'] } }).filters,
    ).toMatchObject({ userPatterns: 'regex', ignoredUsers: ['^svc-'] });
    expect(() =>
      resolveDetectionConfig('default', { filters: { userPatterns: 'regex', ignoredUsers: ['(a+)+$'] } }),
    ).toThrow(/is refused/);
  });
});

describe('the cost of a whole list of regular expressions', () => {
  // Each entry alone fits REGEX_BUDGET, and every entry of a list is tried on each alert's user: 1,000 entries with
  // two unbounded repeats each took 4-16 s per name of 256 characters, all accepted.
  const twoRepeats = (n: number) => Array.from({ length: n }, (_, i) => `.*.*b${i}`);

  it('refuses a list whose entries together exceed the budget, naming the list and what fits', () => {
    expect(() => resolveDetectionConfig('buffalogs', { filters: { ignoredUsers: twoRepeats(1000) } })).toThrow(
      /filters\.ignoredUsers: its regular expressions together weigh 65536000, over the budget of 262144 .*four/,
    );
    expect(() => resolveDetectionConfig('buffalogs', { filters: { enabledUsers: twoRepeats(5) } })).toThrow(
      /filters\.enabledUsers: its regular expressions together weigh 327680/,
    );
  });

  it('accepts what fits: four entries with two unbounded repeats, 1,000 with one, 1,000 names; globs are not counted', () => {
    const accepted = (list: string[], profile: 'buffalogs' | 'default' = 'buffalogs') =>
      resolveDetectionConfig(profile, { filters: { ignoredUsers: list } }).filters.ignoredUsers.length;
    expect(accepted(twoRepeats(4))).toBe(4);
    expect(accepted(Array.from({ length: 1000 }, (_, i) => `^svc-${i}.*`))).toBe(1000);
    expect(accepted(Array.from({ length: 1000 }, (_, i) => `user${i}`))).toBe(1000);
    // Globs run no regular expression: matched left to right, each in time name × entry.
    expect(
      accepted(
        Array.from({ length: 1000 }, (_, i) => `*a*b*${i}*`),
        'default',
      ),
    ).toBe(1000);
  });
});

describe('caps', () => {
  it('refuses too many entries and too long entries, naming the key', () => {
    const many = Array.from({ length: MAX_USER_LIST_ENTRIES + 1 }, (_, i) => `u${i}`);
    expect(() => resolveDetectionConfig('default', { filters: { ignoredUsers: many } })).toThrow(
      /filters\.ignoredUsers: must have at most 1000 entries/,
    );
    expect(() => resolveDetectionConfig('buffalogs', { filters: { enabledUsers: ['x'.repeat(257)] } })).toThrow(
      /filters\.enabledUsers\[0\]: must be at most 256 characters/,
    );
  });
});
