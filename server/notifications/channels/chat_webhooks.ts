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
 */
import type { ChatChannelConfig } from '../config_schema';
import type { NotificationMessage } from '../message';
import { postJson } from '../transport';
import { urlSecrets, type ChannelModule } from './channel';

type ChatType = 'slack' | 'teams' | 'googlechat' | 'mattermost' | 'discord' | 'rocketchat';
type ChatConfig = Omit<ChatChannelConfig, 'type'> & { type: ChatType };

const COLOURS: Record<string, string> = { low: '#54B399', medium: '#D6BF57', high: '#E7664C', critical: '#BD271E' };
const colour = (severity: string): string => COLOURS[severity] ?? '#BD271E';
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const payloads: Record<ChatType, (m: NotificationMessage, c: ChatConfig) => unknown> = {
  slack: (m) => ({
    text: m.title,
    attachments: [{ title: m.title, text: clip(m.text, 3000), color: colour(m.severity) }],
  }),
  teams: (m) => ({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', wrap: true },
            ...m.alerts.map((a) => ({
              type: 'TextBlock',
              wrap: true,
              text: `${a.timestamp} **${a.rule.name}** [${a.severity}, score ${Math.round(a.score)}]: ${a.message}${a.evidence ? `\n\n${a.evidence}` : ''}`,
            })),
          ],
          actions: m.alerts.slice(0, 5).map((a, i) => ({
            type: 'Action.OpenUrl',
            title: m.alerts.length === 1 ? 'Open in BuffaLogs' : `Open alert ${i + 1}`,
            url: a.link,
          })),
        },
      },
    ],
  }),
  googlechat: (m) => ({ text: clip(`*${m.title}*\n\n${m.text}`, 4000) }),
  mattermost: (m, c) => ({
    text: clip(`#### ${m.title}\n\n${m.text}`, 16000),
    ...(c.username ? { username: c.username } : {}),
    ...(c.channel ? { channel: c.channel } : {}),
  }),
  discord: (m, c) => ({
    ...(c.username ? { username: c.username } : {}),
    content: clip(m.title, 2000),
    embeds: [
      {
        title: clip(m.title, 256),
        description: clip(m.text, 4096),
        color: parseInt(colour(m.severity).slice(1), 16),
        ...(m.alerts.length === 1 && /^https?:/.test(m.alerts[0].link) ? { url: m.alerts[0].link } : {}),
      },
    ],
  }),
  rocketchat: (m, c) => ({
    text: m.title,
    ...(c.username ? { alias: c.username } : {}),
    ...(c.channel ? { channel: c.channel } : {}),
    attachments: [{ title: m.title, text: m.text, color: colour(m.severity) }],
  }),
};

export const chatWebhookChannel: ChannelModule<ChatConfig> = {
  units: (config, message, context) => [
    {
      label: 'POST',
      send: (signal) =>
        postJson(config.url, payloads[config.type](message, config), { timeoutMs: context.timeoutMs, signal }),
    },
  ],
  secrets: urlSecrets,
};
