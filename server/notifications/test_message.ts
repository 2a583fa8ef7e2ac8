/**
 * What the app's Notifications section needs from a channel: a view of it without its secrets, and one test message
 * sent through it (with the channel's time-out, one attempt, nothing recorded in the delivery log) whose outcome is
 * reported with the channel's secrets redacted.
 */
import type { NotifierChannelView, NotifierTestResponse } from '../../common/api';
import { channelModule } from './channels';
import type { ChannelConfig } from './config_schema';
import { dispatch, RateLimiter } from './dispatch';
import { alertLink, buildMessage } from './message';
import { describeFailure } from './redact';

/** Only these fields leave the server: the allow-list is the point (a new secret field stays in kibana.yml). */
export function channelView(channel: ChannelConfig): NotifierChannelView {
  const f = channel.filters;
  return {
    name: channel.name,
    type: channel.type,
    filters: {
      minSeverity: f.minSeverity,
      minScore: f.minScore,
      detectors: [...f.detectors],
      users: [...f.users],
      includeFiltered: f.includeFiltered,
    },
    groupByUser: channel.groupByUser,
    maxGroupSize: channel.maxGroupSize,
    ratePerMinute: channel.ratePerMinute,
    sendAlerts: channel.sendAlerts,
    ...(channel.summary
      ? {
          summary: {
            frequency: channel.summary.frequency,
            time: channel.summary.time,
            ...(channel.summary.frequency === 'weekly' ? { day: channel.summary.day } : {}),
          },
        }
      : {}),
    mentionedUsers: Object.keys(channel.mentions).length,
    ...(channel.type === 'webhook'
      ? {
          signing: [...(channel.secret ? (['hmac'] as const) : []), ...(channel.jwt ? (['jwt'] as const) : [])],
        }
      : {}),
  };
}

export const TEST_ALERT_ID = 'buffalogs-test-message';

export async function sendTestMessage(
  channel: ChannelConfig,
  options: { space: string; publicBaseUrl?: string; now: () => number; signal: AbortSignal; requestedBy: string },
): Promise<NotifierTestResponse> {
  const module = channelModule(channel);
  const secrets = module.secrets(channel);
  const now = new Date(options.now()).toISOString();
  const message = buildMessage([
    {
      alert_id: TEST_ALERT_ID,
      timestamp: now,
      rule: { id: 'test_message', name: 'Test message' },
      entity: { field: 'user.name', value: options.requestedBy },
      user: options.requestedBy,
      severity: 'low',
      score: 0,
      filtered: false,
      message: `A test message from BuffaLogs, requested by ${options.requestedBy}: channel ${channel.name} works.`,
      evidence: '',
      link: alertLink(options.publicBaseUrl, options.space, TEST_ALERT_ID).replace(/\/alerts\/[^/]*$/, '/settings'),
    },
  ]);
  const units = module.units(channel, message, {
    deliveryId: `${channel.name}:${TEST_ALERT_ID}:${options.now()}`,
    timeoutMs: channel.retry.timeout.asMilliseconds(),
    now: options.now,
  });
  const outcome = await dispatch(
    units,
    { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
    {
      signal: options.signal,
      limiter: new RateLimiter(0, options.now, async () => {}),
      describe: (error) => describeFailure(error, secrets),
    },
  );
  return {
    channel: channel.name,
    ok: outcome.ok,
    attempts: outcome.attempts,
    ...(outcome.ok ? {} : { error: outcome.errors.join('; ') }),
  };
}
