/**
 * Reading a space's alerts in the order they were created, one page at a time: the notifier pass and the "BuffaLogs
 * alerts" rule type (server/alerting/) both follow the alerts index this way.
 *
 * Alerts are sorted by `(event.created, buffalogs.sort_key, buffalogs.alert_id)` and paged with search_after, so a
 * reader pages through them without skipping or repeating one. Anything a search returns was acknowledged and
 * refreshed by Elasticsearch, so it is durable.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import type { EsClient } from '../storage';
import { pluginIndices } from '../storage/index_names';

/** Where a reader stopped: the last alert it read. */
export interface AlertPosition {
  /** `event.created` of the last alert read (ISO). */
  created: string;
  sortKey: number;
  alertId: string;
}

export interface AlertPage {
  /** The page's documents that are alerts (anything else in the index is skipped). */
  alerts: FamilyAlertDocument[];
  /** How many documents the page held; fewer than the page size means the end. */
  hits: number;
  /** The position after the page (undefined when it was empty). */
  last?: AlertPosition;
  /** The search_after value of the page's last hit, to ask for the next page. */
  next?: unknown[];
}

type AlertHit = { _id: string; _source?: FamilyAlertDocument; sort?: unknown[] };

/** One page of the space's alerts created at or after `fromIso`, after `searchAfter` when given. */
export async function readAlertPage(
  client: EsClient,
  space: string,
  options: { fromIso: string; size: number; searchAfter?: unknown[]; signal?: AbortSignal },
): Promise<AlertPage> {
  const response = await client
    .search<FamilyAlertDocument>(
      {
        index: pluginIndices(space).alerts,
        size: options.size,
        query: { bool: { filter: [{ range: { 'event.created': { gte: options.fromIso } } }] } },
        sort: [{ 'event.created': 'asc' }, { 'buffalogs.sort_key': 'asc' }, { 'buffalogs.alert_id': 'asc' }],
        ...(options.searchAfter ? { search_after: options.searchAfter as never } : {}),
        track_total_hits: false,
      },
      { signal: options.signal },
    )
    .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
      if (error.meta?.body?.error?.type === 'index_not_found_exception') return { hits: { hits: [] as AlertHit[] } };
      throw error;
    });
  const hits = response.hits.hits as AlertHit[];
  const page: AlertPage = { alerts: hits.flatMap((h) => (isAlert(h._source) ? [h._source] : [])), hits: hits.length };
  const lastHit = hits[hits.length - 1];
  if (lastHit) {
    page.next = lastHit.sort;
    const doc = lastHit._source;
    if (isAlert(doc)) page.last = positionOf(doc);
  }
  return page;
}

export const positionOf = (alert: FamilyAlertDocument): AlertPosition => ({
  created: alert.event.created as string,
  sortKey: alert.buffalogs.sort_key,
  alertId: alert.buffalogs.alert_id,
});

/** Enough of an alert to notify about; a document that is not one (hand-written, damaged) is skipped. */
export function isAlert(doc: unknown): doc is FamilyAlertDocument {
  const d = doc as FamilyAlertDocument | undefined;
  return (
    typeof d?.buffalogs?.alert_id === 'string' &&
    typeof d.rule?.id === 'string' &&
    typeof d.message === 'string' &&
    typeof d.event?.created === 'string'
  );
}
