/**
 * Alerts are written once: bulk `create` with the alert's deterministic id, so running a window again (a retry, a
 * resumed interruption, a manual re-run) finds its alerts already there (409) instead of duplicating them.
 *
 * One alert must not stop the others: each is first fitted to the alerts mapping (fit_mapping.ts), and one that
 * Elasticsearch still refuses for its content goes to the dead-letter index (dead_letters.ts) while the rest are
 * written and the pass goes on. Refusals that concern the index or the cluster (closed, forbidden, overloaded) still
 * fail the write, so the pass stops before its state and checkpoint.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { bulkWrite, type BulkResult } from './bulk_writer';
import { deadLetterDocs, type DeadLetterContext } from './dead_letters';
import type { EsClient } from './es_client';
import { fitToMapping, type UnmappedField } from './fit_mapping';
import type { RetryPolicy } from './retry';
import { ALERTS_TEMPLATE } from './templates';

const ALERT_PROPERTIES = (ALERTS_TEMPLATE.body.template.mappings as { properties: Record<string, never> }).properties;

export interface AlertsWritten extends BulkResult {
  /** Alerts refused for their content and kept as dead letters. */
  deadLettered: number;
  /** Alerts written with some event values moved to `buffalogs.unmapped_fields`. */
  reshaped: number;
}

/** The alert as the alerts mapping can take it (the same object when nothing needed to move). */
export function fitAlert<A extends FamilyAlertDocument>(alert: A): A {
  const unmapped: UnmappedField[] = [];
  const fitted = fitToMapping(alert as unknown as Record<string, unknown>, ALERT_PROPERTIES, unmapped) as unknown as A;
  if (unmapped.length === 0) return fitted;
  return { ...fitted, buffalogs: { ...fitted.buffalogs, unmapped_fields: unmapped } };
}

export async function writeAlerts(
  client: EsClient,
  index: string,
  alerts: readonly FamilyAlertDocument[],
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  deadLetter: Omit<DeadLetterContext, 'now'> & { now: number },
): Promise<AlertsWritten> {
  let reshaped = 0;
  const docs = alerts.map((alert) => {
    const doc = fitAlert(alert);
    if (doc !== alert) reshaped++;
    return { action: 'create' as const, index, id: alert.buffalogs.alert_id, doc };
  });
  const result = await bulkWrite(client, docs, policy, signal, { keepRefused: true });
  if (result.refused.length > 0) {
    // Durable before the caller moves on: a letter lost here would be an alert lost without a trace.
    const letters = await bulkWrite(client, deadLetterDocs(result.refused, deadLetter), policy, signal);
    result.retries += letters.retries;
  }
  return { ...result, deadLettered: result.refused.length, reshaped };
}
