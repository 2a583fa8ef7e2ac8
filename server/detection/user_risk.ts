/**
 * The user's risk in the score model (`risk.model: 'alert_scores'`, the default profile): what the user's alerts
 * say now, not how many there were.
 *
 * - Each counted alert brings its own score (`event.risk_score`, 0–100: the verdict's score, a compromised account's
 *   73), halved every `risk.halfLifeDays` of age; alerts older than `risk.retentionDays`, or later than `now`, count
 *   nothing. The score is the sum, capped at 100 and rounded.
 * - Only alerts still open or acknowledged count: an alert closed (handled) or closed as a false positive no longer
 *   says anything about the user, so closing it lowers the risk at once.
 * - A takeover pattern (`isTakeoverAlert`) still open holds the score at `risk.scoreHighAt` at least: the user is High
 *   at once, and stays there until someone looks, however old the alert.
 * - Levels from the score: `scoreLowAt`, `scoreMediumAt`, `scoreHighAt` (common/detection_config.ts says why).
 *
 * Pure, no clock: `now` is the caller's. The detector judges with the login's time (the alerts it knows, all open);
 * the app's routes with the wall clock and the alerts' current status (server/queries/user_risk.ts).
 */
import type { AlertStatus, RiskLevel } from '../../common/constants';
import type { RiskConfig } from '../../common/detection_config';

const DAY_MS = 86_400_000;

export type RiskScoreConfig = Pick<
  RiskConfig,
  'halfLifeDays' | 'retentionDays' | 'scoreLowAt' | 'scoreMediumAt' | 'scoreHighAt'
>;

/** One alert as the risk sees it. */
export interface ScoredAlert {
  /** The triggering login's time (epoch ms). */
  at: number;
  /** 0–100; anything else is clamped (NaN counts 0). */
  score: number;
  takeover: boolean;
  /** Absent: open (the detector's alerts). */
  status?: AlertStatus;
}

export interface ScoredRisk {
  level: RiskLevel;
  /** 0–100, an integer. */
  score: number;
  /** An open takeover pattern holds the level at High. */
  takeover: boolean;
  /** Alerts that counted (open or acknowledged, in the window). */
  alerts: number;
}

/** Statuses whose alerts still count: nobody has said the alert is over. */
export const COUNTING_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged'];

// The takeover pattern is shared with the browser (the flyout warns before trusting a takeover's network).
export { TAKEOVER_SIGNALS, isTakeoverAlert } from '../../common/takeover';

export function riskLevelForScore(score: number, risk: RiskScoreConfig): RiskLevel {
  if (score >= risk.scoreHighAt) return 'high';
  if (score >= risk.scoreMediumAt) return 'medium';
  if (score >= risk.scoreLowAt) return 'low';
  return 'no_risk';
}

/** What an alert of `score` points, `ageMs` old, still counts. */
export function decayedPoints(score: number, ageMs: number, halfLifeDays: number): number {
  const points = alertPoints(score);
  if (ageMs <= 0) return points;
  return points * Math.pow(2, -ageMs / (halfLifeDays * DAY_MS));
}

/** An alert's points: its score, 0–100 (anything else 0). */
export const alertPoints = (score: number): number => (Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : 0);

/**
 * Whether an alert counts toward the risk at `now`: open or acknowledged (not closed), not later than now, newer
 * than `oldest` (the retention), and with a time at all.
 */
export function countsAt(a: Pick<ScoredAlert, 'status' | 'at'>, now: number, oldest: number): boolean {
  if (a.status !== undefined && !COUNTING_STATUSES.includes(a.status)) return false;
  return a.at <= now && a.at > oldest;
}

/** The user's risk at `now` from their alerts (any order). */
export function scoreRisk(alerts: Iterable<ScoredAlert>, now: number, risk: RiskScoreConfig): ScoredRisk {
  const total = new RiskSum(now, risk);
  for (const a of alerts) total.add(a, a.score, !!a.takeover);
  const { level, score } = total.risk();
  return { level, score, takeover: total.takeover, alerts: total.counted };
}

/**
 * scoreRisk's sum, alert by alert: the alerts that count at `now` (countsAt), their decayed points summed in the order
 * added, and whether a takeover pattern is among them. Shared with the detector's scoredRiskAt (risk.ts), which sums a
 * state's alerts as they are stored (no list of ScoredAlert built), so that the two sum alike.
 */
export class RiskSum {
  sum = 0;
  takeover = false;
  counted = 0;
  private readonly oldest: number;

  constructor(
    private readonly now: number,
    private readonly config: RiskScoreConfig,
  ) {
    this.oldest = now - config.retentionDays * DAY_MS;
  }

  /** Adds the alert (`score` its points, `takeover` whether it is a takeover pattern) if it counts at `now`. */
  add(a: Pick<ScoredAlert, 'status' | 'at'>, score: number, takeover: boolean): void {
    if (!countsAt(a, this.now, this.oldest)) return;
    this.counted++;
    this.sum += decayedPoints(score, this.now - a.at, this.config.halfLifeDays);
    if (takeover) this.takeover = true;
  }

  /** The level and score of the sum (riskOfSum). */
  risk(): { level: RiskLevel; score: number } {
    return riskOfSum(this.sum, this.takeover, this.config);
  }
}

/** The level and score of the alerts' summed points (`decayedPoints`), and whether a takeover pattern is among them. */
export function riskOfSum(sum: number, takeover: boolean, risk: RiskScoreConfig): { level: RiskLevel; score: number } {
  let score = Math.round(Math.min(100, sum));
  if (takeover) score = Math.max(score, Math.ceil(risk.scoreHighAt));
  return { level: riskLevelForScore(score, risk), score };
}
