/**
 * Alerts are written once: bulk `create` with the alert's deterministic id, so running a window again (a retry, a
 * resumed interruption, a manual re-run) finds its alerts already there (409) instead of duplicating them.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { bulkWrite, type BulkResult } from './bulk_writer';
import type { EsClient } from './es_client';
import type { RetryPolicy } from './retry';

export async function writeAlerts(
  client: EsClient,
  index: string,
  alerts: readonly FamilyAlertDocument[],
  policy: RetryPolicy,
  signal?: AbortSignal,
): Promise<BulkResult> {
  return bulkWrite(
    client,
    alerts.map((alert) => ({ action: 'create', index, id: alert.buffalogs.alert_id, doc: alert })),
    policy,
    signal,
  );
}
