/**
 * `buffalogs.notifiers` in kibana.yml: a list of channels `{ name, type, … }` (issue 16's contract). Kibana validates
 * it at startup and refuses to start on a bad value, naming the key. Secrets (webhook URLs, tokens, passwords) live
 * only here: the notifier never puts them in a log line, an error or an API response (redact.ts).
 */
import { schema, type TypeOf } from '@kbn/config-schema';
import { API_LIMITS, CHANNEL_NAME } from '../../common/api';
import { detectorName } from '../detector_name_schema';
import { isPrototypeKey } from '../../common/own_keys';
import { boundedDuration } from '../config_table_schema';
import { mentionsSchema } from './mentions';
import { summarySchema } from './summary_schedule';

const httpUrl = () => schema.uri({ scheme: ['http', 'https'] });
const shortString = (max = 256) => schema.string({ minLength: 1, maxLength: max });

/** What every channel shares: its name, which alerts it takes, how it groups, paces and retries. */
const common = {
  name: schema.string({
    validate: (v) =>
      CHANNEL_NAME.test(v) && !isPrototypeKey(v)
        ? undefined
        : 'must be 1–64 letters, digits, _, . or - (it names the channel in the delivery log)',
  }),
  filters: schema.object({
    /** Alerts below this severity are not sent. */
    minSeverity: schema.oneOf(
      [schema.literal('low'), schema.literal('medium'), schema.literal('high'), schema.literal('critical')],
      { defaultValue: 'low' },
    ),
    /** `event.risk_score` (0–100) at least this. */
    minScore: schema.number({ min: 0, max: 100, defaultValue: 0 }),
    /**
     * Detector ids (`rule.id`) of any family, also a verdict's signal (`buffalogs.signal_ids`), or `sequence`: every
     * sequence rule's alerts (notifications/filters.ts), as the alerts list's `detector`;
     * empty: every detector.
     */
    detectors: schema.arrayOf(detectorName, { maxSize: API_LIMITS.maxDetectorFilter, defaultValue: [] }),
    /**
     * Entity values (user names, addresses) the channel is about; empty: everyone. Bounded as the alerts list's
     * `users`, which its summary's link carries.
     */
    users: schema.arrayOf(shortString(API_LIMITS.maxUsersFilterLength), {
      maxSize: API_LIMITS.maxUsersFilter,
      defaultValue: [],
    }),
    /** Alerts the filters of the profile judged benign (`buffalogs.filtered`) are not sent unless this is true. */
    includeFiltered: schema.boolean({ defaultValue: false }),
  }),
  /** Each alert the filters take is sent (grouped or not); false: the channel only gets its `summary`. */
  sendAlerts: schema.boolean({ defaultValue: true }),
  /** A daily or weekly summary of the alerts the filters take (summary_schedule.ts; at most once per period). */
  summary: schema.maybe(summarySchema),
  /** One message per entity (user) and pass for up to `maxGroupSize` alerts; false: one message per alert. */
  groupByUser: schema.boolean({ defaultValue: true }),
  maxGroupSize: schema.number({ min: 1, max: 100, defaultValue: 20 }),
  /** Messages per minute this channel may send (Slack allows about 1/s per webhook, Telegram 20/min per group). */
  ratePerMinute: schema.number({ min: 1, max: 600, defaultValue: 30 }),
  retry: schema.object({
    /** Tries of one request, the first included; then the delivery is recorded as failed. */
    maxAttempts: schema.number({ min: 1, max: 10, defaultValue: 5 }),
    baseDelay: boundedDuration(0, 3_600_000, '0s to 1h', '1s'),
    maxDelay: boundedDuration(0, 3_600_000, '0s to 1h', '60s'),
    /** One request's time limit (connect to response). Past 2^31 ms a timer fires at once: every request would fail. */
    timeout: boundedDuration(100, 600_000, '100ms to 10m', '10s'),
  }),
};

const webhook = schema.object({
  ...common,
  type: schema.literal('webhook'),
  url: httpUrl(),
  /** user name → a string sent as `mention` in the body of messages about that user (mentions.ts). */
  mentions: mentionsSchema('webhook'),
  /** HMAC-SHA256 key: each request carries `X-BuffaLogs-Signature: sha256=<hex>` (see channels/webhook.ts). */
  secret: schema.maybe(schema.string({ minLength: 16, maxLength: 1024 })),
  /**
   * A Bearer JWT (HS256) on each request, like BuffaLogs' signed `webhooks` (spec §7): `Authorization: Bearer <jwt>`
   * with claims `{ iss, aud, sub, iat, exp = iat + expiresIn, jti = delivery id }` (see jwt.ts).
   */
  jwt: schema.maybe(
    schema.object({
      /** At least 256 bits (RFC 7518 §3.2): 32 characters or more. */
      secret: schema.string({ minLength: 32, maxLength: 1024 }),
      issuer: schema.string({ minLength: 1, maxLength: 256, defaultValue: 'buffalogs_webhook' }),
      /** Default: the channel's name (BuffaLogs used the alerter's `name`). */
      audience: schema.maybe(shortString()),
      subject: schema.string({ minLength: 1, maxLength: 256, defaultValue: 'Alert Notification' }),
      /**
       * Each attempt signs a fresh token, so it only has to outlive one request (at most 10m) and clock skew; a longer
       * one is a token replayable for as long once leaked (a huge value made `exp` no integer date at all).
       */
      expiresIn: boundedDuration(1000, 86_400_000, '1s to 1d', '300s'),
    }),
  ),
});
const chat = <T extends 'slack' | 'teams' | 'googlechat' | 'mattermost' | 'discord' | 'rocketchat'>(type: T) =>
  schema.object({
    ...common,
    type: schema.literal(type),
    url: httpUrl(),
    /** Shown as the sender where the service lets a webhook choose it (Mattermost, Discord, Rocket.Chat). */
    username: schema.maybe(shortString(80)),
    /** Overrides the webhook's channel where the service allows it (Mattermost, Rocket.Chat). */
    channel: schema.maybe(shortString(128)),
    /** user name → the service's id of whom to mention in messages about that user (mentions.ts). */
    mentions: mentionsSchema(type),
  });
const telegram = schema.object({
  ...common,
  type: schema.literal('telegram'),
  botToken: schema.string({ minLength: 10, maxLength: 256 }),
  /** Every chat gets the message (BuffaLogs stopped after the first one). */
  chatIds: schema.arrayOf(schema.oneOf([schema.string({ minLength: 1, maxLength: 64 }), schema.number()]), {
    minSize: 1,
    maxSize: 20,
  }),
  /** A self-hosted Bot API server, or a local receiver in tests. */
  apiUrl: schema.uri({ scheme: ['http', 'https'], defaultValue: 'https://api.telegram.org' }),
  /** user name → Telegram username, written `@name` in messages about that user. */
  mentions: mentionsSchema('telegram'),
});
const email = schema.object({
  ...common,
  type: schema.literal('email'),
  smtp: schema.object({
    host: shortString(),
    port: schema.number({ min: 1, max: 65535, defaultValue: 587 }),
    /** Implicit TLS from the first byte (port 465); otherwise STARTTLS, required unless `requireTLS: false`. */
    secure: schema.boolean({ defaultValue: false }),
    requireTLS: schema.boolean({ defaultValue: true }),
    /** Verify the server's certificate (never turn off outside a lab). */
    rejectUnauthorized: schema.boolean({ defaultValue: true }),
    user: schema.maybe(shortString()),
    password: schema.maybe(schema.string({ minLength: 1, maxLength: 1024 })),
  }),
  from: shortString(),
  to: schema.arrayOf(shortString(), { minSize: 1, maxSize: 100 }),
  /** user name → an address that also receives the messages about that user (BuffaLogs' per-user e-mail). */
  mentions: mentionsSchema('email'),
});

const channelSchema = schema.oneOf([
  webhook,
  chat('slack'),
  chat('teams'),
  chat('googlechat'),
  chat('mattermost'),
  chat('discord'),
  chat('rocketchat'),
  telegram,
  email,
]);

export const notifiersSchema = schema.arrayOf(channelSchema, {
  maxSize: 50,
  defaultValue: [],
  validate: (channels) => {
    const seen = new Set<string>();
    for (const c of channels) {
      if (seen.has(c.name)) return `two channels are named "${c.name}"; names must be unique`;
      seen.add(c.name);
    }
    return undefined;
  },
});

export type ChannelConfig = TypeOf<typeof channelSchema>;
export type ChannelType = ChannelConfig['type'];
export type ChatChannelConfig = Extract<ChannelConfig, { type: 'slack' }>;
export type WebhookChannelConfig = Extract<ChannelConfig, { type: 'webhook' }>;
export type TelegramChannelConfig = Extract<ChannelConfig, { type: 'telegram' }>;
export type EmailChannelConfig = Extract<ChannelConfig, { type: 'email' }>;
