/**
 * Dead letters: alerts Elasticsearch refused for their own content (after fit_mapping.ts fitted them), kept in
 * `buffalogs-deadletter-<space>` with the document, Elasticsearch's reason, the pass's window and the time, so one
 * refused alert no longer stops detection for everyone and an operator can see what was refused and why. Alerts hold
 * no credentials, and nothing else is written here.
 */
import type { AlertDocument } from '../../common/alert_document';
import type { DeadLetterSummary } from '../../common/api';
import type { BulkDoc, RefusedDoc } from './bulk_writer';
import { throwIfIncomplete } from './complete_read';
import type { EsClient } from './es_client';

/** Where a refused alert came from: the pass's window (epoch ms) and partition. */
export interface DeadLetterContext {
  index: string;
  window?: { from: number; to: number };
  partition?: number;
  now: number;
}

interface DeadLetterDocument {
  '@timestamp': string;
  target_index: string;
  doc_id: string;
  error: { status: number; type?: string; reason?: string };
  pass: { window_from?: string; window_to?: string; partition?: number };
  user?: { name: string };
  rule?: { id: string };
  document: unknown;
}

/** Elasticsearch's reasons can quote the whole offending value. */
const MAX_REASON = 2000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** One `create` per refused alert, keyed by the alert's id: a window judged again does not add a second letter. */
export function deadLetterDocs(refused: readonly RefusedDoc[], context: DeadLetterContext): BulkDoc[] {
  return refused.map(({ doc: written, status, type, reason }) => {
    // An incident's alert is written as an update (alerts_writer.ts): the letter keeps the whole alert, its upsert.
    const doc = written.upsert !== undefined ? { ...written, doc: written.upsert } : written;
    const alert = doc.doc as Partial<AlertDocument>;
    const letter: DeadLetterDocument = {
      '@timestamp': iso(context.now),
      target_index: doc.index,
      doc_id: doc.id,
      error: { status, ...(type ? { type } : {}), ...(reason ? { reason: reason.slice(0, MAX_REASON) } : {}) },
      pass: {
        ...(context.window ? { window_from: iso(context.window.from), window_to: iso(context.window.to) } : {}),
        ...(context.partition !== undefined ? { partition: context.partition } : {}),
      },
      ...(typeof alert.user?.name === 'string' ? { user: { name: alert.user.name } } : {}),
      ...(typeof alert.rule?.id === 'string' ? { rule: { id: alert.rule.id } } : {}),
      document: doc.doc,
    };
    return { action: 'create', index: context.index, id: doc.id, doc: letter };
  });
}

/** How many dead letters there are and the latest few, for the task status (missing index: none). */
export async function readDeadLetters(client: EsClient, index: string, latest: number): Promise<DeadLetterSummary> {
  const response = await client.search<DeadLetterDocument>({
    index,
    size: latest,
    ignore_unavailable: true,
    track_total_hits: true,
    sort: [{ '@timestamp': { order: 'desc' } }],
    _source: ['@timestamp', 'doc_id', 'error', 'user', 'rule', 'pass'],
  });
  throwIfIncomplete(response);
  const total = response.hits.total;
  return {
    total: typeof total === 'number' ? total : (total?.value ?? 0),
    latest: response.hits.hits.map(({ _source: d }) => ({
      at: d!['@timestamp'],
      alert_id: d!.doc_id,
      ...(d!.user?.name ? { user: d!.user.name } : {}),
      ...(d!.rule?.id ? { rule: d!.rule.id } : {}),
      error_type: d!.error?.type ?? String(d!.error?.status ?? ''),
      reason: d!.error?.reason ?? '',
    })),
  };
}
