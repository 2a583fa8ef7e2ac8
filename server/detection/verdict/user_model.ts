/**
 * The per-user habit model of the default profile's verdict (issue 12, "per-user habits"): for each user, decayed
 * counts of where (country, city, AS), on what (device fingerprint) and when (hour of the day, weekday or weekend, UTC)
 * they log in; for a login, each feature's smoothed surprise against that history, and one bounded score that becomes
 * ONE explained signal (`unusual_for_user`) among the verdict's others (signals.ts).
 *
 * Why not busybody's isolation forest (reference/seed-systems.md): run on the labeled month with its own code and
 * training, it caught 3 of 30 takeovers with 134 false alerts per 1,000 benign logins, and could not say why. A forest
 * is retrained from the whole history, is random (unseeded), flags a login "at least as isolated as the most
 * isolated training login" (so a user with one or identical training logins gets everything flagged) and cannot split
 * on a token it never saw. This model is instead:
 * - explainable per feature: each feature's probability, surprise in bits and share of the score, with the baseline
 *   numbers ("hour Sun 03:00 UTC: 0 of 212 logins"), so the analyst sees WHICH features made the login unusual;
 * - incremental: one login updates a few counts (no retraining, no history kept);
 * - bounded: at most MAX_VALUES values per categorical feature (least weight evicted; its weight stays in the total as
 *   "other"), 48 hour bins — ≤ ~1 KB of JSON per user at the caps, ~0.3–0.5 KB typically;
 * - deterministic: same logins, same numbers (no sampling, no clock: decay counts login days, applied weekly);
 * - forgetting: counts halve every `unusualHalfLifeDays`, so a user's new habits replace old ones;
 * - teachable: "mark safe" adds the login's features with weight (TAUGHT_WEIGHT, server/triage/teach_baseline.ts).
 *
 * Probabilities. A categorical value with decayed count c among n decayed logins, K values known: Witten–Bell
 * smoothing, p(new) = θ / (n + θ) with θ = K + 1 (a user who changes networks often is less surprised by a new one:
 * a privacy-VPN user's tenth exit is ordinary, an office worker's first foreign AS is not); a known value is never
 * scored as rarer than a new one, p = max(c, θ) / (n + θ). Unusual = (bits − 1) / 5 clamped to 0–1: a value used half
 * the time is usual, 1 in 64 or rarer is as unusual as it gets. Hours: 48 bins (24 weekday, 24 weekend), each login
 * counted in its bin and half in each neighbour (logins drift by an hour), Dirichlet-smoothed (0.5 per bin); unusual
 * = bits below the uniform 1/48, /3 clamped: a user who logs in at any hour is never unusual by hour, one who always
 * starts at 8 is at 3 a.m. on a Sunday.
 *
 * Score = Σ share × unusual × context over the features (shares FEATURE_SHARES, sum 1): 0–1. Place features are
 * discounted as the rule signals are: 0 on the organisation's network, × travellerFactor for a known device that got
 * there at a plausible speed. Cold start: nothing until the user has `unusualMinLogins` decayed logins.
 *
 * Hot path: learning costs a few comparisons and additions per login and allocates nothing once a user's values are
 * known; scoring runs only for a login another signal already found (judge.ts), since an odd hour alone is not worth
 * even an observation.
 */
import type { HabitEvidence, HabitFeatureEvidence } from '../../../common/alert_document';
import { fingerprintInSentence } from '../../../common/fingerprint_name';
import { ANY_NUMBER, zerosForAnyNumber } from '../../../common/number_layout';

/** Values kept per categorical feature. */
export const MAX_VALUES = 8;
/**
 * Longest value the state holds, in a categorical feature of the model (a stored model with a longer one is not used:
 * isHabitModel) or a baseline list (user_state.ts addEntry). A longer one is absent to the core, as to "mark safe".
 */
export const MAX_VALUE_LENGTH = 512;
/** `s` when a state can hold it (at most MAX_VALUE_LENGTH), else absent: a hostile line's megabyte is no value. */
export const holdable = (s: string | undefined): string | undefined =>
  s !== undefined && s.length <= MAX_VALUE_LENGTH ? s : undefined;
/** "Mark safe" adds the login's features as this many logins (enough to make them usual, not the only habit). */
export const TAUGHT_WEIGHT = 10;

/** Categorical features, in the order of `HabitModel.v`/`w`/`n`; the hours' total is `n[4]`. */
const CATEGORICAL = ['country', 'city', 'asn', 'device'] as const;
type Categorical = (typeof CATEGORICAL)[number];
const HOUR = 4;

/** Each feature's share of the score (sum 1): place and device carry most; the hour refines. */
export const FEATURE_SHARES: Readonly<Record<HabitFeatureEvidence['feature'], number>> = {
  country: 0.25,
  city: 0.1,
  asn: 0.2,
  device: 0.25,
  hour: 0.2,
};
const SHARES = [FEATURE_SHARES.country, FEATURE_SHARES.city, FEATURE_SHARES.asn, FEATURE_SHARES.device];
const PLACE = [true, true, true, false];

/** Bits from which a categorical value starts to be unusual, and the range to fully unusual. */
const CAT_LO_BITS = 1;
const CAT_RANGE_BITS = 5;
/** Hours: bits below uniform to fully unusual; Dirichlet pseudo-count per bin. */
const HOUR_RANGE_BITS = 3;
const HOUR_ALPHA = 0.5;
const HOUR_BINS = 48;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Weights below this are dropped at decay (forgotten): their mass stays in the totals. */
const FORGET = 0.05;

/**
 * The model as stored in the user's state (`UserState.model`), compact JSON: `d` the day (UTC days since 1970) the
 * weights are decayed to; `v`/`w` per categorical feature its values and decayed weights (parallel arrays, ≤ MAX_VALUES
 * each); `n` each feature's decayed total (country, city, AS, device, hour) — evicted and forgotten values included,
 * as "other"; `h` the 48 hour bins (0–23 weekday UTC hours, 24–47 weekend).
 */
export interface HabitModel {
  d: number;
  v: [string[], string[], string[], string[]];
  w: [number[], number[], number[], number[]];
  n: [number, number, number, number, number];
  h: number[];
}

/** One login's features, as the model reads them (undefined: the login does not say). */
export interface HabitLogin {
  at: number;
  country?: string;
  city?: string;
  /** AS number as text, no prefix. */
  asn?: string;
  device?: string;
}

/** A new model's totals and hour bins: zeros laid out for any number (newHabitModel copies them). */
const NO_TOTALS = zerosForAnyNumber(5);
const NO_HOURS = zerosForAnyNumber(HOUR_BINS);

/**
 * A new user's model, laid out as learning will leave it: the counts in arrays laid out for fractions (common/
 * number_layout.ts: their first fractional weight changed the arrays' layout, and with it the model's, which threw
 * away learnHabits' optimised code), and `d` written twice, so V8 knows it as a field that changes (decayTo moves it):
 * a field written once is taken for a constant, and the first decay threw away the code built on that.
 */
export function newHabitModel(day: number): HabitModel {
  // Copies of two arrays laid out once (a copy keeps the layout): building each new user's zeros one push at a time
  // grew their stores several times over, in the first batch, for every user.
  const m: HabitModel = {
    d: -1,
    v: [[], [], [], []],
    w: [[], [], [], []],
    n: NO_TOTALS.slice() as HabitModel['n'],
    h: NO_HOURS.slice(),
  };
  m.d = day;
  return m;
}

function isNumArray(a: unknown, len?: number): a is number[] {
  if (!Array.isArray(a) || (len !== undefined && a.length !== len)) return false;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x !== 'number' || !(x >= 0) || x === Infinity) return false;
  }
  return true;
}

/** Models already checked (or made here): a state carried from batch to batch is not checked again (hot path). */
const checked = new WeakSet<object>();

/**
 * A stored model this version can use (states come from files and indices: anything else is dropped, not trusted).
 * Runs for every user of every batch (server/detection/user_state.ts `readUserState`): a model checked once is
 * remembered.
 */
export function isHabitModel(value: unknown): value is HabitModel {
  if (typeof value !== 'object' || value === null) return false;
  if (checked.has(value)) return true;
  if (!checkModel(value)) return false;
  checked.add(value);
  return true;
}

function checkModel(value: object): boolean {
  const m = value as Partial<HabitModel>;
  if (typeof m.d !== 'number' || !Number.isFinite(m.d) || !isNumArray(m.n, 5) || !isNumArray(m.h, HOUR_BINS))
    return false;
  if (!Array.isArray(m.v) || !Array.isArray(m.w) || m.v.length !== 4 || m.w.length !== 4) return false;
  for (let f = 0; f < 4; f++) {
    const values: unknown = m.v[f];
    const weights: unknown = m.w[f];
    if (!Array.isArray(values) || !isNumArray(weights) || values.length !== weights.length) return false;
    if (values.length > MAX_VALUES) return false;
    for (let i = 0; i < values.length; i++) {
      const x: unknown = values[i];
      if (typeof x !== 'string' || x.length > MAX_VALUE_LENGTH) return false;
    }
  }
  return true;
}

export function cloneHabitModel(m: HabitModel): HabitModel {
  return {
    d: m.d,
    v: [m.v[0].slice(), m.v[1].slice(), m.v[2].slice(), m.v[3].slice()],
    w: [m.w[0].slice(), m.w[1].slice(), m.w[2].slice(), m.w[3].slice()],
    n: m.n.slice() as HabitModel['n'], // a copy keeps the layout (newHabitModel)
    h: m.h.slice(),
  };
}

/**
 * A stored model (checked by isHabitModel) in the layout the core's own models have: its number arrays laid out for any
 * number (newHabitModel), its `d` a field that changes. JSON.parse lays out an array of whole numbers (hour bins not
 * yet decayed, totals) for small integers, and learning's first fraction then changes it under compiled code.
 */
export function laidOutHabitModel(m: HabitModel): HabitModel {
  const out = newHabitModel(m.d);
  for (let f = 0; f < 4; f++) {
    out.v[f] = m.v[f].slice();
    out.w[f] = anyNumbers(m.w[f]);
  }
  out.n = anyNumbers(m.n) as HabitModel['n'];
  out.h = anyNumbers(m.h);
  return out;
}

/** A copy of `numbers` laid out for any number (common/number_layout.ts). */
function anyNumbers(numbers: readonly number[]): number[] {
  const out = zerosForAnyNumber(numbers.length);
  for (let i = 0; i < numbers.length; i++) out[i] = numbers[i];
  return out;
}

/** The login's hour bin: 0–23 weekday hours, 24–47 weekend (Saturday, Sunday), UTC. */
export function hourBin(at: number): number {
  const hour = Math.floor((at % DAY_MS) / HOUR_MS);
  const weekday = (Math.floor(at / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return (weekday === 0 || weekday === 6 ? 24 : 0) + (hour < 0 ? hour + 24 : hour);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Brings the weights to `day`: each halves every `halfLifeDays`. At most once a DECAY_STEP_DAYS per user. */
function decayTo(m: HabitModel, day: number, halfLifeDays: number): void {
  const factor = Math.pow(2, -(day - m.d) / halfLifeDays);
  m.d = day;
  for (let f = 0; f < 5; f++) m.n[f] = round2(m.n[f] * factor);
  const h = m.h;
  for (let b = 0; b < HOUR_BINS; b++) {
    const x = h[b];
    if (x === 0) continue; // most bins of most users (hot path)
    const y = round2(x * factor);
    h[b] = y >= FORGET ? y : 0;
  }
  for (let f = 0; f < 4; f++) {
    const values = m.v[f];
    const weights = m.w[f];
    for (let i = weights.length - 1; i >= 0; i--) {
      const w = round2(weights[i] * factor);
      if (w >= FORGET) weights[i] = w;
      else {
        weights.splice(i, 1);
        values.splice(i, 1);
      }
    }
  }
}

/**
 * Decay is applied to the stored weights at most every DECAY_STEP_DAYS (hot path: it touches every count); in
 * between, a login `k` days after the model's day counts 2^(k / half-life), which is the same thing in the model's
 * own units — every probability is a ratio of counts at one day, and scoring brings `n` to the login's day.
 */
const DECAY_STEP_DAYS = 7;

/** 2^(k / halfLifeDays) for the days k since the model's day (1–6 on most logins), as learnHabits reads them. */
function fillGrowthTable(halfLifeDays: number): void {
  growthHalfLife = halfLifeDays;
  for (let k = 1; k < DECAY_STEP_DAYS; k++) growthTable[k] = Math.pow(2, k / halfLifeDays);
}
let growthHalfLife = NaN;
const growthTable: number[] = new Array<number>(DECAY_STEP_DAYS).fill(0);

/** learnHabits' weight of the login (see there). */
const learnWeight = new Float64Array(1);

/**
 * Learns one login (or, with `weight`, a taught one). A login older than the model's day counts less, as if it had
 * decayed since. Mutates `m`; sums are kept to 2 decimals (compact JSON).
 */
export function learnHabits(m: HabitModel, login: HabitLogin, halfLifeDays: number, weight = 1): void {
  // The weight is kept in `w[0]`, never in a local: a local fraction here was a new heap number per login (V8 kept it
  // boxed, a local that starts as the caller's argument), 15 bytes a login; a Float64Array element is a bare double.
  const w = learnWeight;
  w[0] = weight;
  const day = Math.floor(login.at / DAY_MS);
  if (day >= m.d + DECAY_STEP_DAYS) decayTo(m, day, halfLifeDays);
  if (day !== m.d) {
    // growth(), read here: a fraction returned by a function that was not inlined was a new heap number per login.
    const days = day - m.d;
    if (days > 0 && days < DECAY_STEP_DAYS && (days | 0) === days) {
      if (halfLifeDays !== growthHalfLife) fillGrowthTable(halfLifeDays);
      w[0] = round2(w[0] * growthTable[days]);
    } else w[0] = round2(w[0] * Math.pow(2, days / halfLifeDays));
  }
  // addValue written out here, once per feature: the weight, a fraction, passed to a function that was not inlined,
  // cost a new heap number per login.
  for (let f = 0; f < 4; f++) {
    const value = f === 0 ? login.country : f === 1 ? login.city : f === 2 ? login.asn : login.device;
    if (value === undefined) continue;
    const values = m.v[f];
    const weights = m.w[f];
    let i = 0;
    while (i < values.length && values[i] !== value) i++;
    if (i < values.length) weights[i] = round2(weights[i] + w[0]);
    // A value longer than a model may hold (a hostile log line's megabyte city) is absent, as if the login had none:
    // learned, it made every later read of the state drop the whole model. Tested only for a value new to the model.
    else if (value.length > MAX_VALUE_LENGTH) continue;
    else if (i === 0) {
      // A feature's first value (a new user's first login): one-slot lists, not a push into the empty ones, which
      // gives each a 17-slot store — 8 of them per new user, most of which never holds a second value.
      m.v[f] = [value];
      m.w[f] = [w[0]];
    } else if (values.length < MAX_VALUES) {
      values.push(value);
      weights.push(w[0]);
    } else {
      // Full: the least-weight value makes room; its weight stays in n[f] as "other".
      let least = 0;
      for (let k = 1; k < weights.length; k++) if (weights[k] < weights[least]) least = k;
      values[least] = value;
      weights[least] = w[0];
    }
    m.n[f] = round2(m.n[f] + w[0]);
  }
  // hourBin, written out for the same reason (the time passed to it was boxed).
  const at = login.at;
  const hour = Math.floor((at % DAY_MS) / HOUR_MS);
  const weekday = (Math.floor(at / DAY_MS) + 4) % 7;
  const b = (weekday === 0 || weekday === 6 ? 24 : 0) + (hour < 0 ? hour + 24 : hour);
  m.h[b] = round2(m.h[b] + w[0]);
  m.n[HOUR] = round2(m.n[HOUR] + w[0]);
}

/** How the place features are discounted for this login (the verdict's context), with the reason shown. */
export interface PlaceContext {
  factor: number;
  why?: string;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const hourText = (at: number) => {
  const hour = Math.floor((at % DAY_MS) / HOUR_MS);
  return `${WEEKDAYS[(Math.floor(at / DAY_MS) + 4) % 7]} ${String(hour).padStart(2, '0')}:00 UTC`;
};
const shown = (f: Categorical, value: string) => (f === 'asn' ? `AS${value}` : value);
const round1 = (x: number) => Math.round(x * 10) / 10;

function usualValues(m: HabitModel, f: number, factor: number): string[] {
  const order = m.v[f].map((_, i) => i).sort((a, b) => m.w[f][b] - m.w[f][a] || (m.v[f][a] < m.v[f][b] ? -1 : 1));
  return order.slice(0, 3).map((i) => `${shown(CATEGORICAL[f], m.v[f][i])} ${round1(m.w[f][i] * factor)}`);
}

/**
 * The three hour bins with the most weight, at the login's day. Its own function: a closure over scoreHabits' locals
 * would make V8 allocate a context on every scoring, found or not.
 */
function usualHours(m: HabitModel, factor: number): string[] {
  return m.h
    .map((w, i) => [w, i] as const)
    .filter(([w]) => w > 0)
    .sort((x, y) => y[0] - x[0] || x[1] - y[1])
    .slice(0, 3)
    .map(([w, i]) => `${i < 24 ? 'weekday' : 'weekend'} ${String(i % 24).padStart(2, '0')}h ${round1(w * factor)}`);
}

/** Hour `k` (wrapping at midnight) of the 24 bins from `base`, at the login's day (no closure per scoring: hot path). */
const hourWeight = (m: HabitModel, base: number, k: number, factor: number) => m.h[base + ((k + 24) % 24)] * factor;

/** Per-feature numbers of one scoring, reused (scoring must not allocate unless it finds something: hot path). */
const num = {
  c: zerosForAnyNumber(5),
  n: zerosForAnyNumber(5),
  p: zerosForAnyNumber(5),
  u: zerosForAnyNumber(5),
  part: zerosForAnyNumber(5),
  score: ANY_NUMBER,
  factor: ANY_NUMBER,
};

/**
 * The model's judgement of a login against the history BEFORE it (call before learnHabits): undefined while the user
 * has fewer than `minLogins` decayed logins (cold start) or when the score stays below `threshold` (then nothing is
 * said, and nothing allocated); else the evidence, feature by feature.
 */
export function scoreHabits(
  m: HabitModel,
  login: HabitLogin,
  opts: { minLogins: number; threshold: number; halfLifeDays: number; place: PlaceContext },
): HabitEvidence | undefined {
  const day = Math.floor(login.at / DAY_MS);
  // The counts as of the login's day (the model is stored decayed to its last login's day).
  const factor = day > m.d ? Math.pow(2, -(day - m.d) / opts.halfLifeDays) : 1;
  const logins = m.n[HOUR] * factor;
  // A user still in cold start (fewer than minLogins) is scored all the same, and the score dropped below: in the first
  // batch every user is, so V8 optimised scoreHabits on the early return alone, and threw that code away at the first
  // user past it (the scoring below had no feedback). Scoring runs only for logins another signal found.
  let score = 0;
  for (let f = 0; f < 4; f++) {
    const value = f === 0 ? login.country : f === 1 ? login.city : f === 2 ? login.asn : login.device;
    const n = m.n[f] * factor;
    num.n[f] = n;
    // Computed for every feature, also one not scored (the login lacks it, or the user has too few logins with it),
    // which then adds 0: the same cold start as above, feature by feature.
    const scored = value !== undefined && value.length <= MAX_VALUE_LENGTH && !(n < opts.minLogins); // see learnHabits
    let c = 0;
    let known = 0;
    const values = m.v[f];
    const weights = m.w[f];
    const len = value === undefined ? 0 : values.length;
    for (let i = 0; i < len; i++) {
      const w = weights[i] * factor;
      if (w >= 0.5) known++;
      if (values[i] === value) c = w;
    }
    const theta = known + 1;
    const p = Math.max(c, theta) / (n + theta);
    const unusual = Math.min(1, Math.max(0, (-Math.log2(p) - CAT_LO_BITS) / CAT_RANGE_BITS));
    num.c[f] = c;
    num.p[f] = p;
    num.u[f] = unusual;
    const part = SHARES[f] * unusual * (PLACE[f] ? opts.place.factor : 1);
    num.part[f] = scored ? part : -1; // -1: not scored
    score += scored ? part : ANY_NUMBER; // -0 adds nothing, and is no small integer (common/number_layout.ts)
  }
  const b = hourBin(login.at);
  const base = b < 24 ? 0 : 24;
  const hour = b - base;
  const hc =
    hourWeight(m, base, hour, factor) +
    0.5 * (hourWeight(m, base, hour - 1, factor) + hourWeight(m, base, hour + 1, factor));
  const hp = (hc + HOUR_ALPHA) / (2 * logins + HOUR_BINS * HOUR_ALPHA);
  const hu = Math.min(1, Math.max(0, -Math.log2(hp * HOUR_BINS) / HOUR_RANGE_BITS));
  score += FEATURE_SHARES.hour * hu;
  score = Math.min(1, score);
  // The hour's numbers go through `num` (slot HOUR), as the others: passed as arguments they would be boxed, and
  // habitEvidence is not inlined. Stored before the threshold, on every scoring: stores first made past it had no
  // feedback either (see habitEvidence).
  num.c[HOUR] = hc;
  num.n[HOUR] = logins;
  num.p[HOUR] = hp;
  num.u[HOUR] = hu;
  num.score = score;
  num.factor = factor;
  // Both tests made on every scoring (`||` would skip the second while every user is in cold start).
  const cold = logins < opts.minLogins;
  const below = score < opts.threshold;
  if (cold || below) return undefined;
  return habitEvidence(m, login, opts);
}

/**
 * The evidence of a login scoreHabits found unusual, from its numbers in `num`. Its own function: few logins get here,
 * the first of them long after scoreHabits was optimised, and code reached for the first time in an optimised function
 * throws that code away (V8 had no feedback for it) — here it is this function's, not scoreHabits'.
 */
function habitEvidence(
  m: HabitModel,
  login: HabitLogin,
  opts: { threshold: number; halfLifeDays: number; place: PlaceContext },
): HabitEvidence {
  const factor = num.factor;
  const features: HabitFeatureEvidence[] = [];
  for (let f = 0; f < 4; f++) {
    if (num.part[f] < 0) continue;
    const feature = CATEGORICAL[f];
    const value = (f === 0 ? login.country : f === 1 ? login.city : f === 2 ? login.asn : login.device)!;
    features.push(
      habitFeature(
        feature,
        shown(feature, value),
        f,
        usualValues(m, f, factor),
        PLACE[f] && opts.place.why && num.u[f] > 0 ? opts.place.why : undefined,
      ),
    );
  }
  num.part[HOUR] = FEATURE_SHARES.hour * num.u[HOUR];
  features.push(habitFeature('hour', hourText(login.at), HOUR, usualHours(m, factor), undefined));
  features.sort((x, y) => y.part - x.part || (x.feature < y.feature ? -1 : 1));
  const evidence: HabitEvidence = {
    kind: 'habits',
    score: ANY_NUMBER,
    threshold: opts.threshold,
    logins: ANY_NUMBER,
    half_life_days: opts.halfLifeDays,
    features,
  };
  evidence.score = round2(num.score);
  evidence.logins = round1(num.n[HOUR]);
  return evidence;
}

/**
 * One feature's evidence from its numbers in `num` (slot `f`). Every number field is laid out for any number first
 * (common/number_layout.ts): a whole count seen first (3 of 12 logins) made the fields small-integer ones.
 */
function habitFeature(
  feature: HabitFeatureEvidence['feature'],
  value: string,
  f: number,
  usual: string[],
  context: string | undefined,
): HabitFeatureEvidence {
  const out: HabitFeatureEvidence = {
    feature,
    value,
    seen: ANY_NUMBER,
    of: ANY_NUMBER,
    p: ANY_NUMBER,
    bits: ANY_NUMBER,
    unusual: ANY_NUMBER,
    part: ANY_NUMBER,
    usual,
  };
  out.seen = round1(num.c[f]);
  out.of = round1(num.n[f]);
  out.p = Math.round(num.p[f] * 10_000) / 10_000;
  out.bits = round1(-Math.log2(num.p[f]));
  out.unusual = round2(num.u[f]);
  out.part = round2(num.part[f]);
  if (context !== undefined) out.context = context;
  return out;
}

/** One sentence: the features that made the login unusual, with their baselines. */
export function describeHabits(e: HabitEvidence): string {
  const parts = e.features
    .filter((x) => x.part > 0)
    .map((x) => {
      // A device by its name (the fingerprint stays in the evidence), as the device signals name it.
      const where =
        x.feature === 'hour'
          ? `${x.value} (±1 h)`
          : x.feature === 'device'
            ? `device ${fingerprintInSentence(x.value) ?? x.value}`
            : `${x.feature} ${x.value}`;
      return `${where} seen ${x.seen} of ${x.of} logins (${x.bits} bits${x.context ? `; ${x.context}` : ''})`;
    });
  return `unusual for this user (${e.score} of 1, from ${e.logins} recent logins): ${parts.join(', ') || 'nothing stands out'}`;
}
