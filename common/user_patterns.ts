/**
 * User-list entries (`filters.ignoredUsers`, `filters.enabledUsers`), written by administrators through kibana.yml,
 * the CLI's config file or the settings API, and matched against every alert's user name. Two syntaxes, chosen by
 * `filters.userPatterns`:
 *
 * - `glob` (the default profile): an entry is an exact name, or a glob where `*` is any run of characters and `?` one
 *   character, matched against the WHOLE name (`svc-*` matches `svc-backup`; `svc.backup` matches only itself, the
 *   `.` is a dot). No regular expression runs: a glob is matched segment by segment, left to right, in time
 *   proportional to name length × entry length, both capped. An entry that only makes sense as a regular expression
 *   (`^`, `$`, `(`, `[`, `\`, `|`, `+`, `{`, `.*`) is refused with a hint, so a config written for the regex syntax
 *   is not silently read as a literal name.
 * - `regex` (the buffalogs profile, BuffaLogs' semantics): an entry matches when equal to the name or when, as a
 *   regular expression, it is found anywhere in it (Python `re.search`). JavaScript's engine backtracks, so an entry
 *   such as `(a+)+$` once blocked the event loop for 13.8 s on a 27-character name. `regexPatternError` below refuses
 *   what can backtrack without bound, and names longer than MAX_REGEX_INPUT are matched by exact entries only, so
 *   the work per name is bounded by REGEX_BUDGET per entry and USER_LIST_BUDGET per list (`userListError`).
 *
 * No Kibana imports: the settings form runs this in the browser too.
 */

export type UserPatternSyntax = 'glob' | 'regex';

/** At most this many entries per list: each is tried against every alert's user. */
export const MAX_USER_LIST_ENTRIES = 1000;
/** Longest entry, either syntax (user names in identity providers are at most a few hundred characters). */
export const MAX_USER_PATTERN_LENGTH = 256;
/** Regular expressions are tried only on names up to this length (longer ones still match exact entries). */
export const MAX_REGEX_INPUT = 256;
/**
 * The product of what each quantifier or alternation may try (an unbounded `*`, `+`, `{n,}` counts as
 * MAX_REGEX_INPUT; a choice of a fixed size, `?` (2), `{n,m}` (m-n+1) or a group of alternatives (`(a|b|c)`: 3),
 * counts as that size squared, at most MAX_REGEX_INPUT for quantifiers; a count of n, `{n}` or the n of `{n,m}` and
 * `{n,}`, multiplies by n). Backtracking work is at most this times the name length times the pattern length: 256²
 * allows `^svc-.*-admin.*$`-like entries (two unbounded repeats, ~20 ms worst case) and refuses a third. Squared,
 * because a `*` tries only as many lengths as characters remain (fewer and fewer along the name) while a fixed choice
 * is tried in full at every position: counted once, `(a|a)` sixteen times (or `a?` sixteen times) fitted the budget
 * and ran 0.6-1.1 s on a 256-character name.
 */
export const REGEX_BUDGET = MAX_REGEX_INPUT * MAX_REGEX_INPUT;
/**
 * The weights (as REGEX_BUDGET counts them) of one list's regular expressions together: every entry is tried on each
 * alert's user, so 1,000 entries, each within REGEX_BUDGET (two unbounded repeats), took 4-16 s per 256-character
 * name (29 s for the first). What fits, four such entries or 1,000 with one unbounded repeat, costs at most ~0.1 s a
 * name (~0.4 s for the first, run before V8 compiles the expressions). A plain name weighs 1; glob entries run no
 * regular expression and are not counted.
 */
export const USER_LIST_BUDGET = 4 * REGEX_BUDGET;

const GLOB_REGEX_HINT =
  'looks like a regular expression; entries are names or globs (`*` any characters, `?` one character, e.g. svc-*), ' +
  'or set filters.userPatterns: regex';

/** Why `entry` is not a usable entry in `syntax`, or `undefined`. */
export function userPatternError(entry: string, syntax: UserPatternSyntax): string | undefined {
  if (entry.length > MAX_USER_PATTERN_LENGTH) return `must be at most ${MAX_USER_PATTERN_LENGTH} characters`;
  if (syntax === 'glob') return /[\^$()[\]{}|\\+]|\.[*+]/.test(entry) ? `"${entry}" ${GLOB_REGEX_HINT}` : undefined;
  return regexPatternError(entry);
}

/** What the budget allows, said the way an administrator writes a pattern. */
const BUDGET_HINT = '(at most two unbounded * or + per entry; a count {n} counts n times)';

interface GroupFrame {
  /** The quantifiers and alternatives seen directly or in nested groups (for the nested-quantifier rule). */
  repeats: boolean;
  branches: number;
  /** The budget product inside this group (multiplied into the parent, times its own quantifier). */
  cost: number;
  /** Cost of the current branch; branches add up. */
  branchCost: number;
}

/**
 * Refuses a regular expression whose backtracking is not bounded by REGEX_BUDGET. Conservative, in one pass:
 * - it must compile (with the flags the filter uses: none or `i`);
 * - no backreference (`\1`, `\k<name>`) and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`): both escape the budget;
 * - no quantifier on a group that itself contains a quantifier or an alternation (`(a+)+`, `(a|aa)*`, `(?:x*y)+`):
 *   the classic exponential shapes;
 * - the product of the quantifiers' and alternations' sizes stays within REGEX_BUDGET (`.*a.*b.*c` is refused:
 *   three unbounded repeats are cubic).
 * It refuses some harmless patterns (`(ab+)+` is safe but refused); the message says how to rewrite.
 */
export function regexPatternError(pattern: string): string | undefined {
  const weighed = weighRegex(pattern);
  return typeof weighed === 'string' ? weighed : undefined;
}

/** Why `list` is refused as a whole in `syntax` (its regular expressions together over USER_LIST_BUDGET), or undefined. */
export function userListError(list: readonly string[], syntax: UserPatternSyntax): string | undefined {
  if (syntax !== 'regex') return undefined;
  let total = 0;
  for (const entry of list) {
    const weighed = weighRegex(entry);
    if (typeof weighed === 'number') total += weighed;
  }
  if (total <= USER_LIST_BUDGET) return undefined;
  return (
    `its regular expressions together weigh ${total}, over the budget of ${USER_LIST_BUDGET} (each name is tried ` +
    'against every entry: at most four entries with two unbounded * or +, or 1000 with one; a plain name weighs 1)'
  );
}

/** regexPatternError's check: the pattern's weight (its tries, as REGEX_BUDGET counts them), or why it is refused. */
function weighRegex(pattern: string): number | string {
  try {
    new RegExp(pattern);
  } catch {
    return `"${pattern}" is not a valid regular expression (plain names are fine; escape special characters)`;
  }
  const refuse = (why: string) => `"${pattern}" is refused: ${why}`;
  const stack: GroupFrame[] = [{ repeats: false, branches: 1, cost: 0, branchCost: 1 }];
  const top = () => stack[stack.length - 1];
  /** What the last atom was: its cost and whether it is a group containing repeats (for quantifiers after it). */
  let last: { cost: number; repeats: boolean } | undefined;
  let i = 0;
  const applyCost = (cost: number) => {
    top().branchCost = Math.min(top().branchCost * cost, Number.MAX_SAFE_INTEGER);
  };
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<'))
        return refuse('backreferences can backtrack without bound');
      // \cX, \xHH, \uHHHH are one character; skipping the escape letter is enough since the rest are literals.
      i += 2;
      last = { cost: 1, repeats: false };
      continue;
    }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      last = { cost: 1, repeats: false };
      continue;
    }
    if (c === '(') {
      if (/^\(\?(=|!|<=|<!)/.test(pattern.slice(i, i + 4))) return refuse('lookaround assertions are not supported');
      stack.push({ repeats: false, branches: 1, cost: 0, branchCost: 1 });
      const opening = /^\((?:\?:|\?<[^>]*>)?/.exec(pattern.slice(i))!;
      i += opening[0].length;
      last = undefined;
      continue;
    }
    if (c === ')') {
      const group = stack.pop()!;
      // Alternatives are a fixed choice: their summed cost counts once more per branch (see REGEX_BUDGET).
      const cost = (group.cost + group.branchCost) * group.branches;
      if (group.branches > 1) group.repeats = true;
      applyCost(cost);
      if (group.repeats) top().repeats = true;
      last = { cost, repeats: group.repeats };
      i++;
      continue;
    }
    if (c === '|') {
      const frame = top();
      frame.cost += frame.branchCost;
      frame.branchCost = 1;
      frame.branches++;
      frame.repeats = true;
      last = undefined;
      i++;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{(\d+)(,(\d*))?\})\??/.exec(pattern.slice(i));
    if (quantifier && last) {
      if (last.repeats) return refuse('a repeated group contains a repetition or an alternation (e.g. (a+)+, (a|b)*)');
      const [text, min, comma, max] = quantifier;
      let size: number;
      // Fixed choices squared (see REGEX_BUDGET), never more than an unbounded repeat.
      if (text[0] === '?') size = 4;
      else if (text[0] === '*' || text[0] === '+') size = MAX_REGEX_INPUT;
      else if (!comma) size = 1;
      else if (max === '') size = MAX_REGEX_INPUT;
      else size = Math.min((Number(max) - Number(min) + 1) ** 2, MAX_REGEX_INPUT);
      // A count of n (`{n}`, `{n,m}`, `{n,}`) is n steps wherever it is tried: past three V8 runs it as a loop, not
      // as a literal it can skip ahead over, so `.*.*a{100}!` took 375 ms on a 256-character name while weighing 1.
      if (min !== undefined && Number(min) > 1) size *= Math.min(Number(min), MAX_REGEX_INPUT);
      // The atom's own cost was already multiplied in once; its repetitions multiply by `size` more.
      applyCost(size);
      top().repeats = true;
      if (top().branchCost > REGEX_BUDGET) return refuse(`too many repetitions ${BUDGET_HINT}`);
      last = undefined;
      i += text.length;
      continue;
    }
    last = { cost: 1, repeats: false };
    i++;
  }
  const root = stack[0];
  const weight = root.cost + root.branchCost;
  if (weight > REGEX_BUDGET) return refuse(`too many repetitions or alternatives ${BUDGET_HINT}`);
  return weight;
}

/** One compiled entry: `test(name)` with the name already lower-cased when matching is case-insensitive. */
export interface UserPattern {
  text: string;
  test: (name: string) => boolean;
}

/** Compiles a validated entry. Invalid entries (never in a validated config) match only themselves. */
export function compileUserPattern(entry: string, syntax: UserPatternSyntax, caseInsensitive: boolean): UserPattern {
  const text = caseInsensitive ? entry.toLowerCase() : entry;
  if (userPatternError(entry, syntax) !== undefined) return { text, test: (name) => name === text };
  if (syntax === 'glob') {
    if (!/[*?]/.test(text)) return { text, test: (name) => name === text };
    const glob = compileGlob(text);
    return { text, test: (name) => name === text || glob(name) };
  }
  const regex = new RegExp(entry, caseInsensitive ? 'i' : '');
  return { text, test: (name) => name === text || (name.length <= MAX_REGEX_INPUT && regex.test(name)) };
}

/**
 * A whole-name glob matcher without regular expressions: the parts between `*`s are found left to right, each at its
 * earliest position (which is always right for globs: an earlier match leaves more room for the rest), the first
 * anchored at the start and the last at the end.
 */
function compileGlob(glob: string): (name: string) => boolean {
  const parts = glob.split('*');
  const head = parts[0];
  const tail = parts.length > 1 ? parts[parts.length - 1] : undefined;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const at = (name: string, part: string, pos: number) => {
    for (let j = 0; j < part.length; j++) if (part[j] !== '?' && part[j] !== name[pos + j]) return false;
    return true;
  };
  return (name) => {
    if (tail === undefined) return name.length === head.length && at(name, head, 0);
    if (name.length < head.length + tail.length || !at(name, head, 0)) return false;
    const end = name.length - tail.length;
    if (!at(name, tail, end)) return false;
    let pos = head.length;
    for (const part of middle) {
      while (pos + part.length <= end && !at(name, part, pos)) pos++;
      if (pos + part.length > end) return false;
      pos += part.length;
    }
    return true;
  };
}
