/**
 * One point in time per window: the user listing and every batch's event reads see the same snapshot, so a batch's
 * users and their events agree even while new events arrive. Elasticsearch may hand back a new PIT id on any search;
 * the latest one is always used.
 */
import type { SearchRequest, SearchResponse } from '@elastic/elasticsearch/lib/api/types';
import { throwIfIncomplete, type EsClient } from '../storage';
import type { Query } from './login_query';
import { throwIfClusterUnavailable } from './remote_clusters';

export class PointInTime {
  private constructor(
    private readonly client: EsClient,
    private id: string,
    private readonly keepAlive: string,
  ) {}

  /**
   * `indexFilter` lets Elasticsearch skip whole indices outside the window (time-based indices). Missing or closed
   * source indices are ignored: patterns that match nothing yet are normal on a new install. A remote cluster the
   * indices name that does not answer is not ignored (remote_clusters.ts): the open throws, naming it.
   */
  static async open(
    client: EsClient,
    indices: readonly string[],
    keepAlive: string,
    indexFilter: Query,
    signal?: AbortSignal,
  ): Promise<PointInTime> {
    await throwIfClusterUnavailable(client, indices, signal);
    const response = await client.openPointInTime(
      { index: indices.join(','), keep_alive: keepAlive, ignore_unavailable: true, index_filter: indexFilter },
      { signal },
    );
    return new PointInTime(client, response.id, keepAlive);
  }

  async search<T>(request: Omit<SearchRequest, 'index' | 'pit'>, signal?: AbortSignal): Promise<SearchResponse<T>> {
    const response = await this.client.search<T>(
      { ...request, pit: { id: this.id, keep_alive: this.keepAlive }, track_total_hits: false },
      { signal },
    );
    if (response.pit_id) this.id = response.pit_id;
    throwIfIncomplete(response);
    return response;
  }

  /** Exact number of hits of `query` in this snapshot (for progress: how much a full read will cover). */
  async count(query: Query, signal?: AbortSignal): Promise<number> {
    const response = await this.client.search(
      { size: 0, query, pit: { id: this.id, keep_alive: this.keepAlive }, track_total_hits: true },
      { signal },
    );
    if (response.pit_id) this.id = response.pit_id;
    throwIfIncomplete(response);
    const total = response.hits.total;
    return typeof total === 'number' ? total : (total?.value ?? 0);
  }

  /** Best effort, never aborted: a PIT left open only costs resources until its keep-alive ends. */
  async close(): Promise<void> {
    try {
      await this.client.closePointInTime({ id: this.id });
    } catch {
      // Expired or already closed.
    }
  }
}
