import { API_PATHS, type SourceHealthResponse } from '../../common/api';
import { genericLoginClause } from '../ingest/login_query';
import { DEFAULT_SOURCE_INDICES } from '../pass/pass_settings';
import { buildSourceHealthSearch, shapeSourceHealth } from '../queries/source_health';
import type { BuffalogsRouter } from '../types';
import { requestScope } from './request_scope';
import { registerWebGet, webRangeProps } from './web_shared';
import type { ApiRouteDependencies } from '.';

const DAY_MS = 86_400_000;

/**
 * `GET /api/buffalogs/sources/health?from&to` (default: the last day): per index and dataset of `buffalogs.indices`,
 * events seen, logins recognised, failures, MFA, what was skipped and why, and the fields a signal needs that are
 * missing. Counted by aggregations in Elasticsearch, never by reading the events.
 */
export function registerSourcesHealthRoute(router: BuffalogsRouter, deps: ApiRouteDependencies): void {
  registerWebGet(router, deps, {
    path: API_PATHS.sourcesHealth,
    summary: 'What the source table makes of each authentication index and dataset',
    query: webRangeProps,
    handle: async ({ query }, context, request): Promise<SourceHealthResponse> => {
      const { client } = await requestScope(context, request, deps);
      const { indices, eventType } = deps.loginSources?.() ?? {
        indices: DEFAULT_SOURCE_INDICES,
        eventType: 'start_or_absent' as const,
      };
      const to = query.to ?? new Date().toISOString();
      const from = query.from ?? new Date(Date.parse(to) - DAY_MS).toISOString();
      const search = buildSourceHealthSearch(indices, { from, to }, genericLoginClause(eventType));
      return { from, to, indices: [...indices], rows: shapeSourceHealth(await client.search(search)) };
    },
  });
}
