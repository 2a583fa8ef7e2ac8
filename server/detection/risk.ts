/**
 * The user's risk level: the number of recent alerts of the counted types, mapped to BuffaLogs' four levels
 * (0 no risk, 1–3 low, 4–6 medium, ≥7 high by default).
 *
 * Two policies (`risk.recomputeOn`):
 * - `unfiltered_alerts` (BuffaLogs): the stored level is recomputed only when an unfiltered alert is produced; the
 *   count includes filtered alerts; alerts age out by wall-clock time (`alert_max_days` after their creation); the
 *   level may go down (silently).
 * - `every_alert` (default): every counted alert raises the level whether or not it is filtered; the count is over
 *   the login-time window before the login being judged, so a back-fill and live processing agree.
 *
 * The default profile counts no alerts: `risk.model: 'alert_scores'` weighs them by score (./user_risk.ts).
 */
import type { RiskLevel } from '../../common/constants';
import type { RiskConfig } from '../../common/detection_config';
import type { CompiledConfig } from './compiled_config';
import type { UserState } from './user_state';
import { RiskSum } from './user_risk';

const DAY_MS = 86_400_000;

export function riskLevelForCount(count: number, risk: RiskConfig): RiskLevel {
  if (count >= risk.highAt) return 'high';
  if (count >= risk.mediumAt) return 'medium';
  if (count >= risk.lowAt) return 'low';
  return 'no_risk';
}

/** Counted alerts currently in the window. `at` is the login time being judged, `now` the wall clock. */
export function countedAlerts(state: UserState, cc: CompiledConfig, at: number, now: number): number {
  const risk = cc.config.risk;
  const window = risk.retentionDays * DAY_MS;
  const byWallClock = risk.recomputeOn === 'unfiltered_alerts';
  let n = 0;
  for (const a of state.riskAlerts) {
    if (!cc.countedRules.has(a.rule)) continue;
    if (byWallClock ? a.createdAt > now - window : a.at <= at && a.at > at - window) n++;
  }
  return n;
}

/**
 * The score model's risk at login time `at` (./user_risk.ts): the counted alerts the detector raised, all open as
 * far as it knows, decayed to `at`. Triage is applied where the status is known: the app's routes.
 */
export function scoredRiskAt(state: UserState, cc: CompiledConfig, at: number): { level: RiskLevel; score: number } {
  // scoreRisk's sum (RiskSum), over the state's alerts as they are (all open): no list of ScoredAlert built, as it was
  // for every user at the end of each batch (some 15 bytes a login, a share of detect's scavenges). Same alerts, same
  // order, same arithmetic: the same score (user_risk.test.ts checks the two against each other).
  const total = new RiskSum(at, cc.config.risk);
  const alerts = state.riskAlerts;
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i];
    if (cc.countedRules.has(a.rule) && a.score !== undefined) total.add(a, a.score, a.takeover === true);
  }
  return total.risk();
}

/**
 * The level filters judge an alert by: the stored one (BuffaLogs), the one the window gives now (default, count
 * model) or the score model's.
 */
export function currentRisk(
  state: UserState,
  cc: CompiledConfig,
  at: number,
  now: number,
): { level: RiskLevel; score: number } {
  if (cc.config.risk.model === 'alert_scores') return scoredRiskAt(state, cc, at);
  if (cc.config.risk.recomputeOn === 'unfiltered_alerts') return state.risk;
  const score = countedAlerts(state, cc, at, now);
  return { level: riskLevelForCount(score, cc.config.risk), score };
}

/** Forgets alerts that can no longer count; keeps at most `maxRiskAlerts`, dropping the oldest. */
export function pruneRiskAlerts(state: UserState, cc: CompiledConfig, now: number): void {
  if (state.riskAlerts.length === 0) return; // most users, every batch: nothing to drop, no closure to make
  const risk = cc.config.risk;
  const window = risk.retentionDays * DAY_MS;
  const byWallClock = risk.recomputeOn === 'unfiltered_alerts';
  const newest = state.lastLoginAt ?? 0;
  const live = (a: { at: number; createdAt: number }) =>
    byWallClock ? a.createdAt > now - window : a.at > newest - window;
  const max = cc.config.baseline.maxRiskAlerts;
  if (state.riskAlerts.length <= max && state.riskAlerts.every(live)) return; // the usual case: nothing to drop
  const keep = state.riskAlerts.filter(live);
  state.riskAlerts = keep.length > max ? keep.slice(keep.length - max) : keep;
}
