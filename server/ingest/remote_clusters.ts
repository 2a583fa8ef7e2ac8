/**
 * Source patterns of other clusters (cross-cluster search, `<cluster alias>:<index>`). Elasticsearch reads them as it
 * reads local ones, with one exception that matters to a pass: a remote cluster it cannot reach whose
 * `skip_unavailable` is true (the default since 8.15) is left out of a search or a point in time, which still answers
 * 200. A search says so in `_clusters`; opening a point in time does not, and its searches then cover only the
 * clusters it opened on. A pass would judge the window without that cluster's events and move its checkpoint past them.
 */
import { IncompleteReadError, type EsClient } from '../storage';
import type { Query } from './login_query';

/**
 * An index name or pattern of another cluster: `<cluster alias>:<index>` (the alias may be a wildcard, and an
 * exclusion starts with `-`). A local index name cannot contain `:`; `::` starts a selector (`logs::failures`).
 */
export const isRemoteIndexName = (name: string): boolean => /^-?[^:]+:(?!:)/.test(name.trim());

interface ClusterDetails {
  status?: string;
  failures?: Array<{ reason?: { type?: string; reason?: string | null } }>;
}

/** The clusters a search's `_clusters` says were skipped or answered in part, each with Elasticsearch's reason. */
export function incompleteClusters(clusters: unknown): Array<{ alias: string; status: string; reason?: string }> {
  const details = (clusters as { details?: Record<string, ClusterDetails> } | undefined)?.details ?? {};
  return Object.entries(details)
    .filter(([, d]) => d.status === 'skipped' || d.status === 'partial' || d.status === 'failed')
    .map(([alias, d]) => {
      const first = d.failures?.[0]?.reason;
      return {
        alias,
        status: d.status!,
        ...(first ? { reason: `${first.type ?? 'error'}: ${first.reason ?? ''}` } : {}),
      };
    });
}

/** `remote cluster "eu" was skipped (type: reason)`, for each. */
export const describeClusters = (missing: ReturnType<typeof incompleteClusters>): string =>
  missing.map((c) => `remote cluster "${c.alias}" was ${c.status}${c.reason ? ` (${c.reason})` : ''}`).join('; ');

/**
 * Before a point in time is opened on `indices`: when any is remote, asks Elasticsearch (a search that matches
 * nothing) whether every cluster they name answers, and throws an IncompleteReadError naming each that does not, so
 * the pass stops with the checkpoint before the window. A cluster that goes away between this search and the point
 * in time is not seen here; one that goes away during the reads fails them as a failed shard does.
 */
export async function throwIfClusterUnavailable(
  client: EsClient,
  indices: readonly string[],
  signal?: AbortSignal,
): Promise<void> {
  if (!indices.some(isRemoteIndexName)) return;
  const query: Query = { match_none: {} };
  const response = await client.search(
    {
      index: indices.join(','),
      size: 0,
      track_total_hits: false,
      ignore_unavailable: true,
      allow_no_indices: true,
      query,
      filter_path: ['_clusters'],
    },
    { signal },
  );
  const missing = incompleteClusters(response._clusters);
  if (missing.length === 0) return;
  throw new IncompleteReadError(
    describeClusters(missing) +
      ": Elasticsearch would read without its events (skip_unavailable); the read stops, and a pass's checkpoint " +
      'stays before this window until the cluster answers or its patterns are left out of the indices read',
  );
}
