/**
 * Per-user mentions (BuffaLogs' `recipient_list_users`, spec §7): a channel's `mentions` maps a user name to who to
 * notify in that service when a message is about that user. Each service has its own syntax, so each channel type
 * validates its values (kibana.yml is refused at startup on a bad one, naming the key):
 * - Slack: a member id (`U…`/`W…`), rendered `<@U123ABC>`;
 * - Microsoft Teams: the user's UPN (e-mail form) or Entra object id, rendered `<at>…</at>` with the Adaptive Card's
 *   `msteams.entities` mention entity (Teams only pings the mentioned id);
 * - Google Chat: the numeric user id, rendered `<users/123…>`;
 * - Mattermost, Rocket.Chat: a username, rendered `@name`;
 * - Discord: a user id (snowflake), rendered `<@123…>` and allowed in `allowed_mentions` (nothing else may ping);
 * - Telegram: a username, rendered `@name`;
 * - e-mail: an address, added to the recipients of messages about that user;
 * - webhook: any short string, sent as `mention` in the body for the receiver to use.
 * Messages about several users (summaries) mention nobody.
 */
import { schema } from '@kbn/config-schema';
import { isPrototypeKey, ownValue } from '../../common/own_keys';
import type { NotificationMessage } from './message';

export type MentionChannelType =
  'webhook' | 'slack' | 'teams' | 'googlechat' | 'mattermost' | 'discord' | 'rocketchat' | 'telegram' | 'email';

const FORMATS: Record<MentionChannelType, { pattern: RegExp; expected: string }> = {
  slack: { pattern: /^[UW][A-Z0-9]{2,30}$/, expected: 'a Slack member id such as U024BE7LH' },
  teams: {
    pattern:
      /^(?:[^\s<>@"]{1,64}@[A-Za-z0-9.-]{1,190}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/,
    expected: "the user's UPN (alice@contoso.com) or Entra object id",
  },
  googlechat: { pattern: /^\d{1,30}$/, expected: 'a numeric Google Chat user id' },
  mattermost: { pattern: /^[A-Za-z0-9._-]{1,64}$/, expected: 'a Mattermost username (letters, digits, . _ -)' },
  rocketchat: { pattern: /^[A-Za-z0-9._-]{1,64}$/, expected: 'a Rocket.Chat username (letters, digits, . _ -)' },
  discord: { pattern: /^\d{15,21}$/, expected: 'a Discord user id (a 15–21 digit snowflake)' },
  telegram: { pattern: /^[A-Za-z0-9_]{5,32}$/, expected: 'a Telegram username (5–32 letters, digits, _)' },
  email: { pattern: /^[^\s<>@",;]{1,64}@[A-Za-z0-9.-]{1,190}$/, expected: 'an e-mail address' },
  webhook: { pattern: /^[\p{L}\p{N}\p{P}\p{S} ]{1,256}$/u, expected: '1–256 printable characters' },
};

export const MAX_MENTIONS = 1000;

export function mentionsSchema(type: MentionChannelType) {
  const format = FORMATS[type];
  return schema.recordOf(
    schema.string({
      minLength: 1,
      maxLength: 1024,
      validate: (user) => (isPrototypeKey(user) ? `"${user}" cannot be a user name here` : undefined),
    }),
    schema.string({
      minLength: 1,
      maxLength: 256,
      validate: (value) => (format.pattern.test(value) ? undefined : `must be ${format.expected}`),
    }),
    {
      defaultValue: {},
      validate: (map) =>
        Object.keys(map).length > MAX_MENTIONS ? `at most ${MAX_MENTIONS} users can be mapped` : undefined,
    },
  );
}

/** The mention for a message about one user, when the channel maps that user. */
export function mentionOf(
  config: { mentions?: Record<string, string> },
  message: Pick<NotificationMessage, 'entity' | 'alerts'>,
): string | undefined {
  if (!config.mentions || message.alerts.length === 0) return undefined;
  const user = message.entity.field === 'user.name' ? message.entity.value : message.alerts[0].user;
  if (user === undefined) return undefined;
  const value = ownValue(config.mentions, user);
  return typeof value === 'string' ? value : undefined;
}
