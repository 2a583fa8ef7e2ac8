/**
 * One notifier pass: read the space's alerts created since the checkpoint, and for each channel send the alerts its
 * filters take, grouped per entity, recording each delivery (deliveries_store.ts).
 *
 * Reading. Alerts are read in `(event.created, buffalogs.sort_key, buffalogs.alert_id)` order with search_after, so
 * a pass pages through them without skipping or repeating one. Alerts are only visible to a search once Elasticsearch
 * has acknowledged and refreshed them, so anything read is durable. `event.created` is the detection pass's clock
 * when it began, and its alerts become visible up to a pass's duration later; so each pass starts `overlapMs` (the
 * detection time-out) before its checkpoint. Alerts in that overlap were seen before: their delivery records exist
 * and they are not sent again (the record, not the checkpoint, is what guarantees "once"). The first pass starts
 * `firstRunLookbackMs` before now rather than at the beginning of history, so configuring a channel does not replay
 * every old alert into it.
 */
import type { FamilyAlertDocument } from '../../common/alert_document';
import { alertEntity } from '../../common/alert_document';
import { installIndices, type EsClient } from '../storage';
import { DELIVERIES_TEMPLATE } from '../storage/templates';
import { abortableSleep } from '../storage/retry';
import { channelModule } from './channels';
import type { ChannelConfig } from './config_schema';
import {
  claimDeliveries,
  deliveryDocId,
  existingDeliveries,
  finishDeliveries,
  type DeliveryRecord,
} from './deliveries_store';
import { dispatch, RateLimiter, type Sleep } from './dispatch';
import { channelTakes } from './filters';
import { alertLink, buildMessage, summariseAlert, type NotificationMessage } from './message';
import { summariseChannel, type SummaryOutcome } from './summary';
import { readAlertPage, type AlertPosition } from './read_alerts';
import { describeFailure } from './redact';

/** The last alert a pass read. */
export type NotifierCheckpoint = AlertPosition;

export interface NotifierLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface NotifierPassInput {
  client: EsClient;
  space: string;
  channels: readonly ChannelConfig[];
  checkpoint?: NotifierCheckpoint;
  publicBaseUrl?: string;
  now: () => number;
  signal: AbortSignal;
  logger: NotifierLogger;
  /** Re-read before the checkpoint (default 30 min, the detection time-out). */
  overlapMs?: number;
  firstRunLookbackMs?: number;
  pageSize?: number;
  /** One per channel name; pass the same map to every pass so a channel's pace holds across passes. */
  limiters?: Map<string, RateLimiter>;
  sleep?: Sleep;
  /**
   * Called after the receiver answered and before the outcome is recorded: the crash window. Tests throw here to
   * stand for a process that died at the worst moment.
   */
  afterSend?: (channel: string, alertIds: string[]) => void;
}

export interface NotifierPassResult {
  checkpoint?: NotifierCheckpoint;
  alertsRead: number;
  /** Per channel: messages sent and failed, alerts sent, alerts skipped as already delivered (or claimed). */
  channels: Record<
    string,
    { messages: number; failedMessages: number; alertsSent: number; alertsFailed: number; alreadyDelivered: number }
  >;
  /** Per channel with a `summary`: what became of the summary of its last ended period in this pass. */
  summaries: Record<string, SummaryOutcome>;
}

export const DEFAULT_OVERLAP_MS = 30 * 60_000;
export const DEFAULT_FIRST_RUN_LOOKBACK_MS = 60 * 60_000;

export async function runNotifierPass(input: NotifierPassInput): Promise<NotifierPassResult> {
  const { client, space, signal } = input;
  const pageSize = input.pageSize ?? 500;
  const limiters = input.limiters ?? new Map<string, RateLimiter>();
  const result: NotifierPassResult = { checkpoint: input.checkpoint, alertsRead: 0, channels: {}, summaries: {} };
  for (const c of input.channels)
    result.channels[c.name] = { messages: 0, failedMessages: 0, alertsSent: 0, alertsFailed: 0, alreadyDelivered: 0 };
  if (input.channels.length === 0) return result;
  // The delivery records' template must exist before the first record is created: otherwise Elasticsearch would
  // create `buffalogs-deliveries-<space>` with guessed mappings (`delivery_id` as text, unsortable) for good. The
  // first pass after a start can run before the plugin's own installation has finished (a summary is due at once).
  await installIndices(client, space, { signal, templates: [DELIVERIES_TEMPLATE] });

  const from = input.checkpoint
    ? Date.parse(input.checkpoint.created) - (input.overlapMs ?? DEFAULT_OVERLAP_MS)
    : input.now() - (input.firstRunLookbackMs ?? DEFAULT_FIRST_RUN_LOOKBACK_MS);
  let searchAfter: unknown[] | undefined;
  for (;;) {
    const page = await readAlertPage(client, space, {
      fromIso: new Date(from).toISOString(),
      size: pageSize,
      searchAfter,
      signal,
    });
    if (page.hits === 0) break;
    result.alertsRead += page.alerts.length;
    for (const channel of input.channels) await notifyChannel(input, channel, page.alerts, limiters, result);
    searchAfter = page.next;
    if (page.last) result.checkpoint = page.last;
    if (page.hits < pageSize) break;
  }
  // After the alerts: a summary never holds back an alert's message.
  for (const channel of input.channels) {
    if (!channel.summary) continue;
    const { send } = channelRuntime(input, channel, limiters);
    result.summaries[channel.name] = await summariseChannel(input, channel, send);
    const s = result.summaries[channel.name];
    if (s.status === 'failed')
      input.logger.warn(
        `notifier ${channel.name} (${channel.type}): the ${s.key} summary was not delivered: ${s.error}`,
      );
  }
  return result;
}

/** A channel's module, pace and retries: `send` dispatches one message's requests and says how it went. */
function channelRuntime(input: NotifierPassInput, channel: ChannelConfig, limiters: Map<string, RateLimiter>) {
  const module = channelModule(channel);
  const secrets = module.secrets(channel);
  const describe = (error: unknown): string => describeFailure(error, secrets);
  let limiter = limiters.get(channel.name);
  if (!limiter) {
    limiter = new RateLimiter(60_000 / channel.ratePerMinute, input.now, input.sleep ?? abortableSleep);
    limiters.set(channel.name, limiter);
  }
  const pace = limiter;
  const send = (message: NotificationMessage, deliveryId: string) =>
    dispatch(
      module.units(channel, message, { deliveryId, timeoutMs: channel.retry.timeout.asMilliseconds(), now: input.now }),
      {
        maxAttempts: channel.retry.maxAttempts,
        baseDelayMs: channel.retry.baseDelay.asMilliseconds(),
        maxDelayMs: channel.retry.maxDelay.asMilliseconds(),
      },
      { signal: input.signal, limiter: pace, sleep: input.sleep, describe },
    );
  return { send };
}

async function notifyChannel(
  input: NotifierPassInput,
  channel: ChannelConfig,
  alerts: FamilyAlertDocument[],
  limiters: Map<string, RateLimiter>,
  result: NotifierPassResult,
): Promise<void> {
  const counts = result.channels[channel.name];
  if (!channel.sendAlerts) return;
  const taken = alerts.filter((a) => channelTakes(channel, a));
  const existing = await existingDeliveries(
    input.client,
    input.space,
    taken.map((a) => deliveryDocId(channel.name, a.buffalogs.alert_id)),
    input.signal,
  );
  const fresh = taken.filter((a) => !existing.has(deliveryDocId(channel.name, a.buffalogs.alert_id)));
  counts.alreadyDelivered += taken.length - fresh.length;

  const { send } = channelRuntime(input, channel, limiters);

  for (const group of groups(fresh, channel)) {
    const claimedAt = new Date(input.now()).toISOString();
    const deliveryId = deliveryDocId(channel.name, group[0].buffalogs.alert_id);
    const records: DeliveryRecord[] = group.map((a) => ({
      '@timestamp': claimedAt,
      delivery_id: deliveryId,
      alert_id: a.buffalogs.alert_id,
      channel: channel.name,
      channel_type: channel.type,
      status: 'sending',
      attempts: 0,
      claimed_at: claimedAt,
      entity: alertEntity(a),
      rule: { id: a.rule.id },
      severity: a.buffalogs.severity,
      group_size: group.length,
    }));
    const won = await claimDeliveries(input.client, input.space, records, input.signal);
    const mine = group.filter((a) => won.has(a.buffalogs.alert_id));
    counts.alreadyDelivered += group.length - mine.length;
    if (mine.length === 0) continue;
    const ids = mine.map((a) => a.buffalogs.alert_id);

    const message = buildMessage(
      mine.map((a) => summariseAlert(a, (id) => alertLink(input.publicBaseUrl, input.space, id))),
    );
    const outcome = await send(message, deliveryId);
    // Nothing between the answer and this record but the test hook: the crash window is one bulk update wide.
    input.afterSend?.(channel.name, ids);
    await finishDeliveries(input.client, input.space, channel.name, ids, {
      status: outcome.ok ? 'sent' : 'failed',
      attempts: outcome.attempts,
      finishedAt: new Date(input.now()).toISOString(),
      ...(outcome.ok ? {} : { error: outcome.errors.join('; ') }),
    });
    if (outcome.ok) {
      counts.messages++;
      counts.alertsSent += ids.length;
    } else {
      counts.failedMessages++;
      counts.alertsFailed += ids.length;
      input.logger.warn(
        `notifier ${channel.name} (${channel.type}): ${ids.length} alert(s) not delivered: ${outcome.errors.join('; ')}`,
      );
    }
  }
}

/** One entity's alerts together (in read order), at most `maxGroupSize` a message; or one alert a message. */
function groups(alerts: FamilyAlertDocument[], channel: ChannelConfig): FamilyAlertDocument[][] {
  if (!channel.groupByUser) return alerts.map((a) => [a]);
  const byEntity = new Map<string, FamilyAlertDocument[]>();
  for (const a of alerts) {
    const e = alertEntity(a);
    const key = `${e.field}\u0000${e.value}`;
    const list = byEntity.get(key) ?? [];
    list.push(a);
    byEntity.set(key, list);
  }
  return [...byEntity.values()].flatMap((list) => {
    const out: FamilyAlertDocument[][] = [];
    for (let i = 0; i < list.length; i += channel.maxGroupSize) out.push(list.slice(i, i + channel.maxGroupSize));
    return out;
  });
}
