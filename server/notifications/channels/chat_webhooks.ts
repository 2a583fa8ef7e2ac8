/**
 * The chat services' incoming webhooks. Each takes the same message in its own JSON shape (the service's
 * documented payload; BuffaLogs' alerters, spec §7, used the same fields):
 * - Slack: `{ text, attachments: [{ title, text, color }] }` (text is the notification fallback);
 * - Microsoft Teams (Workflows "post to a channel when a webhook request is received"): a message with one Adaptive
 *   Card; the retired Office 365 connectors' MessageCard is not used;
 * - Google Chat: `{ text }` (Chat's own markup: `*bold*`, `<url|label>`);
 * - Mattermost: `{ text, username?, channel? }`;
 * - Discord: `{ username?, content, embeds: [{ title, description, color, url }] }` (description ≤ 4096 characters);
 * - Rocket.Chat: `{ text, alias?, channel?, attachments: [{ title, text, color }] }`.
 * A channel's `mentions` (mentions.ts) put the user's mention in the service's syntax at the start of a message about
 * them. Slack's control characters (`&`, `<`, `>`) are escaped in alert text, the other services' mention and link
 * syntax is made inert (inertText), and Discord's `allowed_mentions` lets only the configured mention ping: a user
 * name such as `<!channel>`, `@channel`, `<users/all>` or `@everyone` in an event cannot page anyone.
 */
import type { ChatChannelConfig } from '../config_schema';
import type { NotificationMessage } from '../message';
import { mentionOf } from '../mentions';
import { postJson } from '../transport';
import { clip, urlSecrets, type ChannelModule } from './channel';

type ChatType = 'slack' | 'teams' | 'googlechat' | 'mattermost' | 'discord' | 'rocketchat';
export type ChatConfig = Omit<ChatChannelConfig, 'type'> & { type: ChatType };

const COLOURS: Record<string, string> = { low: '#54B399', medium: '#D6BF57', high: '#E7664C', critical: '#BD271E' };
const colour = (severity: string): string => COLOURS[severity] ?? '#BD271E';

const ZWSP = '\u200b';

/**
 * Text from events (user names, user agents, the alert sentences that quote them) as data, not markup, for the
 * services whose markup lets it ping a whole channel or disguise a link: the constructs that would are broken with a
 * zero-width space (U+200B), which the reader does not see:
 * - a mention, `@channel`/`@here`/`@all`/`@everyone` or `@someone` (Mattermost, Rocket.Chat: a user named
 *   `@channel` would page everyone in it); an address such as `alice@contoso.com` is no mention and is left alone;
 * - `<users/all>` and `<https://…|label>` (Google Chat's mention and link syntax), `<at>` (Teams);
 * - a Markdown link or image, `[label](url)`, `[label][ref]`, `[ref]: url` (Teams, Mattermost, Rocket.Chat, Discord):
 *   a user agent `[Reset your password](https://phish.example)` would show as a link to the SOC. Bare URLs stay
 *   clickable, showing where they go.
 * Our own mention (the channel's configured one) is added after this, so it still pings.
 */
export function inertText(text: string): string {
  return text
    .replace(/(^|[^\p{L}\p{N}._%+-])@(?=[\p{L}\p{N}_])/gu, `$1@${ZWSP}`)
    .replace(/@(?=(?:channel|here|all|everyone)\b)/giu, `@${ZWSP}`)
    .replace(/</g, `<${ZWSP}`)
    .replace(/\](?=[([:])/g, `]${ZWSP}`);
}

/** Slack's mrkdwn escaping (api.slack.com/reference/surfaces/formatting#escaping). */
const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const prefixed = (mention: string | undefined, text: string): string => (mention ? `${mention} ${text}` : text);

/** The message with every event-supplied text made inert (inertText), for every service but Slack (escaped instead). */
function inertMessage(m: NotificationMessage): NotificationMessage {
  return {
    ...m,
    title: inertText(m.title),
    text: inertText(m.text),
    alerts: m.alerts.map((a) => ({
      ...a,
      rule: { ...a.rule, name: inertText(a.rule.name) },
      message: inertText(a.message),
      evidence: inertText(a.evidence),
    })),
  };
}

const payloads: Record<ChatType, (m: NotificationMessage, c: ChatConfig, mention?: string) => unknown> = {
  slack: (m, _c, id) => ({
    text: prefixed(id && `<@${id}>`, slackEscape(m.title)),
    attachments: [
      { title: slackEscape(m.title), text: clip(slackEscape(m.text), 3000, !!m.summary), color: colour(m.severity) },
    ],
  }),
  teams: (m, _c, upn) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            ...(upn ? [{ type: 'TextBlock', text: `<at>${upn}</at>`, wrap: true }] : []),
            { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', wrap: true },
            ...(m.summary ? [{ type: 'TextBlock', text: m.text.replace(/\n/g, '\n\n'), wrap: true }] : []),
            ...m.alerts.map((a) => ({
              type: 'TextBlock',
              wrap: true,
              text: `${a.timestamp} **${a.rule.name}** [${a.severity}, score ${Math.round(a.score)}]: ${a.message}${a.evidence ? `\n\n${a.evidence}` : ''}`,
            })),
          ],
          actions: m.summary
            ? [{ type: 'Action.OpenUrl', title: 'Open in BuffaLogs', url: m.summary.link }]
            : m.alerts.slice(0, 5).map((a, i) => ({
                type: 'Action.OpenUrl',
                title: m.alerts.length === 1 ? 'Open in BuffaLogs' : `Open alert ${i + 1}`,
                url: a.link,
              })),
          // learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format#mention-support-within-adaptive-cards
          ...(upn
            ? {
                msteams: {
                  entities: [{ type: 'mention', text: `<at>${upn}</at>`, mentioned: { id: upn, name: upn } }],
                },
              }
            : {}),
        },
      },
    ],
  }),
  googlechat: (m, _c, id) => ({
    text: clip(prefixed(id && `<users/${id}>`, `*${m.title}*\n\n${m.text}`), 4000, !!m.summary),
  }),
  mattermost: (m, c, name) => ({
    text: clip(`#### ${prefixed(name && `@${name}`, m.title)}\n\n${m.text}`, 16000, !!m.summary),
    ...(c.username ? { username: c.username } : {}),
    ...(c.channel ? { channel: c.channel } : {}),
  }),
  discord: (m, c, id) => ({
    ...(c.username ? { username: c.username } : {}),
    content: clip(prefixed(id && `<@${id}>`, m.title), 2000),
    allowed_mentions: { parse: [], users: id ? [id] : [] },
    embeds: [
      {
        title: clip(m.title, 256),
        description: clip(m.text, 4096, !!m.summary),
        color: parseInt(colour(m.severity).slice(1), 16),
        ...(m.alerts.length === 1 && /^https?:/.test(m.alerts[0].link) ? { url: m.alerts[0].link } : {}),
      },
    ],
  }),
  rocketchat: (m, c, name) => ({
    text: prefixed(name && `@${name}`, m.title),
    ...(c.username ? { alias: c.username } : {}),
    ...(c.channel ? { channel: c.channel } : {}),
    attachments: [{ title: m.title, text: m.text, color: colour(m.severity) }],
  }),
};

/** The JSON body posted to the service for this message. */
export function chatPayload(message: NotificationMessage, config: ChatConfig): unknown {
  const shown = config.type === 'slack' ? message : inertMessage(message);
  return payloads[config.type](shown, config, mentionOf(config, message));
}

export const chatWebhookChannel: ChannelModule<ChatConfig> = {
  units: (config, message, context) => [
    {
      label: 'POST',
      send: (signal) =>
        postJson(config.url, chatPayload(message, config), {
          timeoutMs: context.timeoutMs,
          signal,
        }),
    },
  ],
  secrets: urlSecrets,
};
