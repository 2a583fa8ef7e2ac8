/**
 * Which documents an analysis reads, as an Elasticsearch query: its time range on its timestamp field and its
 * `query`. The time range is passed to Elasticsearch as written (ISO dates or date math such as `now-24h`, both of
 * which validateAnalysis() checked), so `now` is the cluster's clock at the point in time's opening.
 *
 * The query text is Lucene syntax (`dns.question.type:TXT AND NOT source.ip:"10.0.0.1"`), as Kibana's Lucene
 * query bar takes it: only users with the `all` privilege save analyses. Its costly corners are closed: no leading
 * wildcard (a scan of every term), fuzzy expansions capped, regular expressions bounded by Elasticsearch's
 * determinized-state limit (Lucene's automata never backtrack). `lenient`: a term that does not fit a field's type
 * matches nothing there instead of failing the run.
 */
import type { AnalysisDefinition } from '../analyses';
import type { Query } from '../ingest/login_query';

export function timeRangeClause(def: Pick<AnalysisDefinition, 'timeRange' | 'timestampField'>): Query | undefined {
  if (!def.timeRange) return undefined;
  return { range: { [def.timestampField]: { gte: def.timeRange.from, lte: def.timeRange.to } } };
}

export function sourceQuery(def: Pick<AnalysisDefinition, 'timeRange' | 'timestampField' | 'query'>): Query {
  const filter: Query[] = [];
  const range = timeRangeClause(def);
  if (range) filter.push(range);
  if (def.query && def.query.trim() !== '')
    filter.push({
      query_string: {
        query: def.query,
        lenient: true,
        default_operator: 'AND',
        allow_leading_wildcard: false,
        fuzzy_max_expansions: 10,
        max_determinized_states: 10_000,
      },
    });
  return filter.length === 0 ? { match_all: {} } : { bool: { filter } };
}
