/**
 * The user's risk as the app shows it in the score model (`risk.model: 'alert_scores'`, the default profile): read at
 * request time from the alerts index, so triage counts at once (an alert closed as a false positive stops counting the
 * moment its status changes) and the decay runs to the route's `now`, not to the user's last login.
 *
 * Counted: the user's alerts of `risk.countedRules` and the credential families' compromised accounts, still open or
 * acknowledged, and not filtered. The score itself is server/detection/user_risk.ts's; the detector stores its own view
 * (all its alerts open, decayed to login time) in the state index and on each alert (`buffalogs.user_risk`). The users
 * list's order and level filter and the Overview's pie use the risk read here, through a stored key
 * (server/queries/current_risk.ts).
 */
import type { estypes } from '@elastic/elasticsearch';
import type { UserDetailResponse, UserSummary } from '../../common/api';
import { alertTime, type AlertDocument, type AlertEvidence } from '../../common/alert_document';
import { ALERT_STATUSES, type AlertStatus } from '../../common/constants';
import type { RiskConfig } from '../../common/detection_config';
import {
  COUNTING_STATUSES,
  isTakeoverAlert,
  scoreRisk,
  type RiskScoreConfig,
  type ScoredAlert,
  type ScoredRisk,
} from '../detection/user_risk';

const DAY_MS = 86_400_000;

/** What a counted alert's risk needs from `_source`. */
export const RISK_ALERT_SOURCE = [
  '@timestamp',
  'user.name',
  'event.risk_score',
  'rule.id',
  'buffalogs.alert_id',
  'buffalogs.status',
  'buffalogs.evidence.kind',
  'buffalogs.evidence.signals.id',
  'buffalogs.evidence.signals.weight',
];

/**
 * At most this many of a user's newest counted alerts make the score: the detector's own bound
 * (`baseline.maxRiskAlerts`); past it, a user is at 100 anyway.
 */
export const RISK_ALERTS_PER_USER = 64;
/** At most this many counted alerts are read for one user's score over time. */
export const RISK_HISTORY_ALERTS = 1000;

export interface RiskAlertSource {
  '@timestamp'?: unknown;
  user?: { name?: unknown };
  event?: { risk_score?: unknown };
  rule?: { id?: unknown };
  buffalogs?: { alert_id?: unknown; status?: unknown; evidence?: unknown };
}

/** The clauses of a counted alert (of `users`; of anyone when absent), whatever its time. */
export function countedClauses(
  risk: Pick<RiskConfig, 'countedRules'>,
  users?: string[],
): estypes.QueryDslQueryContainer[] {
  return [
    ...(users === undefined
      ? []
      : [users.length === 1 ? { term: { 'user.name': users[0] } } : { terms: { 'user.name': users } }]),
    { terms: { 'buffalogs.status': [...COUNTING_STATUSES] } },
    {
      bool: {
        should: [
          { terms: { 'rule.id': risk.countedRules } },
          { term: { 'buffalogs.evidence.kind': 'compromised_account' } },
        ],
        minimum_should_match: 1,
        // A filtered alert (the user's learning period, an ignored user or country…) is one the profile decided
        // needs no look: it is not in the list an analyst triages, so counting it made risk nobody could see the
        // cause of nor lower (the demo's learning week put 15 users at Low whose every alert was filtered).
        must_not: [{ term: { 'buffalogs.filtered': true } }],
      },
    },
  ];
}

/** Alerts that can count at `now`: within the retention, not later than now. */
export function countingWindow(now: number, risk: Pick<RiskConfig, 'retentionDays'>): estypes.QueryDslQueryContainer {
  return {
    range: {
      '@timestamp': {
        gt: new Date(now - risk.retentionDays * DAY_MS).toISOString(),
        lte: new Date(now).toISOString(),
      },
    },
  };
}

/** The counted alerts of a page of users that can still count at `now` (within the retention), newest first per user. */
export function buildUsersRiskSearch(
  index: string,
  users: string[],
  now: number,
  risk: Pick<RiskConfig, 'countedRules' | 'retentionDays'>,
): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    query: {
      bool: {
        filter: [...countedClauses(risk, users), countingWindow(now, risk)],
      },
    },
    aggs: {
      users: {
        terms: { field: 'user.name', size: Math.max(1, users.length) },
        aggs: {
          newest: {
            top_hits: {
              size: RISK_ALERTS_PER_USER,
              sort: [{ '@timestamp': { order: 'desc' } }],
              _source: RISK_ALERT_SOURCE,
            },
          },
        },
      },
    },
  };
}

/** One user's counted alerts, any age (the score over time), newest first. */
export function buildUserRiskHistorySearch(
  index: string,
  user: string,
  risk: Pick<RiskConfig, 'countedRules'>,
  maxResultWindow = RISK_HISTORY_ALERTS,
): estypes.SearchRequest {
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: Math.min(RISK_HISTORY_ALERTS, maxResultWindow),
    track_total_hits: false,
    query: { bool: { filter: countedClauses(risk, [user]) } },
    sort: [{ '@timestamp': { order: 'desc' } }, { 'buffalogs.alert_id': { order: 'asc' } }],
    _source: RISK_ALERT_SOURCE,
  };
}

/** An alert document as the risk reads it; undefined when it has no usable time. Scores are clamped by scoreRisk. */
export function scoredAlertOf(doc: RiskAlertSource): (ScoredAlert & { id: string }) | undefined {
  // As Elasticsearch sorted and filtered it: Date.parse took no epoch milliseconds (a number, or its text: an older or
  // hand-indexed document, another writer's), so such an alert did not count, and read an offsetless time locally.
  const at = alertTime(doc as Pick<AlertDocument, '@timestamp'>);
  if (Number.isNaN(at)) return undefined;
  const score = doc.event?.risk_score;
  const status = doc.buffalogs?.status;
  return {
    id: typeof doc.buffalogs?.alert_id === 'string' ? doc.buffalogs.alert_id : '',
    at,
    score: typeof score === 'number' ? score : 0,
    takeover: isTakeoverAlert(doc.buffalogs?.evidence as AlertEvidence | undefined),
    // An unknown status is not "still open": it does not count.
    status: (ALERT_STATUSES as readonly unknown[]).includes(status) ? (status as AlertStatus) : 'closed',
  };
}

/** Per user of the page: their counted alerts, from the aggregation of `buildUsersRiskSearch`. */
export function riskAlertsByUser(
  result: estypes.SearchResponse<unknown>,
): Map<string, Array<ScoredAlert & { id: string }>> {
  const out = new Map<string, Array<ScoredAlert & { id: string }>>();
  type Bucket = { key: unknown; newest?: { hits?: { hits?: Array<{ _source?: RiskAlertSource }> } } };
  const buckets = (result.aggregations?.users as { buckets?: Bucket[] } | undefined)?.buckets ?? [];
  for (const b of buckets) {
    if (typeof b.key !== 'string') continue;
    const alerts: Array<ScoredAlert & { id: string }> = [];
    for (const h of b.newest?.hits?.hits ?? []) {
      const a = scoredAlertOf(h._source ?? {});
      if (a) alerts.push(a);
    }
    out.set(b.key, alerts);
  }
  return out;
}

/** Per user of the page: the risk now, from the aggregation of `buildUsersRiskSearch`. */
export function usersRiskFrom(
  result: estypes.SearchResponse<unknown>,
  now: number,
  risk: RiskScoreConfig,
): Map<string, ScoredRisk> {
  const out = new Map<string, ScoredRisk>();
  for (const [user, alerts] of riskAlertsByUser(result)) out.set(user, scoreRisk(alerts, now, risk));
  return out;
}

/** A summary with the risk read now (a user with no counted alert still open has none). */
export function withRiskNow(user: UserSummary, risk: ScoredRisk | undefined): UserSummary {
  return {
    ...user,
    risk_level: risk?.level ?? 'no_risk',
    risk_score: risk?.score ?? 0,
    risk_model: 'alert_scores',
    ...(risk?.takeover ? { risk_takeover: true } : {}),
  };
}

/** Decay points between two alerts (or the last one and now), so the chart shows the score falling. */
const DECAY_POINTS_PER_GAP = 6;
/** Past this many alerts, the chart has the alerts' points only. */
const DECAY_POINTS_UP_TO_ALERTS = 100;

/**
 * The score over time, oldest first: the score just after each counted alert (the alerts' current status applies
 * throughout: an alert closed as a false positive is as if it never counted), points every half a half-life in
 * between while it decays, and the score at `now`. Points equal to the previous one are left out.
 */
export function scoreHistory(
  alertsNewestFirst: ReadonlyArray<ScoredAlert & { id: string }>,
  now: number,
  risk: RiskScoreConfig,
): UserDetailResponse['risk_history'] {
  const counting = alertsNewestFirst
    .filter((a) => a.status === undefined || COUNTING_STATUSES.includes(a.status))
    .filter((a) => a.at <= now)
    .sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const out: UserDetailResponse['risk_history'] = [];
  const push = (at: number, alertId: string, point: 'alert' | 'decay' | 'now') => {
    const r = scoreRisk(counting, at, risk);
    const prev = out[out.length - 1];
    if (prev && Date.parse(prev.timestamp) === at)
      out.pop(); // several alerts at one time: the last says it all
    else if (prev && point === 'decay' && prev.score === r.score && prev.level === r.level) return;
    out.push({ timestamp: new Date(at).toISOString(), level: r.level, score: r.score, alert_id: alertId, point });
  };
  const step = (risk.halfLifeDays * DAY_MS) / 2;
  const withDecay = counting.length <= DECAY_POINTS_UP_TO_ALERTS;
  for (let i = 0; i < counting.length; i++) {
    const a = counting[i];
    push(a.at, a.id, 'alert');
    const next = i + 1 < counting.length ? counting[i + 1].at : now;
    if (!withDecay) continue;
    for (let k = 1; k <= DECAY_POINTS_PER_GAP && a.at + k * step < next; k++) push(a.at + k * step, '', 'decay');
  }
  if (counting.length > 0) push(now, '', 'now');
  return out;
}
