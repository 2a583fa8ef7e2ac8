/**
 * The dashboard's aggregations over alerts (BuffaLogs' alerts line chart and world map, spec §8.2–8.3, without its
 * bugs: the map is keyed by ISO code from the alert's own geo fields, and counts respect the time range).
 */
import type { estypes } from '@elastic/elasticsearch';
import type { AlertsByCountryResponse, AlertsOverTimeResponse, HistogramInterval, TravelPair } from '../../common/api';
import type { AlertDocument, GeoLocation, TravelEvidence, VerdictSignal } from '../../common/alert_document';
import type { RuleId } from '../../common/constants';
import { badRequest } from '../routes/errors';
import type { EsClient } from '../storage';
import { aggregationSearch } from './aggregation_search';
import { ALERT_FIELDS, buildAlertQuery, detectorClause, type AlertQueryInput } from './alert_filters';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Each interval's length (a month as 30 days): to count a range's buckets, and the Sources timeline's fixed interval. */
export const HISTOGRAM_INTERVAL_MS: Record<Exclude<HistogramInterval, 'auto'>, number> = {
  hour: HOUR,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
};
/** Far below Elasticsearch's search.max_buckets (65 536 with the per-detector split): a chart cannot show more. */
export const MAX_HISTOGRAM_BUCKETS = 2000;

/** BuffaLogs' rule: under a day hourly, up to 31 days daily, else monthly. */
export function resolveInterval(
  interval: HistogramInterval,
  fromMs: number,
  toMs: number,
): Exclude<HistogramInterval, 'auto'> {
  if (interval !== 'auto') return interval;
  const span = toMs - fromMs;
  if (span <= DAY) return 'hour';
  if (span <= 31 * DAY) return 'day';
  return 'month';
}

/**
 * A 400 unless `from` is before `to` (as written in the request, for the message). The query checks from < to only
 * when both are given; a lone `from` after now (the default `to`) would give Elasticsearch reversed extended_bounds,
 * which it refuses (a 502).
 */
export function assertFromBeforeTo(fromMs: number, toMs: number, from: string, to: string): void {
  if (!(fromMs < toMs))
    throw badRequest(`[request query.from]: [from] must be before [to] (default now), got [${from}] and [${to}]`);
}

/** How many `interval` buckets a histogram from `fromMs` to `toMs` makes (its empty buckets span the whole range). */
export function histogramBuckets(interval: Exclude<HistogramInterval, 'auto'>, fromMs: number, toMs: number): number {
  return Math.ceil((toMs - fromMs) / HISTOGRAM_INTERVAL_MS[interval]);
}

/** The interval a histogram over `from`–`to` uses; a 400 when it would make more buckets than a chart can show. */
export function histogramInterval(
  requested: HistogramInterval,
  from: string,
  to: string,
): Exclude<HistogramInterval, 'auto'> {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  assertFromBeforeTo(fromMs, toMs, from, to);
  const interval = resolveInterval(requested, fromMs, toMs);
  const buckets = histogramBuckets(interval, fromMs, toMs);
  if (buckets > MAX_HISTOGRAM_BUCKETS) {
    throw badRequest(
      `[request query.interval]: [${interval}] over this range makes ${buckets} buckets, more than ${MAX_HISTOGRAM_BUCKETS}; choose a longer interval or a shorter range`,
    );
  }
  return interval;
}

/**
 * Each bucket's split. Without a detector picked, by the alert's rule: the chart's `series`, counted in every bucket
 * (each bucket's own 20 most frequent rules left out a quiet rule's alert in a bucket where more than 20 busier ones
 * fired, so its series read 0 there though the legend named it). With detectors picked, one series per picked
 * detector, each counting what the list finds for that detector alone (the list's clause: its rule, or a verdict with
 * its signal): split by rule, a picked "Impossible travel" showed the default profile's matching verdicts as
 * suspicious_login bars, a series the analyst had not asked for. A verdict with two picked signals is one alert of the
 * bucket's total (as in the list's count) and counts in both series.
 */
function bySeries(
  detectors: readonly string[] | undefined,
  series: readonly string[],
): estypes.AggregationsAggregationContainer {
  // Rule ids as the alerts carry them (the rules search's keys): matched as exact values, never as a pattern.
  if (!detectors?.length) return { terms: { field: ALERT_FIELDS.detector, size: series.length, include: [...series] } };
  // Validated detector ids (server/routes/params.ts), at most the known ones: the keys are no caller text.
  return {
    filters: { filters: Object.fromEntries(detectors.map((d) => [d, detectorClause([d])])) },
  };
}

/**
 * Rules named per chart: every rule that fired in the range, not the 20 most frequent (a quiet sequence rule's series
 * showed its raw id in the legend). Sequence rules are at most 200 a space; the built-in detectors 17.
 */
const NAMED_DETECTORS = 1000;

/**
 * The most (bucket, rule) counts one chart asks for: as many as its 2,000 buckets of 20 rules each always were, far
 * below Elasticsearch's search.max_buckets (65,536). The app's automatic interval makes at most 31 buckets up to 31
 * days and one a month beyond, so every rule that fired is a series (up to 1,290 of them over 31 days, 208 over 16
 * years); only a long range at a short interval asked through the API has fewer (31 days hourly: 744 buckets, 53).
 */
const MAX_SERIES_COUNTS = MAX_HISTOGRAM_BUCKETS * 20;

/**
 * The rules that fired in the chart's range, busiest first, each with the name its alerts carry: the chart's series
 * and its legend's names, asked before the histogram (searchAlertsOverTime), whose buckets then count these rules.
 */
export function buildFiredRulesSearch(index: string, input: AlertQueryInput): estypes.SearchRequest {
  return {
    ...aggregationSearch(index),
    query: buildAlertQuery(input),
    aggs: {
      // The legend's names: a sequence rule's id (`sequence_porlock_otp_pa…`) is no name; its alerts carry one.
      detector_names: {
        terms: { field: ALERT_FIELDS.detector, size: NAMED_DETECTORS },
        aggs: { name: { terms: { field: 'rule.name', size: 1 } } },
      },
    },
  };
}

type FiredRules = { buckets: Array<{ key: string | number; name?: KeyedBuckets }> };
const firedRulesOf = (fired: estypes.SearchResponse<unknown>): FiredRules['buckets'] =>
  (fired.aggregations?.detector_names as unknown as FiredRules | undefined)?.buckets ?? [];

/**
 * The chart's series: the rules that fired (buildFiredRulesSearch), busiest first, as many as MAX_SERIES_COUNTS
 * allows over the range's buckets (at least 20, as each bucket split by before). A rule past them is in no bucket's
 * split (its alerts only in the bars' totals), never in some buckets and not others.
 */
export function chartSeries(fired: estypes.SearchResponse<unknown>, buckets: number): string[] {
  const most = Math.max(20, Math.floor(MAX_SERIES_COUNTS / Math.max(1, buckets)));
  return firedRulesOf(fired)
    .slice(0, most)
    .map((d) => String(d.key));
}

export function buildAlertsOverTimeSearch(
  index: string,
  input: AlertQueryInput & { from: string; to: string; interval: HistogramInterval },
  series: readonly string[],
): { request: estypes.SearchRequest; interval: Exclude<HistogramInterval, 'auto'> } {
  const interval = histogramInterval(input.interval, input.from, input.to);
  const request: estypes.SearchRequest = {
    ...aggregationSearch(index),
    query: buildAlertQuery(input),
    aggs: {
      over_time: {
        date_histogram: {
          field: ALERT_FIELDS.timestamp,
          calendar_interval: interval,
          min_doc_count: 0,
          time_zone: 'UTC',
          // Empty buckets across the whole range, so the chart's x axis is the range asked for.
          extended_bounds: { min: Date.parse(input.from), max: Date.parse(input.to) - 1 },
        },
        // No rule fired (and none picked): nothing to split, the buckets are empty.
        ...(series.length || input.detector?.length ? { aggs: { by_detector: bySeries(input.detector, series) } } : {}),
      },
    },
  };
  return { request, interval };
}

/**
 * GET …/stats/alerts_over_time's answer: the rules that fired in the range first, then the histogram counting each
 * of them in every bucket. Two searches, so that a bucket's split is the chart's series rather than the bucket's own
 * busiest rules. The range's bucket count is checked (a 400) before either is sent.
 */
export async function searchAlertsOverTime(
  client: EsClient,
  index: string,
  input: AlertQueryInput & { from: string; to: string; interval: HistogramInterval },
): Promise<AlertsOverTimeResponse> {
  const interval = histogramInterval(input.interval, input.from, input.to);
  const fired = await client.search(buildFiredRulesSearch(index, input));
  const buckets = histogramBuckets(interval, Date.parse(input.from), Date.parse(input.to));
  const { request } = buildAlertsOverTimeSearch(index, input, chartSeries(fired, buckets));
  return shapeAlertsOverTime(await client.search(request), interval, fired);
}

type KeyedBuckets = { buckets: Array<{ key: string | number; key_as_string?: string; doc_count: number }> };
/** A `filters` aggregation's answer: its buckets by the names it was given (bySeries, detectors picked). */
type NamedBuckets = { buckets: Record<string, { doc_count: number }> };

/** A bucket's split as [detector, count] entries, from either aggregation bySeries makes; a picked detector with none left out, as the terms split leaves it. */
function seriesCounts(split: KeyedBuckets | NamedBuckets | undefined): Array<[RuleId, number]> {
  if (split === undefined) return [];
  if (Array.isArray(split.buckets)) return split.buckets.map((d) => [String(d.key) as RuleId, d.doc_count]);
  return Object.entries(split.buckets)
    .filter(([, d]) => d.doc_count > 0)
    .map(([id, d]) => [id as RuleId, d.doc_count]);
}

/** The histogram's answer, its series named from the rules search's (`fired`). */
export function shapeAlertsOverTime(
  result: estypes.SearchResponse<unknown>,
  interval: Exclude<HistogramInterval, 'auto'>,
  fired: estypes.SearchResponse<unknown>,
): AlertsOverTimeResponse {
  const histogram = result.aggregations?.over_time as unknown as
    { buckets: Array<{ key: number; doc_count: number; by_detector?: KeyedBuckets | NamedBuckets }> } | undefined;
  const buckets = (histogram?.buckets ?? []).map((b) => ({
    start: new Date(b.key).toISOString(),
    total: b.doc_count,
    by_detector: Object.fromEntries(seriesCounts(b.by_detector)),
  }));
  const total = typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0);
  // Entries, then Object.fromEntries (as by_detector): a rule id is another writer's text, and `__proto__` assigned to
  // a plain object was silently no entry of its own.
  const names: Array<[string, string]> = [];
  for (const d of firedRulesOf(fired)) {
    const name = d.name?.buckets[0]?.key;
    if (typeof name === 'string' && name !== '' && name !== String(d.key)) names.push([String(d.key), name]);
  }
  return { interval, buckets, total, ...(names.length ? { detector_names: Object.fromEntries(names) } : {}) };
}

/** Countries of the triggering logins, with a centroid for the map and a name for the legend. */
export function buildAlertsByCountrySearch(index: string, input: AlertQueryInput): estypes.SearchRequest {
  return {
    ...aggregationSearch(index),
    query: buildAlertQuery(input),
    aggs: {
      // 250 covers every ISO 3166 country.
      countries: {
        terms: { field: ALERT_FIELDS.country, size: 250 },
        aggs: {
          name: { terms: { field: ALERT_FIELDS.countryName, size: 1 } },
          centroid: { geo_centroid: { field: ALERT_FIELDS.location } },
        },
      },
      unknown_country: { missing: { field: ALERT_FIELDS.country } },
    },
  };
}

/** Where a verdict (the default profile's one alert per suspicious login) has its signals' ids indexed. */
export const SIGNAL_ID_FIELD = ALERT_FIELDS.signalIds;

/**
 * The map's arcs, newest first: BuffaLogs' impossible-travel alerts and the verdicts with an impossible-travel signal
 * (the default profile writes no `impossible_travel` alert, so the map drew no journey). The list's detector filter
 * (which matches signal ids too: alert_filters.ts detectorClause) does not apply: the arcs are the travels among the
 * other filters' alerts.
 */
export function buildTravelPairsSearch(index: string, input: AlertQueryInput, limit: number): estypes.SearchRequest {
  const travel: estypes.QueryDslQueryContainer = {
    bool: {
      should: [
        { term: { [ALERT_FIELDS.detector]: 'impossible_travel' } },
        { term: { [SIGNAL_ID_FIELD]: 'impossible_travel' } },
      ],
      minimum_should_match: 1,
    },
  };
  return {
    index,
    ignore_unavailable: true,
    allow_no_indices: true,
    size: limit,
    track_total_hits: false,
    query: { bool: { filter: [buildAlertQuery({ ...input, detector: undefined }), travel] } },
    sort: [{ [ALERT_FIELDS.timestamp]: { order: 'desc' } }, { [ALERT_FIELDS.alertId]: { order: 'asc' } }],
    _source: ['@timestamp', 'user.name', 'buffalogs.alert_id', 'buffalogs.evidence'],
  };
}

const isGeo = (g: unknown): g is GeoLocation =>
  typeof g === 'object' &&
  g !== null &&
  Number.isFinite((g as GeoLocation).lat) &&
  Number.isFinite((g as GeoLocation).lon);

/** The journey an alert measured: its own travel evidence, or its verdict's impossible-travel signal's. */
function journeyOf(evidence: unknown): TravelEvidence | undefined {
  const e = evidence as { kind?: unknown; signals?: unknown } | null | undefined;
  if (e?.kind === 'travel') return e as TravelEvidence;
  if (e?.kind !== 'verdict' || !Array.isArray(e.signals)) return undefined;
  for (const s of e.signals as Array<Partial<VerdictSignal> | null>) {
    if (s?.id === 'impossible_travel' && s.evidence?.kind === 'travel') return s.evidence;
  }
  return undefined;
}

export function shapeTravelPairs(result: estypes.SearchResponse<Partial<AlertDocument>>): TravelPair[] {
  const pairs: TravelPair[] = [];
  for (const hit of result.hits.hits) {
    const doc = hit._source;
    const e = journeyOf(doc?.buffalogs?.evidence);
    // An alert without both coordinates cannot be drawn; it still counts in the per-country totals.
    if (!doc || !e || !isGeo(e.from?.location) || !isGeo(e.to?.location)) continue;
    const end = (p: TravelEvidence['from']) => ({
      location: p.location as GeoLocation,
      ...(p.country_iso_code ? { country_iso_code: p.country_iso_code } : {}),
      ...(p.city_name ? { city_name: p.city_name } : {}),
    });
    pairs.push({
      alert_id: doc.buffalogs?.alert_id ?? (hit._id as string),
      user: doc.user?.name ?? '',
      timestamp: doc['@timestamp'] ?? '',
      from: end(e.from),
      to: end(e.to),
      speed_kmh: e.speed_kmh,
      distance_km: e.distance_km,
    });
  }
  return pairs;
}

export function shapeAlertsByCountry(
  result: estypes.SearchResponse<unknown>,
  travel: TravelPair[],
): AlertsByCountryResponse {
  const aggs = result.aggregations as unknown as
    | {
        countries: {
          buckets: Array<{ key: string; doc_count: number; name: KeyedBuckets; centroid: { location?: GeoLocation } }>;
        };
        unknown_country: { doc_count: number };
      }
    | undefined;
  const countries = (aggs?.countries.buckets ?? []).map((b) => ({
    country_iso_code: b.key,
    count: b.doc_count,
    ...(b.name.buckets[0] ? { country_name: String(b.name.buckets[0].key) } : {}),
    ...(b.centroid.location ? { location: b.centroid.location } : {}),
  }));
  const total = typeof result.hits.total === 'number' ? result.hits.total : (result.hits.total?.value ?? 0);
  return { countries, travel_pairs: travel, unknown_country: aggs?.unknown_country.doc_count ?? 0, total };
}
