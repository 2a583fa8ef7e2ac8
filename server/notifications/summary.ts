/**
 * Daily or weekly summaries per channel (BuffaLogs' `scheduled_alert_summary`, spec §6.4 and §7): the alerts the
 * channel's filters take that were created in the period, counted by detector and severity, the users with the most
 * alerts (each with their detectors), and a link to the period in the app. Counted by Elasticsearch aggregations over
 * the space's alerts index, so a week of alerts costs one search.
 *
 * Once per period per channel, across restarts and Kibana nodes: the summary's delivery record
 * (`<channel>:summary:<frequency>:<period end>`, deliveries_store.ts) is created before the message is sent, exactly
 * as an alert's is. Whichever pass creates it sends the summary; every other pass gets a 409 (or finds it) and does
 * not. A crash between the send and the outcome leaves it `sending`, shown as `unknown`, never sent twice.
 */
import type { estypes } from '@elastic/elasticsearch';
import { isDetectorFilter, type AlertsListQuery } from '../../common/api';
import { PLUGIN_ID } from '../../common/constants';
import { anonymousIpDetector } from '../detection/detectors/anonymous_ip';
import { atypicalCountryDetector } from '../detection/detectors/atypical_country';
import { impossibleTravelDetector } from '../detection/detectors/impossible_travel';
import { newCountryDetector } from '../detection/detectors/new_country';
import { newDeviceDetector } from '../detection/detectors/new_device';
import { SEVERITIES } from '../../common/sequence_rule';
import { ALERT_FIELDS, buildAlertQuery, detectorClause } from '../queries/alert_filters';
import type { EsClient } from '../storage';
import { pluginIndices } from '../storage/index_names';
import type { ChannelConfig } from './config_schema';
import { claimDeliveries, deliveryDocId, existingDeliveries, finishDeliveries } from './deliveries_store';
import type { NotificationMessage } from './message';
import { lastEndedPeriod, summaryKey, type SummaryConfig, type SummaryPeriod } from './summary_schedule';

/**
 * The detectors that are also a verdict's signals, by the name their own alerts carry: a summary counts a verdict
 * under each of them it carries (as the alerts list's detector filter finds it), named even in a period without an
 * alert of that rule.
 */
const SIGNAL_DETECTORS = new Map<string, string>(
  [impossibleTravelDetector, newDeviceDetector, newCountryDetector, atypicalCountryDetector, anonymousIpDetector].map(
    (d) => [d.id, d.name],
  ),
);

export interface SummaryReport {
  frequency: SummaryPeriod['frequency'];
  start: string;
  end: string;
  total: number;
  users: number;
  byDetector: Array<{ id: string; name: string; count: number }>;
  bySeverity: Record<string, number>;
  topUsers: Array<{ user: string; count: number; detectors: Record<string, number> }>;
  link: string;
}

/**
 * The channel's filters as an Elasticsearch query (the same rules as filters.ts `channelTakes`): the alerts list's
 * query for the parameters `periodLink` gives it, so the list shows what was counted. Only the detectors are added
 * apart, all of them (kibana.yml takes only names the list's `detector` takes: config_schema.ts `detectorName`).
 */
function filterQuery(channel: ChannelConfig, period: SummaryPeriod): estypes.QueryDslQueryContainer {
  const f = channel.filters;
  const query = buildAlertQuery(linkFilters(period, f));
  return f.detectors.length > 0 ? { bool: { filter: [query, detectorClause(f.detectors)] } } : query;
}

type LinkFilters = Pick<ChannelConfig['filters'], 'detectors' | 'includeFiltered'> &
  Partial<Pick<ChannelConfig['filters'], 'minSeverity' | 'minScore' | 'users'>>;

/**
 * The period by alert creation time and the channel's filters but its detectors, as the alerts list names them
 * (`unfiltered` is the Alerts page's default).
 */
function linkFilters(period: SummaryPeriod, f?: LinkFilters): AlertsListQuery {
  return {
    from: new Date(period.start).toISOString(),
    to: new Date(period.end).toISOString(),
    time_field: 'event.created',
    min_severity: f?.minSeverity,
    min_score: f?.minScore,
    users: f?.users?.length ? [...f.users] : undefined,
    filtered: f?.includeFiltered ? 'all' : 'unfiltered',
  };
}

type Bucket = { key: string | number; doc_count: number };
type Terms<Sub = object> = { buckets: Array<Bucket & Sub> };

/** The verdicts' signals that are detectors of their own (the alerts list's detector filter finds them by either). */
const signalsAgg: estypes.AggregationsAggregationContainer = {
  terms: { field: ALERT_FIELDS.signalIds, size: SIGNAL_DETECTORS.size, include: [...SIGNAL_DETECTORS.keys()] },
};

/**
 * Alerts per detector as the alerts list's detector filter counts them: its rule's alerts plus the verdicts carrying
 * it as a signal (a verdict's rule, suspicious_login, is no signal: the two never count one alert twice for one
 * detector). A verdict also counts under its own rule and each of its signals, so the counts may add up to more than
 * the total. Most first, then by id.
 */
function detectorCounts(rules: Terms | undefined, signals: Terms | undefined): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const b of [...(rules?.buckets ?? []), ...(signals?.buckets ?? [])])
    counts.set(String(b.key), (counts.get(String(b.key)) ?? 0) + b.doc_count);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The longest link that names a channel's users one by one. Browsers take far longer URLs, but what sits between
 * them and Kibana does not: nginx answers 414 past its 8 KB request-line buffer (large_client_header_buffers), Apache
 * past 8,190 bytes (LimitRequestLine), and Kibana (Node) 431 past 16 KB of request line and headers together, cookies
 * included; the page's API request repeats the users too. Tighter still, the link ends the summary's text, which chat
 * channels clip (Slack at 3,000 characters, Google Chat 4,000, Discord and Telegram 4,096, channels/): a link much
 * past 2,000 characters would arrive cut, with the counts before it. A longer one names the channel instead.
 */
export const LINK_MAX_LENGTH = 2_000;

/**
 * The period in the alerts list, by alert creation time (`time_field`), with the channel's filters: its detectors
 * (`detector`, sequence rules by their ids too, which matches as the summary's query does), severity, score and users,
 * and its observations when the channel includes them: the list shows the alerts the summary counted. `channel`
 * names the channel for the list to say where its filters came from (no filter), and, when its users would make the
 * link longer than LINK_MAX_LENGTH, which channel's users to read (`channel_users`). A channel's filters that filter
 * nothing (severity low, score 0) are left out, so the link stays short.
 */
export function periodLink(
  publicBaseUrl: string | undefined,
  space: string,
  period: SummaryPeriod,
  filters?: LinkFilters,
  channel?: string,
): string {
  const base = (publicBaseUrl ?? '').replace(/\/+$/, '');
  const spacePrefix = space === 'default' ? '' : `/s/${encodeURIComponent(space)}`;
  const list = linkFilters(period, filters);
  const query = new URLSearchParams({ start: list.from!, end: list.to! });
  // Every detector, sequence rules by their own ids too: the list ORs them as the summary counts them (detectorClause).
  // kibana.yml refuses a name the list would not take; the check stays for a channel built in code.
  for (const d of new Set(filters?.detectors ?? [])) if (isDetectorFilter(d)) query.append('detector', d);
  if (list.filtered === 'all') query.set('filtered', 'all');
  if (list.min_severity !== undefined && list.min_severity !== 'low') query.set('min_severity', list.min_severity);
  if (list.min_score !== undefined && list.min_score > 0) query.set('min_score', String(list.min_score));
  query.set('time_field', list.time_field!);
  if (channel !== undefined) query.set('channel', channel);
  const path = `${base}${spacePrefix}/app/${PLUGIN_ID}/alerts?`;
  const users = new URLSearchParams((list.users ?? []).map((u) => ['users', u]));
  // Too many or too long users for a URL (a channel may list 1,000 of 1,024 characters): the list reads them from
  // the channel itself (`channel_users`), as configured when the link is opened; the page says so.
  if (channel !== undefined && path.length + query.toString().length + users.toString().length + 1 > LINK_MAX_LENGTH)
    query.set('channel_users', channel);
  else for (const [key, user] of users) query.append(key, user);
  return `${path}${query.toString()}`;
}

export async function buildSummaryReport(
  client: EsClient,
  space: string,
  channel: ChannelConfig,
  summary: SummaryConfig,
  period: SummaryPeriod,
  options: { publicBaseUrl?: string; signal?: AbortSignal },
): Promise<SummaryReport> {
  const response = await client
    .search(
      {
        index: pluginIndices(space).alerts,
        size: 0,
        track_total_hits: true,
        query: filterQuery(channel, period),
        aggs: {
          detectors: {
            terms: { field: 'rule.id', size: 100 },
            aggs: { name: { terms: { field: 'rule.name', size: 1 } } },
          },
          signals: signalsAgg,
          severities: { terms: { field: 'buffalogs.severity', size: 10 } },
          users: { cardinality: { field: 'user.name' } },
          top_users: {
            terms: { field: 'user.name', size: summary.topUsers },
            aggs: { detectors: { terms: { field: 'rule.id', size: 20 } }, signals: signalsAgg },
          },
        },
      },
      { signal: options.signal },
    )
    .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
      if (error.meta?.body?.error?.type === 'index_not_found_exception')
        return { hits: { total: 0 }, aggregations: {} };
      throw error;
    });
  const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
  const aggs = (response.aggregations ?? {}) as Partial<{
    detectors: Terms<{ name: Terms }>;
    signals: Terms;
    severities: Terms;
    users: { value: number };
    top_users: Terms<{ detectors: Terms; signals?: Terms }>;
  }>;
  const names = new Map((aggs.detectors?.buckets ?? []).map((b) => [String(b.key), b.name.buckets[0]?.key]));
  return {
    frequency: period.frequency,
    start: new Date(period.start).toISOString(),
    end: new Date(period.end).toISOString(),
    total,
    users: aggs.users?.value ?? 0,
    byDetector: detectorCounts(aggs.detectors, aggs.signals).map(([id, count]) => ({
      id,
      name: String(names.get(id) ?? SIGNAL_DETECTORS.get(id) ?? id),
      count,
    })),
    bySeverity: Object.fromEntries(
      SEVERITIES.map((s) => [s, aggs.severities?.buckets.find((b) => b.key === s)?.doc_count ?? 0]),
    ),
    topUsers: (aggs.top_users?.buckets ?? []).map((b) => ({
      user: String(b.key),
      count: b.doc_count,
      detectors: Object.fromEntries(detectorCounts(b.detectors, b.signals)),
    })),
    link: periodLink(options.publicBaseUrl, space, period, channel.filters, channel.name),
  };
}

const day = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** The summary as a message every channel can lay out (it is about no single user: `alerts` is empty). */
export function summaryMessage(report: SummaryReport): NotificationMessage {
  const title =
    `BuffaLogs ${report.frequency} summary, ${day(report.start)} – ${day(report.end)}: ` +
    `${report.total} alert${report.total === 1 ? '' : 's'}`;
  const names = new Map(report.byDetector.map((d) => [d.id, d.name]));
  const lines =
    report.total === 0
      ? ['No alerts were generated during this period.']
      : [
          `Total alerts: ${report.total} (${report.users} user${report.users === 1 ? '' : 's'})`,
          `By detector: ${report.byDetector.map((d) => `${d.name} ${d.count}`).join(', ')}${
            report.byDetector.some((d) => SIGNAL_DETECTORS.has(d.id)) &&
            report.byDetector.some((d) => d.id === 'suspicious_login')
              ? " (a suspicious login also counts under each of its signals, as the app's detector filter finds it)"
              : ''
          }`,
          `By severity: ${SEVERITIES.filter((s) => report.bySeverity[s] > 0)
            .reverse()
            .map((s) => `${s} ${report.bySeverity[s]}`)
            .join(', ')}`,
          `Top users: ${report.topUsers
            .map(
              (u) =>
                `${u.user} ${u.count} (${Object.entries(u.detectors)
                  .map(([id, n]) => `${names.get(id) ?? id} ${n}`)
                  .join(', ')})`,
            )
            .join('; ')}`,
        ];
  const severity = [...SEVERITIES].reverse().find((s) => report.bySeverity[s] > 0) ?? 'low';
  return {
    title,
    text: `${lines.join('\n')}\n${report.link}`,
    alerts: [],
    entity: { field: 'summary', value: report.frequency },
    severity,
    summary: report,
  };
}

export interface SummaryOutcome {
  /** `sent`, `failed`, `already` (recorded by an earlier pass or another node), or `none` (no summary configured). */
  status: 'sent' | 'failed' | 'already' | 'none';
  key?: string;
  total?: number;
  error?: string;
}

/**
 * Sends the channel's summary of its last ended period unless its record exists. `send` dispatches the message
 * (with the channel's retries and pace) and returns its outcome; `afterSend` is the notifier's crash-window hook.
 */
export async function summariseChannel(
  input: {
    client: EsClient;
    space: string;
    now: () => number;
    publicBaseUrl?: string;
    signal: AbortSignal;
    afterSend?: (channel: string, ids: string[]) => void;
  },
  channel: ChannelConfig,
  send: (
    message: NotificationMessage,
    deliveryId: string,
  ) => Promise<{ ok: boolean; attempts: number; errors: string[] }>,
): Promise<SummaryOutcome> {
  if (!channel.summary) return { status: 'none' };
  const period = lastEndedPeriod(channel.summary, input.now());
  const key = summaryKey(period);
  const id = deliveryDocId(channel.name, key);
  if ((await existingDeliveries(input.client, input.space, [id], input.signal)).size > 0)
    return { status: 'already', key };
  const report = await buildSummaryReport(input.client, input.space, channel, channel.summary, period, {
    publicBaseUrl: input.publicBaseUrl,
    signal: input.signal,
  });
  const message = summaryMessage(report);
  const claimedAt = new Date(input.now()).toISOString();
  const won = await claimDeliveries(
    input.client,
    input.space,
    [
      {
        '@timestamp': claimedAt,
        delivery_id: id,
        alert_id: key,
        channel: channel.name,
        channel_type: channel.type,
        status: 'sending',
        attempts: 0,
        claimed_at: claimedAt,
        entity: message.entity,
        rule: { id: `summary_${period.frequency}` },
        severity: message.severity,
        group_size: report.total,
        kind: 'summary',
        period: { start: report.start, end: report.end },
      },
    ],
    input.signal,
  );
  if (!won.has(key)) return { status: 'already', key };
  const outcome = await send(message, id);
  input.afterSend?.(channel.name, [key]);
  await finishDeliveries(input.client, input.space, channel.name, [key], {
    status: outcome.ok ? 'sent' : 'failed',
    attempts: outcome.attempts,
    finishedAt: new Date(input.now()).toISOString(),
    ...(outcome.ok ? {} : { error: outcome.errors.join('; ') }),
  });
  return {
    status: outcome.ok ? 'sent' : 'failed',
    key,
    total: report.total,
    ...(outcome.ok ? {} : { error: outcome.errors.join('; ') }),
  };
}
