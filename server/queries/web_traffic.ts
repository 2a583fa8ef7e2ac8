/**
 * The web traffic views' aggregations (issue 17), run in Elasticsearch over the web family's indices
 * (`buffalogs.web.indices`): each builder returns one search, each shaper turns its answer into the API's shape.
 * Pure: no client, no clock, so the unit tests check them without a node.
 */
import type { estypes } from '@elastic/elasticsearch';
import {
  API_LIMITS,
  WEB_TRAFFIC_CLASSES,
  type HistogramInterval,
  type WebPagesResponse,
  type WebReferrersResponse,
  type WebTimelineResponse,
  type WebTrafficClass,
  type WebTrafficResponse,
  type WebAlertsResponse,
} from '../../common/api';
import { WEB_BLOCKED_STATUS_CODES, WEB_RULE_IDS, type WebRuleId } from '../../common/web_config';
import type { WebAlert } from '../families/web/core';
import { WEB_FAMILY_ID } from '../families/web/family';
import { aggregationSearch } from './aggregation_search';
import { totalOf as pageTotal } from './pagination';
import { isSiteHost, referrerHost } from '../families/web/domain_list';
import { histogramInterval } from './alert_stats';

const STATUS = 'http.response.status_code';
const TIMESTAMP = '@timestamp';
const REFERRER = 'http.request.referrer';
/**
 * Distinct referrer URLs read to fold into domains. Elasticsearch has no host-of-URL aggregation without a script
 * (and painless may be off), so the top referrers are read and folded here; `partial` says when there were more.
 */
export const MAX_REFERRERS_FOLDED = 5000;

export interface WebRange {
  from: string;
  to: string;
}

type Query = estypes.QueryDslQueryContainer;

export function webRangeQuery(range: WebRange, ...more: Query[]): Query {
  return {
    bool: {
      filter: [
        { range: { [TIMESTAMP]: { gte: range.from, lt: range.to, format: 'strict_date_optional_time' } } },
        ...more,
      ],
    },
  };
}

const blocked: Query = { terms: { [STATUS]: [...WEB_BLOCKED_STATUS_CODES] } };
const statusRange = (gte: number, lte: number): Query => ({ range: { [STATUS]: { gte, lte } } });

/** The traffic classes as named filters; a code in none of them (1xx, a broken line's 0) lands in `other`. */
const CLASS_FILTERS: Record<Exclude<WebTrafficClass, 'other'>, Query> = {
  allowed: statusRange(200, 399),
  blocked,
  client_error: { bool: { filter: [statusRange(400, 499)], must_not: [blocked] } },
  server_error: statusRange(500, 599),
};

const classesAgg = (): estypes.AggregationsAggregationContainer => ({
  filters: { filters: CLASS_FILTERS, other_bucket_key: 'other' },
});

function shapeClasses(agg: unknown): Record<WebTrafficClass, number> {
  const buckets = (agg as { buckets?: Record<string, { doc_count: number }> } | undefined)?.buckets ?? {};
  return Object.fromEntries(WEB_TRAFFIC_CLASSES.map((c) => [c, buckets[c]?.doc_count ?? 0])) as Record<
    WebTrafficClass,
    number
  >;
}

const totalOf = (answer: estypes.SearchResponse): number => pageTotal(answer.hits.total).total;

type Aggs = Record<string, unknown>;
type TermsBucket = { key: string | number; key_as_string?: string; doc_count: number } & Aggs;
const buckets = (agg: unknown): TermsBucket[] => (agg as { buckets?: TermsBucket[] } | undefined)?.buckets ?? [];
const value = (agg: unknown): number => (agg as { value?: number } | undefined)?.value ?? 0;
const count = (agg: unknown): number => (agg as { doc_count?: number } | undefined)?.doc_count ?? 0;

// ---- traffic proportion ------------------------------------------------------------------------------------------

export function buildTrafficSearch(indices: string[], range: WebRange): estypes.SearchRequest {
  return {
    ...aggregationSearch(indices),
    query: webRangeQuery(range),
    aggs: {
      classes: classesAgg(),
      blocked_codes: { filter: blocked, aggs: { codes: { terms: { field: STATUS, size: 10 } } } },
    },
  };
}

export function shapeTraffic(answer: estypes.SearchResponse): WebTrafficResponse {
  const aggs = (answer.aggregations ?? {}) as Aggs;
  const codes = buckets((aggs.blocked_codes as Aggs | undefined)?.codes);
  return {
    classes: shapeClasses(aggs.classes),
    blocked_codes: Object.fromEntries(codes.map((b) => [String(b.key), b.doc_count])),
    total: totalOf(answer),
  };
}

// ---- timeline ----------------------------------------------------------------------------------------------------

export function buildTimelineSearch(
  indices: string[],
  range: WebRange & { interval: HistogramInterval },
  ...filters: Query[]
): { request: estypes.SearchRequest; interval: Exclude<HistogramInterval, 'auto'> } {
  const interval = histogramInterval(range.interval, range.from, range.to);
  return {
    interval,
    request: {
      ...aggregationSearch(indices),
      query: webRangeQuery(range, ...filters),
      aggs: { over_time: timelineAgg(range, interval) },
    },
  };
}

function timelineAgg(range: WebRange, interval: string): estypes.AggregationsAggregationContainer {
  return {
    date_histogram: {
      field: TIMESTAMP,
      calendar_interval: interval as estypes.AggregationsCalendarInterval,
      min_doc_count: 0,
      time_zone: 'UTC',
      // Empty buckets across the whole range, so a quiet night shows as zero rather than a gap the line jumps.
      extended_bounds: { min: Date.parse(range.from), max: Date.parse(range.to) - 1 },
    },
    aggs: { classes: classesAgg() },
  };
}

function shapeBuckets(agg: unknown): WebTimelineResponse['buckets'] {
  return buckets(agg).map((b) => ({
    start: new Date(Number(b.key)).toISOString(),
    total: b.doc_count,
    by_class: shapeClasses(b.classes),
  }));
}

export function shapeTimeline(
  answer: estypes.SearchResponse,
  interval: WebTimelineResponse['interval'],
): WebTimelineResponse {
  return { interval, buckets: shapeBuckets((answer.aggregations as Aggs)?.over_time), total: totalOf(answer) };
}

/**
 * The newest request in the indices, whatever the range: asked only when a range holds none (the timeline's `newest`).
 * A top-level max over every document, which Elasticsearch answers from the field's index without reading documents.
 */
export function buildNewestRequestSearch(indices: string[]): estypes.SearchRequest {
  return { ...aggregationSearch(indices), aggs: { newest: { max: { field: TIMESTAMP } } } };
}

/** The newest request's time (ISO), or undefined when the indices hold none. */
export function shapeNewestRequest(answer: estypes.SearchResponse): string | undefined {
  // A max over no document is null; an index whose @timestamp is no date gives no number either.
  const newest = ((answer.aggregations as Aggs | undefined)?.newest as { value?: unknown } | undefined)?.value;
  return typeof newest === 'number' && Number.isFinite(newest) ? new Date(newest).toISOString() : undefined;
}

// ---- top pages ---------------------------------------------------------------------------------------------------

export function buildPagesSearch(indices: string[], range: WebRange, size: number): estypes.SearchRequest {
  return {
    ...aggregationSearch(indices),
    query: webRangeQuery(range),
    aggs: {
      pages: {
        terms: { field: 'url.path', size },
        aggs: {
          addresses: { cardinality: { field: 'source.ip' } },
          not_found: { filter: { term: { [STATUS]: 404 } } },
          blocked: { filter: blocked },
        },
      },
    },
  };
}

export function shapePages(answer: estypes.SearchResponse): WebPagesResponse {
  return {
    pages: buckets((answer.aggregations as Aggs)?.pages).map((b) => ({
      path: String(b.key),
      requests: b.doc_count,
      addresses: value(b.addresses),
      not_found: count(b.not_found),
      blocked: count(b.blocked),
    })),
    total: totalOf(answer),
  };
}

// ---- top referrer domains ----------------------------------------------------------------------------------------

/**
 * Elasticsearch's default `search.max_buckets`: a search whose aggregations make more buckets fails outright
 * (too_many_buckets_exception, a 502 here). Each web search stays under it whatever the data: web_traffic.test.ts
 * adds up the most buckets each builder can ask for.
 */
export const ES_MAX_BUCKETS = 65_536;
/**
 * The most distinct addresses a referrer domain's count is exact for: Elasticsearch's `cardinality` counts exactly
 * (but for hash collisions) up to its precision threshold, whose highest setting this is, and estimates above it.
 */
export const EXACT_ADDRESSES_UP_TO = 40_000;

/**
 * The referrer URLs, folded into domains by the route (see MAX_REFERRERS_FOLDED), without their addresses: a
 * `source.ip` terms per URL made up to 5,000 × 100 buckets, and a busy site's referrers failed with too many buckets.
 * The addresses are counted afterwards, per domain, by buildReferrerAddressesSearch.
 */
export function buildReferrersSearch(indices: string[], range: WebRange): estypes.SearchRequest {
  return {
    ...aggregationSearch(indices),
    query: webRangeQuery(range),
    aggs: {
      referrers: { terms: { field: REFERRER, size: MAX_REFERRERS_FOLDED } },
      without_referrer: { missing: { field: REFERRER } },
      // Where the integration logs the requested host (Nginx's `$host`, a proxy's absolute-form target): the site.
      site_domains: { terms: { field: 'url.domain', size: 10 } },
    },
  };
}

/** The top domains with the referrer URLs folded into each, before their addresses are counted. */
export type FoldedReferrers = Omit<WebReferrersResponse, 'domains'> & {
  domains: Array<{ domain: string; requests: number; referrers: string[] }>;
};

export function foldReferrers(
  answer: estypes.SearchResponse,
  configuredSiteDomains: readonly string[],
  size: number,
): FoldedReferrers {
  const aggs = (answer.aggregations ?? {}) as Aggs;
  const logged = buckets(aggs.site_domains).map((b) => String(b.key).toLowerCase());
  const siteDomains = [...new Set([...configuredSiteDomains, ...logged])];
  const byDomain = new Map<string, { requests: number; referrers: string[] }>();
  for (const b of buckets(aggs.referrers)) {
    const host = referrerHost(String(b.key));
    // A referrer that is no URL (`-`, garbage a client sent) names no domain.
    if (!host || isSiteHost(host, siteDomains)) continue;
    const entry = byDomain.get(host) ?? { requests: 0, referrers: [] };
    entry.requests += b.doc_count;
    entry.referrers.push(String(b.key));
    byDomain.set(host, entry);
  }
  const domains = [...byDomain]
    .map(([domain, e]) => ({ domain, ...e }))
    .sort((a, b) => b.requests - a.requests || (a.domain < b.domain ? -1 : 1))
    .slice(0, Math.min(size, API_LIMITS.maxWebTop));
  const referrers = aggs.referrers as { sum_other_doc_count?: number } | undefined;
  return {
    domains,
    site_domains: siteDomains,
    without_referrer: count(aggs.without_referrer),
    total: totalOf(answer),
    partial: (referrers?.sum_other_doc_count ?? 0) > 0,
  };
}

/**
 * The distinct addresses of each shown domain across the referrer URLs folded into it: one bucket per domain (at most
 * `maxWebTop`), not one per URL and address. Undefined when there is no domain to count.
 */
export function buildReferrerAddressesSearch(
  indices: string[],
  range: WebRange,
  folded: FoldedReferrers,
): estypes.SearchRequest | undefined {
  if (folded.domains.length === 0) return undefined;
  const filters = Object.fromEntries(folded.domains.map((d) => [d.domain, { terms: { [REFERRER]: d.referrers } }]));
  return {
    ...aggregationSearch(indices),
    track_total_hits: false,
    query: webRangeQuery(range),
    aggs: {
      domains: {
        filters: { filters },
        aggs: { addresses: { cardinality: { field: 'source.ip', precision_threshold: EXACT_ADDRESSES_UP_TO } } },
      },
    },
  };
}

export function shapeReferrers(
  folded: FoldedReferrers,
  addressesAnswer: estypes.SearchResponse | undefined,
): WebReferrersResponse {
  const counted = ((addressesAnswer?.aggregations as Aggs | undefined)?.domains ?? {}) as {
    buckets?: Record<string, Aggs>;
  };
  // Keys are referrer hosts, which a client chooses (`__proto__`): read own properties only.
  const addressesOf = (domain: string): number =>
    Object.hasOwn(counted.buckets ?? {}, domain) ? value(counted.buckets![domain].addresses) : 0;
  return {
    ...folded,
    domains: folded.domains.map(({ domain, requests }) => {
      const addresses = addressesOf(domain);
      return addresses > EXACT_ADDRESSES_UP_TO
        ? { domain, requests, addresses, addresses_estimated: true }
        : { domain, requests, addresses };
    }),
  };
}

// ---- one address -------------------------------------------------------------------------------------------------

export function buildAddressSearch(
  indices: string[],
  range: WebRange & { interval: HistogramInterval },
  ip: string,
  top: number,
): { request: estypes.SearchRequest; interval: Exclude<HistogramInterval, 'auto'> } {
  const interval = histogramInterval(range.interval, range.from, range.to);
  const terms = (field: string) => ({ terms: { field, size: top } });
  return {
    interval,
    request: {
      ...aggregationSearch(indices),
      query: webRangeQuery(range, { term: { 'source.ip': ip } }),
      aggs: {
        over_time: timelineAgg(range, interval),
        first_seen: { min: { field: TIMESTAMP } },
        last_seen: { max: { field: TIMESTAMP } },
        codes: terms(STATUS),
        paths: terms('url.path'),
        methods: terms('http.request.method'),
        user_agents: terms('user_agent.original'),
        referrers: terms(REFERRER),
      },
    },
  };
}

export function shapeAddress(answer: estypes.SearchResponse) {
  const aggs = (answer.aggregations ?? {}) as Aggs;
  const list = (name: string) => buckets(aggs[name]).map((b) => ({ value: String(b.key), count: b.doc_count }));
  const time = (name: string) => (aggs[name] as { value_as_string?: string } | undefined)?.value_as_string;
  return {
    total: totalOf(answer),
    first_seen: time('first_seen'),
    last_seen: time('last_seen'),
    over_time: shapeBuckets(aggs.over_time),
    codes: list('codes'),
    paths: list('paths'),
    methods: list('methods'),
    user_agents: list('user_agents'),
    referrers: list('referrers'),
  };
}

// ---- the web family's alerts -------------------------------------------------------------------------------------

export interface WebAlertsInput extends WebRange {
  rule?: WebRuleId[];
  ip?: string;
  page: number;
  size: number;
}

/** Alerts of the web family (`buffalogs.family: web`), newest first, with a count per rule. */
export function buildWebAlertsSearch(alertsIndex: string, input: WebAlertsInput): estypes.SearchRequest {
  const filter: Query[] = [
    { term: { 'buffalogs.family': WEB_FAMILY_ID } },
    { range: { [TIMESTAMP]: { gte: input.from, lt: input.to, format: 'strict_date_optional_time' } } },
  ];
  if (input.ip) filter.push({ term: { 'buffalogs.entity.value': input.ip } });
  const rule: Query[] = input.rule?.length ? [{ terms: { 'rule.id': input.rule } }] : [];
  return {
    index: alertsIndex,
    ignore_unavailable: true,
    allow_no_indices: true,
    from: (input.page - 1) * input.size,
    size: input.size,
    track_total_hits: true,
    // The per-rule counts ignore the rule filter (post_filter), so the filter's options keep their numbers.
    query: { bool: { filter } },
    post_filter: rule.length ? { bool: { filter: rule } } : undefined,
    sort: [{ [TIMESTAMP]: 'desc' }, { 'buffalogs.sort_key': 'asc' }],
    aggs: { by_rule: { terms: { field: 'rule.id', size: WEB_RULE_IDS.length } } },
  };
}

export function shapeWebAlerts(
  answer: estypes.SearchResponse<WebAlert>,
  page: number,
  size: number,
): WebAlertsResponse {
  const total = pageTotal(answer.hits.total);
  return {
    items: answer.hits.hits.map((h) => ({ ...(h._source as WebAlert), id: h._id! })),
    total: total.total,
    total_relation: total.relation,
    page,
    size,
    by_rule: Object.fromEntries(
      buckets((answer.aggregations as Aggs | undefined)?.by_rule).map((b) => [String(b.key), b.doc_count]),
    ),
  };
}
