/**
 * The users list's order, its level filter and the Overview's level pie in the score model (`risk.model:
 * 'alert_scores'`), computed by Elasticsearch from one stored field per user that does not change with time.
 *
 * The risk shown (server/detection/user_risk.ts, read at request time by server/queries/user_risk.ts) is
 *   S(now) = Σ_j s_j · 2^(−(now − t_j)/h)      over the user's counted alerts still open, in the retention window,
 *   score  = round(min(100, S(now))), held at ceil(scoreHighAt) at least while a takeover alert is open.
 * Every term decays with the same half-life h, so S(now) = 2^(−now/h) · Σ_j s_j · 2^(t_j/h): the second factor,
 * stored as its base-2 logarithm
 *   K = log2 Σ_j s_j · 2^(t_j/h)       (`risk_now.key`; t in epoch ms, h in ms)
 * does not depend on `now`, and S(now) = 2^(K − now/h). So at any `now` users compare by K exactly as they compare by
 * S(now), and "the shown score is at least P" (an integer, 1 ≤ P ≤ 100) is `K ≥ log2(P − 0.5) + now/h`: a range
 * query on a stored field. The logarithm keeps K near t/h (≈ 2,900 for a week's half-life today) where 2^(t/h)
 * itself would overflow a double; it is a `double` field (a float's 24 bits would blur scores 0.02 % apart).
 *
 * K changes only when the set of counted alerts changes: an alert raised or triaged (its status counts or not), an
 * alert leaving the retention window, or the settings K is made of (half-life, retention, counted rules: `basis`).
 * The first two are written when they happen (server/triage/risk_refresh.ts); the third at `risk_now.refresh_at`
 * (the oldest counted alert's expiry) and on a `basis` other than the settings in force, both found by one query and
 * refreshed before the list or pie is read; the detection task reconciles all users with counted alerts each run.
 *
 * The takeover floor is not a function of K alone; the sort puts users in three segments by `_score` of constant
 * clauses (no script): shown score ≥ ceil(scoreHighAt) by K (2), takeover users below that by K, all shown at
 * ceil(scoreHighAt) (1), everyone else by K (0). The shown score never rises from one segment to the next.
 */
import { createHash } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import type { SortDirection } from '../../common/api';
import { RISK_LEVELS, type RiskLevel } from '../../common/constants';
import type { RiskConfig } from '../../common/detection_config';
import { alertPoints, countsAt, type ScoredAlert } from '../detection/user_risk';
import { RISK_ALERTS_PER_USER } from './user_risk';

const DAY_MS = 86_400_000;

export const CURRENT_RISK_FIELDS = {
  key: 'risk_now.key',
  takeover: 'risk_now.takeover',
  refreshAt: 'risk_now.refresh_at',
  basis: 'risk_now.basis',
} as const;

export type CurrentRiskSettings = Pick<
  RiskConfig,
  'countedRules' | 'retentionDays' | 'halfLifeDays' | 'scoreLowAt' | 'scoreMediumAt' | 'scoreHighAt'
>;

/** What K is made of: a stored key made with other settings is stale. */
export function riskBasis(risk: Pick<RiskConfig, 'countedRules' | 'retentionDays' | 'halfLifeDays'>): string {
  const parts = JSON.stringify([
    2, // this file's formula, and which alerts count (2: filtered alerts no longer do, server/queries/user_risk.ts)
    RISK_ALERTS_PER_USER,
    risk.halfLifeDays,
    risk.retentionDays,
    [...new Set(risk.countedRules)].sort(),
  ]);
  return createHash('sha256').update(parts).digest('hex').slice(0, 16);
}

/** The stored fields (`null` key: no alert with points; `null` document: no counted alert at all). */
export interface CurrentRiskDoc {
  key: number | null;
  takeover: boolean;
  /** When the oldest counted alert leaves the retention window: K must be computed again then (ISO). */
  refresh_at: string;
  basis: string;
  computed_at: string;
}

/**
 * The stored fields for a user's alerts as they count at `now` (the same alerts scoreRisk counts: open or
 * acknowledged, `(now − retention, now]`; the caller reads at most the newest RISK_ALERTS_PER_USER of them, as the
 * routes do). Undefined when none counts.
 */
export function currentRiskDoc(
  alerts: Iterable<ScoredAlert>,
  now: number,
  risk: Pick<RiskConfig, 'countedRules' | 'retentionDays' | 'halfLifeDays'>,
): CurrentRiskDoc | undefined {
  const h = risk.halfLifeDays * DAY_MS;
  const retention = risk.retentionDays * DAY_MS;
  const oldest = now - retention;
  const exps: number[] = [];
  let takeover = false;
  let firstExpiry = Infinity;
  for (const a of alerts) {
    if (!countsAt(a, now, oldest)) continue;
    firstExpiry = Math.min(firstExpiry, a.at + retention);
    if (a.takeover) takeover = true;
    const points = alertPoints(a.score);
    if (points > 0) exps.push(Math.log2(points) + a.at / h);
  }
  if (firstExpiry === Infinity) return undefined;
  return {
    key: exps.length ? logSum2(exps) : null,
    takeover,
    refresh_at: new Date(firstExpiry).toISOString(),
    basis: riskBasis(risk),
    computed_at: new Date(now).toISOString(),
  };
}

/** log2 Σ 2^x_i without overflow. */
export function logSum2(xs: readonly number[]): number {
  const m = Math.max(...xs);
  let sum = 0;
  for (const x of xs) sum += Math.pow(2, x - m);
  return m + Math.log2(sum);
}

/** The score shown at `now` for a stored key, before the takeover floor and rounding: S(now). */
export function pointsAt(key: number, now: number, halfLifeDays: number): number {
  return Math.pow(2, key - now / (halfLifeDays * DAY_MS));
}

const MATCH_ALL: estypes.QueryDslQueryContainer = { match_all: {} };
const MATCH_NONE: estypes.QueryDslQueryContainer = { match_none: {} };

/** Users whose shown score (before the takeover floor) is at least `threshold` points at `now`. */
export function scoreAtLeast(
  threshold: number,
  now: number,
  risk: Pick<RiskConfig, 'halfLifeDays'>,
): estypes.QueryDslQueryContainer {
  // The shown score is round(min(100, S)), an integer: ≥ threshold ⇔ ≥ ceil(threshold) ⇔ S ≥ ceil(threshold) − 0.5.
  const p = Math.ceil(threshold);
  if (p <= 0) return MATCH_ALL;
  if (p > 100) return MATCH_NONE;
  return { range: { [CURRENT_RISK_FIELDS.key]: { gte: Math.log2(p - 0.5) + now / (risk.halfLifeDays * DAY_MS) } } };
}

const TAKEOVER: estypes.QueryDslQueryContainer = { term: { [CURRENT_RISK_FIELDS.takeover]: true } };
const not = (q: estypes.QueryDslQueryContainer): estypes.QueryDslQueryContainer => ({ bool: { must_not: [q] } });
const all = (...qs: estypes.QueryDslQueryContainer[]): estypes.QueryDslQueryContainer => ({ bool: { filter: qs } });

/** Users at `level` at `now`, as riskLevelForScore would say of the shown score (takeover floor included). */
export function levelClause(level: RiskLevel, now: number, risk: CurrentRiskSettings): estypes.QueryDslQueryContainer {
  const high = scoreAtLeast(risk.scoreHighAt, now, risk);
  const medium = scoreAtLeast(risk.scoreMediumAt, now, risk);
  const low = scoreAtLeast(risk.scoreLowAt, now, risk);
  switch (level) {
    case 'high':
      return { bool: { should: [TAKEOVER, high], minimum_should_match: 1 } };
    case 'medium':
      return all(not(TAKEOVER), medium, not(high));
    case 'low':
      return all(not(TAKEOVER), low, not(medium));
    default:
      return all(not(TAKEOVER), not(low));
  }
}

/** Users at any of `levels`. */
export function levelsClause(
  levels: readonly RiskLevel[],
  now: number,
  risk: CurrentRiskSettings,
): estypes.QueryDslQueryContainer {
  const known = RISK_LEVELS.filter((l) => levels.includes(l));
  return { bool: { should: known.map((l) => levelClause(l, now, risk)), minimum_should_match: 1 } };
}

/** Below every key a user can have (an alert of 0.001 points of 1970): users without one sort as the lowest. */
export const NO_KEY = -1e300;

/**
 * The riskiest first (or last): the query's `_score` is the segment (module comment), then the key, then the name.
 * `filter` is the list's other filters; the returned query ranks within them.
 */
export function currentRiskSort(
  filter: estypes.QueryDslQueryContainer[],
  direction: SortDirection,
  now: number,
  risk: CurrentRiskSettings,
  nameField: string,
): { query: estypes.QueryDslQueryContainer; sort: estypes.SortCombinations[] } {
  const high = scoreAtLeast(risk.scoreHighAt, now, risk);
  const query: estypes.QueryDslQueryContainer = {
    bool: {
      filter: filter.length ? filter : [MATCH_ALL],
      should: [
        { constant_score: { filter: high, boost: 2 } },
        { constant_score: { filter: all(TAKEOVER, not(high)), boost: 1 } },
      ],
      minimum_should_match: 0,
    },
  };
  const sort = [
    { _score: { order: direction } },
    { [CURRENT_RISK_FIELDS.key]: { order: direction, missing: NO_KEY } },
    { [nameField]: { order: 'asc' } },
  ] as estypes.SortCombinations[];
  return { query, sort };
}

/** The Overview's users per level: one `filters` aggregation with each level's clause. */
export function currentRiskLevelsAgg(now: number, risk: CurrentRiskSettings): estypes.AggregationsAggregationContainer {
  return {
    filters: { filters: Object.fromEntries(RISK_LEVELS.map((l) => [l, levelClause(l, now, risk)])) },
  };
}

/** State documents whose stored key is out of date at `now`: an alert left the window, or the settings changed. */
export function staleRiskQuery(now: number, risk: Pick<RiskConfig, 'countedRules' | 'retentionDays' | 'halfLifeDays'>) {
  return {
    bool: {
      filter: [{ exists: { field: CURRENT_RISK_FIELDS.refreshAt } }],
      should: [
        { range: { [CURRENT_RISK_FIELDS.refreshAt]: { lte: new Date(now).toISOString() } } },
        not({ term: { [CURRENT_RISK_FIELDS.basis]: riskBasis(risk) } }),
      ],
      minimum_should_match: 1,
    },
  } satisfies estypes.QueryDslQueryContainer;
}
