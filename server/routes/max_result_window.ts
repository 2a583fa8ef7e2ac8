/**
 * `index.max_result_window` of an index: how deep `from`/`size` paging may go before Elasticsearch refuses. Read
 * once per index and kept for a few minutes (it is an index setting, rarely changed). Reading settings needs
 * `view_index_metadata`; an analyst without it gets Elasticsearch's default, which is what almost every index uses.
 */
import type { ElasticsearchClient } from '@kbn/core/server';

export const DEFAULT_MAX_RESULT_WINDOW = 10_000;
const TTL_MS = 5 * 60_000;
const cache = new Map<string, { value: number; at: number }>();

export async function maxResultWindow(client: ElasticsearchClient, index: string, now = Date.now()): Promise<number> {
  const hit = cache.get(index);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  let value = DEFAULT_MAX_RESULT_WINDOW;
  try {
    const settings = await client.indices.getSettings({
      index,
      name: 'index.max_result_window',
      include_defaults: true,
      flat_settings: true,
    });
    const first = Object.values(settings)[0] as
      { settings?: Record<string, unknown>; defaults?: Record<string, unknown> } | undefined;
    const raw = first?.settings?.['index.max_result_window'] ?? first?.defaults?.['index.max_result_window'];
    const parsed = Number(raw);
    if (Number.isInteger(parsed) && parsed > 0) value = parsed;
  } catch {
    // Missing index or no view_index_metadata privilege: the default holds (the search itself reports real problems).
  }
  cache.set(index, { value, at: now });
  return value;
}
