/**
 * Aggregation flags: each sees every record in the first pass (`observe`), decides once (`finish`) which keys are
 * flagged, and in the second pass marks the records with a flagged key (`matches`). Their findings carry the numbers
 * that decided, for the report.
 *
 * Memory is bounded by caps on distinct keys and on timestamps kept, per key and in all; what a cap dropped is counted.
 * Keys are field values cut by keyText (a 1 MB value is a ~300-character key).
 */
import type { BeaconingFlag, RarePairFlag, VolumeSpikeFlag } from './definition';
import { fieldReader, keyOf, keyText, textOf, timeOf, type AnalysisRecord } from './record';

/** `timestamps`: held in all (80 MB); per key alone, 500,000 keys × 20,000 was no bound on a large run. */
export const AGGREGATION_CAPS = { keys: 500_000, timestampsPerKey: 20_000, timestamps: 10_000_000 } as const;
export type AggregationCaps = { readonly [K in keyof typeof AGGREGATION_CAPS]: number };

export interface Finding {
  key: string;
  /** The numbers behind the decision, e.g. { events, periodMs, regularShare } for beaconing. */
  values: Record<string, number | string>;
}

export interface AggregationFlag {
  observe(record: AnalysisRecord): void;
  finish(): Finding[];
  matches(record: AnalysisRecord): boolean;
  /** Keys or timestamps left out because a cap was reached. */
  dropped(): number;
}

const SEP = '\u0000';

function median(sorted: readonly number[]): number {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
}

export interface BeaconScore {
  events: number;
  gaps: number;
  periodMs: number;
  /** Share of gaps within the jitter of a whole multiple (1–3) of the period: missed beacons do not break the rhythm. */
  regularShare: number;
  /** Share of gaps within the jitter of the period itself. */
  onPeriodShare: number;
}

/**
 * The beaconing test on one key's timestamps (any order). Events closer than `minPeriod` to the previous one are one
 * burst (a lookup logged as query and answer, retries), so the rhythm is that of the bursts' starts. The period is the median
 * gap; a gap is regular when within `jitter × period` of 1, 2 or 3 periods (one or two beacons missed). A beacon is
 * called when at least `threshold` of the gaps are regular, at least half sit on the period itself (a host polling at
 * two rhythms does not pass on multiples alone), and the chance of that much regularity by luck is below 1 % shared
 * among all the series tested (chanceOfRegularity), so short series need to be near perfect and long ones do not.
 *
 * Why not anomal's test (unique whole-second gap values among the first half of the timestamps, flagged when fewer
 * than 70 % are unique): a 60 s beacon with ±2 s jitter has 5 distinct whole-second gaps, so at 20 events it passes
 * anomal only by luck of rounding; sub-second beacons all round to 0 or 1 and look regular even when random; and
 * only half the data is ever looked at. Here the jitter is a share of the period, milliseconds are kept and every
 * gap counts, and keys are per source *and* destination, so one beacon is not hidden among a host's other lookups.
 */
export function beaconScore(timestamps: readonly number[], jitter: number, minPeriod: number): BeaconScore | undefined {
  const sorted = [...timestamps].sort((a, b) => a - b);
  // A burst goes on while each event is within minPeriod of the previous *event*: measured from the burst's start
  // instead, a busy pair's continuous lookups would be cut into bursts exactly minPeriod apart, a perfect false beacon.
  const bursts: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] - sorted[i - 1] >= minPeriod) bursts.push(sorted[i]);
  if (bursts.length < 3) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < bursts.length; i++) gaps.push(bursts[i] - bursts[i - 1]);
  const period = median([...gaps].sort((a, b) => a - b));
  let regular = 0;
  let onPeriod = 0;
  for (const g of gaps) {
    const m = Math.round(g / period);
    if (m >= 1 && m <= 3 && Math.abs(g - m * period) <= jitter * period) {
      regular++;
      if (m === 1) onPeriod++;
    }
  }
  return {
    events: bursts.length,
    gaps: gaps.length,
    periodMs: period,
    regularShare: regular / gaps.length,
    onPeriodShare: onPeriod / gaps.length,
  };
}

/**
 * An upper bound (Chernoff: exp(−n·KL(k/n ‖ p))) on the chance that at least k of n gaps land on the rhythm when each
 * does so with probability p by luck. Used to keep many short series (a million lookups hold tens of thousands of
 * host × name pairs with 8 or so events) from producing beacons by coincidence.
 */
export function chanceOfRegularity(n: number, k: number, p: number): number {
  if (n === 0 || k / n <= p) return 1;
  const q = k / n;
  const kl = q * Math.log(q / p) + (q < 1 ? (1 - q) * Math.log((1 - q) / (1 - p)) : 0);
  return Math.exp(-n * kl);
}

/**
 * How often a random gap falls within the jitter of 1–3 periods: for exponential gaps about 2·jitter·ln2·(½+¼+⅛)
 * (0.12 at 10 %); doubled and floored, since real traffic is burstier than exponential.
 */
export function chanceRegularGap(jitter: number): number {
  return Math.min(0.5, Math.max(0.05, 4 * jitter * Math.LN2 * 0.875));
}

/** Family-wise error of the beaconing flag over all the keys it tests (Bonferroni). */
export const BEACON_FAMILY_ERROR = 0.01;

export function beaconingFlag(spec: BeaconingFlag, caps: AggregationCaps = AGGREGATION_CAPS): AggregationFlag {
  const src = fieldReader(spec.source);
  const dst = spec.destination ? fieldReader(spec.destination) : undefined;
  const ts = fieldReader(spec.timestamp);
  const times = new Map<string, number[]>();
  const flagged = new Set<string>();
  let dropped = 0;
  let held = 0;
  const key = (r: AnalysisRecord): string | undefined => {
    const s = keyOf(src(r));
    if (s === undefined) return undefined;
    if (!dst) return s;
    const d = textOf(dst(r));
    return d === undefined ? undefined : `${s}${SEP}${keyText(d.toLowerCase())}`;
  };
  return {
    observe(r) {
      const k = key(r);
      const t = timeOf(ts(r));
      if (k === undefined || t === undefined) return;
      let list = times.get(k);
      if (!list) {
        if (times.size >= caps.keys) return void dropped++;
        times.set(k, (list = []));
      }
      if (list.length < caps.timestampsPerKey && held < caps.timestamps) {
        list.push(t);
        held++;
      } else dropped++;
    },
    finish() {
      const findings: Finding[] = [];
      const scored: Array<[string, BeaconScore]> = [];
      for (const [k, list] of times) {
        if (list.length < spec.minEvents) continue;
        const s = beaconScore(list, spec.jitter, spec.minPeriod);
        if (s && s.events >= spec.minEvents) scored.push([k, s]);
      }
      const p = chanceRegularGap(spec.jitter);
      const alpha = BEACON_FAMILY_ERROR / Math.max(1, scored.length);
      for (const [k, s] of scored) {
        if (s.regularShare < spec.threshold || s.onPeriodShare < 0.5) continue;
        const chance = chanceOfRegularity(s.gaps, Math.round(s.regularShare * s.gaps), p);
        if (chance > alpha) continue;
        flagged.add(k);
        findings.push({
          key: k.split(SEP).join(' → '),
          values: {
            events: s.events,
            periodSeconds: Math.round(s.periodMs) / 1000,
            regularShare: Math.round(s.regularShare * 1000) / 1000,
            threshold: spec.threshold,
            jitter: spec.jitter,
            chanceBound: Number(chance.toPrecision(2)),
            seriesTested: scored.length,
          },
        });
      }
      times.clear();
      return findings;
    },
    matches: (r) => {
      const k = key(r);
      return k !== undefined && flagged.has(k);
    },
    dropped: () => dropped,
  };
}

export function rarePairFlag(spec: RarePairFlag): AggregationFlag {
  const ra = fieldReader(spec.a);
  const rb = fieldReader(spec.b);
  const perA = new Map<string, { total: number; pairs: Map<string, number> }>();
  let pairs = 0;
  let dropped = 0;
  const values = (r: AnalysisRecord) => [keyOf(ra(r)), keyOf(rb(r))] as const;
  return {
    observe(r) {
      const [a, b] = values(r);
      if (a === undefined || b === undefined) return;
      let entry = perA.get(a);
      if (!entry) {
        if (pairs >= AGGREGATION_CAPS.keys) return void dropped++;
        perA.set(a, (entry = { total: 0, pairs: new Map() }));
      }
      entry.total++;
      const n = entry.pairs.get(b);
      if (n !== undefined) entry.pairs.set(b, n + 1);
      else if (pairs < AGGREGATION_CAPS.keys) {
        entry.pairs.set(b, 1);
        pairs++;
      } else dropped++;
    },
    finish() {
      const findings: Finding[] = [];
      for (const [a, e] of perA) {
        if (e.total < spec.minTotal) continue;
        for (const [b, n] of e.pairs) {
          if (n <= spec.maxCount)
            findings.push({
              key: `${a} × ${b}`,
              values: { pairCount: n, totalForA: e.total, distinctForA: e.pairs.size },
            });
        }
      }
      return findings;
    },
    matches(r) {
      const [a, b] = values(r);
      if (a === undefined || b === undefined) return false;
      const e = perA.get(a);
      if (!e || e.total < spec.minTotal) return false;
      const n = e.pairs.get(b);
      return n !== undefined && n <= spec.maxCount;
    },
    dropped: () => dropped,
  };
}

export function volumeSpikeFlag(spec: VolumeSpikeFlag): AggregationFlag {
  const re = fieldReader(spec.entity);
  const ts = fieldReader(spec.timestamp);
  const counts = new Map<string, number>();
  const spikes = new Set<string>();
  let dropped = 0;
  const key = (r: AnalysisRecord): string | undefined => {
    const e = keyOf(re(r));
    const t = timeOf(ts(r));
    return e === undefined || t === undefined ? undefined : `${e}${SEP}${Math.floor(t / spec.window)}`;
  };
  return {
    observe(r) {
      const k = key(r);
      if (k === undefined) return;
      const n = counts.get(k);
      if (n !== undefined) counts.set(k, n + 1);
      else if (counts.size < AGGREGATION_CAPS.keys) counts.set(k, 1);
      else dropped++;
    },
    finish() {
      const perEntity = new Map<string, Array<[number, number]>>();
      for (const [k, n] of counts) {
        const i = k.lastIndexOf(SEP);
        const e = k.slice(0, i);
        const list = perEntity.get(e) ?? [];
        list.push([Number(k.slice(i + 1)), n]);
        perEntity.set(e, list);
      }
      const findings: Finding[] = [];
      for (const [e, list] of perEntity) {
        // The baseline is the median over the entity's active windows; with fewer than 3 there is no baseline.
        if (list.length < 3) continue;
        const usual = median(list.map(([, n]) => n).sort((a, b) => a - b));
        for (const [bucket, n] of list) {
          if (n >= spec.minCount && n >= spec.factor * usual) {
            spikes.add(`${e}${SEP}${bucket}`);
            findings.push({
              key: `${e} @ ${new Date(bucket * spec.window).toISOString()}`,
              values: { count: n, usualPerWindow: usual, factor: Math.round((n / usual) * 10) / 10 },
            });
          }
        }
      }
      return findings;
    },
    matches: (r) => {
      const k = key(r);
      return k !== undefined && spikes.has(k);
    },
    dropped: () => dropped,
  };
}
