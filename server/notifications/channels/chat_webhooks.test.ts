/**
 * What a chat service receives when an event's own fields are hostile: a user name or user agent chosen by whoever
 * sent the login (the attacker) must not page a whole channel or show the SOC a disguised link. The payloads are the
 * JSON each service's incoming webhook takes (chat_webhooks.ts); what would render as a mention or link is checked
 * against each service's documented syntax.
 */
import { notifiersSchema } from '../config_schema';
import { buildMessage, type AlertSummary } from '../message';
import { summaryMessage } from '../summary';
import { clip } from './channel';
import { chatPayload, inertText, type ChatConfig } from './chat_webhooks';

const alertAbout = (user: string, agent: string): AlertSummary => ({
  alert_id: 'a1',
  timestamp: '2026-11-30T10:00:00.000Z',
  rule: { id: 'new_device', name: 'New device' },
  entity: { field: 'user.name', value: user },
  user,
  severity: 'high',
  score: 80,
  filtered: false,
  message: `${user} logged in from a new device: ${agent}`,
  evidence: `new device_fingerprint ${agent}; known before (0): none`,
  link: 'https://kibana.example.com/app/buffalogs/alerts/a1',
});

const config = (type: string, mentions: Record<string, string> = {}): ChatConfig =>
  notifiersSchema.validate([
    { type, name: type, url: `https://hooks.example.com/${type}/secret`, mentions },
  ])[0] as ChatConfig;

const HOSTILE_USER = '@channel';
const HOSTILE_AGENT =
  '[Reset your password](https://phish.example/reset) ![x](https://track.example/p.png) <users/all> <https://phish.example|your SSO> @here @all @everyone';
const message = buildMessage([alertAbout(HOSTILE_USER, HOSTILE_AGENT)]);

/** Everything the service would read as markup that pings or links, in any string of the payload. */
function liveMarkup(payload: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const re of [
        /(^|[^\p{L}\p{N}._%+-])@(channel|here|all|everyone)\b/giu, // Mattermost, Rocket.Chat, Discord channel-wide
        /<users\/all>/g, // Google Chat: everyone in the space
        /<https?:[^>|]*\|[^>]*>/g, // Google Chat / Slack-style labelled link
        /\]\(https?:/g, // Markdown link or image (Teams, Mattermost, Rocket.Chat, Discord)
      ])
        for (const m of v.matchAll(re)) found.push(m[0]);
    } else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(payload);
  return found;
}

test.each(['teams', 'googlechat', 'mattermost', 'discord', 'rocketchat'])(
  '%s: a user named @channel with a hostile user agent pings nobody and shows no disguised link',
  (type) => {
    const payload = chatPayload(message, config(type));
    expect(liveMarkup(payload)).toEqual([]);
    // The text is still all there for the analyst to read (only invisible characters were added).
    const shown = JSON.stringify(payload).replace(/\u200b/g, '');
    expect(shown).toContain('Reset your password');
    expect(shown).toContain('phish.example/reset');
  },
);

test('the channel’s own mention still pings, and an e-mail-like user name is left as it is', () => {
  const alice = buildMessage([alertAbout('alice@contoso.com', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)')]);
  const mm = chatPayload(alice, config('mattermost', { 'alice@contoso.com': 'alice.oncall' })) as { text: string };
  expect(mm.text).toMatch(/^#### @alice\.oncall BuffaLogs: /);
  expect(mm.text).toContain('user alice@contoso.com');
  const chat = chatPayload(alice, config('googlechat', { 'alice@contoso.com': '1234567890' })) as { text: string };
  expect(chat.text.startsWith('<users/1234567890> ')).toBe(true);
  expect(inertText('Mozilla/5.0 (X11; Linux x86_64) [en]')).toBe('Mozilla/5.0 (X11; Linux x86_64) [en]');
});

test('slack: its own syntax (`<!channel>`, `<url|label>`) is escaped instead, the text left readable', () => {
  const slack = buildMessage([alertAbout('<!channel>', '<https://phish.example|your SSO>')]);
  const shown = JSON.stringify(chatPayload(slack, config('slack')));
  expect(shown).not.toMatch(/<!channel>|<https:/);
  expect(shown).toContain('&lt;!channel&gt;');
  expect(shown).not.toContain('\u200b');
});

describe("a summary's link survives the services' length limits", () => {
  // A channel of 1,000 users of 1,000 characters: its top users filled the text, and the services' cut (Slack at
  // 3,000 characters, Discord and Telegram at 4,096) took the link that ends it.
  const link = `https://kibana.example.com/app/buffalogs/alerts?start=2025-03-03T08%3A00%3A00.000Z&time_field=event.created&channel_users=soc-many&x=${'y'.repeat(1700)}`;
  const user = (i: number) => `user-${i}-`.padEnd(1000, 'x');
  const summary = summaryMessage({
    frequency: 'weekly',
    start: '2025-03-03T08:00:00.000Z',
    end: '2025-03-10T08:00:00.000Z',
    total: 30,
    users: 10,
    byDetector: [{ id: 'impossible_travel', name: 'Impossible travel', count: 30 }],
    bySeverity: { low: 0, medium: 0, high: 30, critical: 0 },
    topUsers: Array.from({ length: 10 }, (_, i) => ({ user: user(i), count: 3, detectors: { impossible_travel: 3 } })),
    link,
  });

  it.each(['slack', 'googlechat', 'discord'])('%s: cut before the link, which arrives whole', (type) => {
    const sent = JSON.stringify(chatPayload(summary, config(type)));
    const shown = type === 'slack' ? link.replace(/&/g, '&amp;') : link;
    expect(sent).toContain(`…\\n${shown}"`);
    expect(sent).toContain('Total alerts: 30 (10 users)');
  });

  it('Telegram and any text: the last line kept unless it would leave almost nothing of the rest', () => {
    const text = `${summary.title}\n\n${summary.text}`;
    const clipped = clip(text, 4096, true);
    expect(clipped).toHaveLength(4096);
    expect(clipped.endsWith(`…\n${link}`)).toBe(true);
    expect(clip(text, 4096)).not.toContain(link);
    expect(clip(`a\n${'b'.repeat(100)}`, 50, true)).toBe(`a\n${'b'.repeat(47)}…`);
    expect(clip('short\nlink', 50, true)).toBe('short\nlink');
  });
});
