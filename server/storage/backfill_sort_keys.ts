/**
 * Alerts template v2 added `buffalogs.sort_key`, the numeric tiebreaker of every alert list (alertSortKey). New alerts
 * carry it; alerts written by v1 get it here, once, with partial-document updates (no script: the key is computed in
 * TypeScript from the alert id, the same way the detector computes it). Run at start after installation; it pages by
 * alert id through the alerts still missing the key, so an interrupted backfill simply continues at the next start,
 * and on an up-to-date index it costs one empty search.
 */
import { alertSortKey } from '../detection/alert_document';
import { bulkWrite } from './bulk_writer';
import { throwIfAborted, type CallOptions, type EsClient } from './es_client';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';

const PAGE_SIZE = 1000;
const ALERT_ID = /^[0-9a-f]{40}$/;

export interface BackfillResult {
  updated: number;
  /** Documents missing the key whose id is not an alert id (not written by BuffaLogs); left as they are. */
  skipped: number;
}

export async function backfillAlertSortKeys(
  client: EsClient,
  alertsIndex: string,
  options: CallOptions & { policy?: RetryPolicy; pageSize?: number } = {},
): Promise<BackfillResult> {
  const { signal, policy = DEFAULT_RETRY_POLICY, pageSize = PAGE_SIZE } = options;
  const result: BackfillResult = { updated: 0, skipped: 0 };
  let after: string | undefined;
  for (;;) {
    throwIfAborted(signal);
    const page = await withRetry(
      () =>
        client.search(
          {
            index: alertsIndex,
            ignore_unavailable: true,
            size: pageSize,
            track_total_hits: false,
            _source: false,
            query: { bool: { must_not: [{ exists: { field: 'buffalogs.sort_key' } }] } },
            sort: [{ 'buffalogs.alert_id': { order: 'asc' } }],
            ...(after !== undefined ? { search_after: [after] } : {}),
          },
          { signal },
        ),
      policy,
      signal,
    );
    const hits = page.hits.hits;
    if (hits.length === 0) return result;
    const ids = hits.map((h) => h._id as string);
    const alerts = ids.filter((id) => ALERT_ID.test(id));
    result.skipped += ids.length - alerts.length;
    const written = await bulkWrite(
      client,
      alerts.map((id) => ({
        action: 'update',
        index: alertsIndex,
        id,
        doc: { buffalogs: { sort_key: alertSortKey(id) } },
      })),
      policy,
      signal,
    );
    result.updated += written.written;
    if (hits.length < pageSize) return result;
    after = hits[hits.length - 1].sort?.[0] as string;
  }
}
