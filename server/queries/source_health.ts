/**
 * The Source health view's one search (issue 13): for every dataset the source table lists, a `filter` aggregation
 * split by index with the family's kind clauses (server/sources/kind_clauses.ts) as a `filters` aggregation; for
 * everything else, the generic ECS rule split by index and dataset. Missing fields are counted by `exists`. Pure:
 * the route runs the search, the shaper reads the answer.
 */
import type { estypes } from '@elastic/elasticsearch';
import type { SourceHealthRow, SourceSkipped } from '../../common/api';
import {
  exclusiveKindFilters,
  familyOf,
  inDatasets,
  KNOWN_DATASETS,
  kindQueries,
  type QueryKind,
  type SourceFamily,
} from '../sources';

type Query = Record<string, unknown>;
type Aggs = Record<string, estypes.AggregationsAggregationContainer>;

/** Indices and datasets shown at most (a cluster with more is summarised by its largest). */
export const MAX_HEALTH_INDICES = 100;
export const MAX_GENERIC_DATASETS = 50;
const NO_DATASET = '(none)';
const GENERIC_TITLE = 'Other sources (generic ECS rule)';

const REASONS: Record<QueryKind | 'other', string> = {
  login: 'interactive login',
  failure: 'a failed sign-in (feeds the credential-attack detectors, not the login baseline)',
  mfa: 'an MFA step, not a sign-in',
  logout: 'a logout',
  token_refresh: 'a token refresh: a session continuing, not a person signing in',
  other: 'not an interactive login by the source table',
};

const missingAny = (fields: readonly string[]): Query => ({
  bool: { must_not: fields.map((field) => ({ exists: { field } })) },
});

function perIndex(family: SourceFamily | undefined, genericLogin: Query): Aggs {
  return {
    kinds: { filters: { filters: exclusiveKindFilters(kindQueries(family, genericLogin)) as never } },
    no_geo: { filter: missingAny(['source.geo']) as never },
    no_user_agent: { filter: missingAny(['user_agent.original']) as never },
    no_user: { filter: missingAny(family?.identityFields ?? ['user.name', 'user.email']) as never },
  };
}

const byIndex = (aggs: Aggs): estypes.AggregationsAggregationContainer => ({
  terms: { field: '_index', size: MAX_HEALTH_INDICES },
  aggs,
});

export function buildSourceHealthSearch(
  indices: readonly string[],
  range: { from: string; to: string },
  genericLogin: Query,
): estypes.SearchRequest {
  const aggs: Aggs = {};
  KNOWN_DATASETS.forEach((dataset, i) => {
    aggs[`ds_${i}`] = {
      filter: inDatasets([dataset]) as never,
      aggs: { by_index: byIndex(perIndex(familyOf(dataset), genericLogin)) },
    };
  });
  aggs.generic = {
    filter: { bool: { must_not: [inDatasets(KNOWN_DATASETS)] } } as never,
    aggs: {
      by_index: byIndex({
        by_dataset: {
          terms: { field: 'event.dataset', size: MAX_GENERIC_DATASETS, missing: NO_DATASET },
          aggs: perIndex(undefined, genericLogin),
        },
      }),
    },
  };
  return {
    index: [...indices],
    size: 0,
    ignore_unavailable: true,
    allow_no_indices: true,
    track_total_hits: false,
    query: { range: { '@timestamp': { gte: range.from, lte: range.to } } },
    aggs,
  };
}

interface Bucket {
  key: string;
  doc_count: number;
  kinds: { buckets: Partial<Record<QueryKind, { doc_count: number }>> };
  no_geo: { doc_count: number };
  no_user_agent: { doc_count: number };
  no_user: { doc_count: number };
}

function row(index: string, dataset: string, family: SourceFamily | undefined, b: Bucket): SourceHealthRow {
  const count = (kind: QueryKind) => b.kinds.buckets[kind]?.doc_count ?? 0;
  const counted = (['mfa', 'failure', 'logout', 'token_refresh'] as const).map((kind) => ({ kind, n: count(kind) }));
  const skippedKnown = counted.reduce((sum, c) => sum + c.n, 0);
  const other = Math.max(0, b.doc_count - count('login') - skippedKnown);
  const skipped: SourceSkipped[] = [
    ...counted.map(({ kind, n }) => ({ kind: kind as QueryKind | 'other', count: n })),
    { kind: 'other' as const, count: other },
  ]
    .filter((s) => s.count > 0)
    .map((s) => ({ ...s, reason: REASONS[s.kind] }));
  return {
    index,
    dataset,
    ...(family ? { family: family.id } : {}),
    title: family?.title ?? GENERIC_TITLE,
    events: b.doc_count,
    logins: count('login'),
    failures: count('failure'),
    mfa: count('mfa'),
    otherKinds: b.doc_count - count('login') - count('failure') - count('mfa'),
    skipped,
    notCountedByQuery: kindQueries(family, {}).notByQuery,
    missing: { geo: b.no_geo.doc_count, userAgent: b.no_user_agent.doc_count, user: b.no_user.doc_count },
  };
}

type Answer = Record<string, { by_index: { buckets: Array<Bucket & { by_dataset?: { buckets: Bucket[] } }> } }>;

/** Rows by index then dataset; datasets with no event in the range are left out. */
export function shapeSourceHealth(response: estypes.SearchResponse): SourceHealthRow[] {
  const aggs = (response.aggregations ?? {}) as unknown as Answer;
  const rows: SourceHealthRow[] = [];
  KNOWN_DATASETS.forEach((dataset, i) => {
    for (const b of aggs[`ds_${i}`]?.by_index.buckets ?? []) rows.push(row(b.key, dataset, familyOf(dataset), b));
  });
  for (const ib of aggs.generic?.by_index.buckets ?? [])
    for (const b of ib.by_dataset?.buckets ?? []) rows.push(row(ib.key, b.key, undefined, b));
  return rows.sort((a, b) => a.index.localeCompare(b.index) || a.dataset.localeCompare(b.dataset));
}
