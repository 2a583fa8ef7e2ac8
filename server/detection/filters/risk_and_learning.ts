/**
 * Filters on the user's standing: risk below the minimum level (judged on the risk BEFORE this alert, as
 * BuffaLogs), and the learning period — wall-clock days since the detector first saw the user (BuffaLogs'
 * `User.created`), or log-time days since the user's first login (default profile, so a back-fill behaves like
 * live data).
 */
import { riskRank } from '../../../common/constants';
import type { AlertFilter } from './filter';
import { FILTER_REASONS } from './reasons';

const DAY_MS = 86_400_000;

export const minimumRiskFilter: AlertFilter = ({ ctx, riskBefore }, out) => {
  if (riskRank(riskBefore) < riskRank(ctx.cc.config.filters.minimumRiskLevel))
    out.push(FILTER_REASONS.minimumRiskScore);
};

export const learningPeriodFilter: AlertFilter = ({ ctx, now }, out) => {
  const f = ctx.cc.config.filters;
  if (f.learningPeriodDays <= 0) return;
  const { state, event } = ctx;
  const age =
    f.learningPeriodBasis === 'first_seen_wall_clock'
      ? now - state.firstSeenAt
      : event.timestamp - (state.firstLoginAt ?? event.timestamp);
  if (age < f.learningPeriodDays * DAY_MS) out.push(FILTER_REASONS.userLearningPeriod);
};
