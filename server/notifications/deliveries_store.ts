/**
 * The delivery log, `buffalogs-deliveries-<space>`: one document per alert and channel, id `<channel>:<alert id>`.
 *
 * At most once per channel, never silently dropped. A message is sent only after its alerts' records have been
 * *created* with status `sending` (`op_type: create`, acknowledged by Elasticsearch once in its translog). The create
 * is the claim: a second pass, or another Kibana node, that reads the same alert gets a 409 and does not send. After
 * the receiver answers, the record becomes `sent` (or `failed` with the error once retries are used up).
 *
 * The crash window is therefore only the time between the receiver's answer and the one update that follows it (no
 * other work sits between them). A crash there — or anywhere after the claim — leaves the record in `sending`: it is
 * never sent again automatically (the message may have arrived; sending it again could be the duplicate the issue
 * forbids), and the delivery log shows it as `unknown` once it is older than a pass can take, so a lost message is
 * visible, never silent. We chose at-most-once over at-least-once for this reason: the issue asks for no second
 * message, and an `unknown` row is an analyst's prompt to look, where a duplicate page at 3 a.m. is just noise.
 */
import type { DeliveryLogRow } from '../../common/api';
import type { EsClient } from '../storage';
import { spaceIndexSuffix } from '../storage/index_names';

export const DELIVERIES_INDEX_PREFIX = 'buffalogs-deliveries-';
export const deliveriesIndex = (space: string): string => `${DELIVERIES_INDEX_PREFIX}${spaceIndexSuffix(space)}`;

export type DeliveryStatus = 'sending' | 'sent' | 'failed';
/** As the log shows it: a `sending` record older than `staleAfterMs` is `unknown` (the process stopped mid-send). */
export type DeliveryOutcome = DeliveryStatus | 'unknown';

/**
 * The delivery log's row (common/api.ts) as stored, with its id and time; `group_size` counts the alerts sent in the
 * same message (a summary: the alerts it counts).
 */
export interface DeliveryRecord extends Omit<DeliveryLogRow, 'status'> {
  '@timestamp': string;
  delivery_id: string;
  status: DeliveryStatus;
  /** Absent: an alert's delivery. `summary`: a channel's daily or weekly summary (`alert_id` is the period's key). */
  kind?: 'summary';
  period?: { start: string; end: string };
}

export const deliveryDocId = (channel: string, alertId: string): string => `${channel}:${alertId}`;

/** Which of these record ids exist already (any status): those alerts are not sent again on this channel. */
export async function existingDeliveries(
  client: EsClient,
  space: string,
  ids: string[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const response = await client
    .mget<DeliveryRecord>({ index: deliveriesIndex(space), ids, _source: false }, { signal })
    .catch((error: { meta?: { statusCode?: number; body?: { error?: { type?: string } } } }) => {
      if (error.meta?.body?.error?.type === 'index_not_found_exception') return { docs: [] };
      throw error;
    });
  return new Set(response.docs.filter((d) => 'found' in d && d.found).map((d) => d._id));
}

/**
 * Creates the `sending` records; returns the alerts this caller won (a 409 means another pass has it). Any other
 * refusal throws: nothing is sent without its record.
 */
export async function claimDeliveries(
  client: EsClient,
  space: string,
  records: DeliveryRecord[],
  signal?: AbortSignal,
): Promise<Set<string>> {
  if (records.length === 0) return new Set();
  const index = deliveriesIndex(space);
  const response = await client.bulk(
    {
      operations: records.flatMap((r) => [{ create: { _index: index, _id: deliveryDocId(r.channel, r.alert_id) } }, r]),
    },
    { signal },
  );
  const won = new Set<string>();
  response.items.forEach((item, i) => {
    const result = item.create;
    if (result?.status !== undefined && result.status >= 200 && result.status < 300) won.add(records[i].alert_id);
    else if (result?.status !== 409) {
      throw new Error(
        `could not record deliveries in ${index}: ${result?.error?.type ?? 'unknown'} ${result?.error?.reason ?? ''}`,
      );
    }
  });
  return won;
}

/** The outcome, written right after the receiver answered (the only step inside the crash window). */
export async function finishDeliveries(
  client: EsClient,
  space: string,
  channel: string,
  alertIds: string[],
  outcome: { status: 'sent' | 'failed'; attempts: number; finishedAt: string; error?: string },
): Promise<void> {
  const index = deliveriesIndex(space);
  const doc = {
    '@timestamp': outcome.finishedAt,
    status: outcome.status,
    attempts: outcome.attempts,
    finished_at: outcome.finishedAt,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
  const response = await client.bulk({
    operations: alertIds.flatMap((id) => [{ update: { _index: index, _id: deliveryDocId(channel, id) } }, { doc }]),
  });
  if (response.errors) {
    const failed = response.items.find((i) => i.update?.error)?.update?.error;
    throw new Error(`could not record the outcome in ${index}: ${failed?.type ?? 'unknown'} ${failed?.reason ?? ''}`);
  }
}

export interface DeliveryLogEntry extends Omit<DeliveryRecord, 'status'> {
  status: DeliveryOutcome;
}

/** The newest records, `sending` ones older than `staleAfterMs` shown as `unknown`. */
export async function readDeliveryLog(
  client: EsClient,
  space: string,
  options: { now: number; staleAfterMs: number; size?: number; channel?: string; status?: DeliveryStatus },
): Promise<DeliveryLogEntry[]> {
  const filter: object[] = [];
  if (options.channel) filter.push({ term: { channel: options.channel } });
  if (options.status) filter.push({ term: { status: options.status } });
  const response = await client
    .search<DeliveryRecord>({
      index: deliveriesIndex(space),
      size: options.size ?? 100,
      sort: [{ '@timestamp': 'desc' }, { delivery_id: 'asc' }],
      query: { bool: { filter } },
    })
    .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
      if (error.meta?.body?.error?.type === 'index_not_found_exception') return { hits: { hits: [] } };
      throw error;
    });
  return response.hits.hits.flatMap((h) => {
    const r = h._source;
    if (!r) return [];
    const stale = r.status === 'sending' && options.now - Date.parse(r.claimed_at) > options.staleAfterMs;
    return [{ ...r, status: stale ? 'unknown' : r.status }];
  });
}
