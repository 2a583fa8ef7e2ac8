/**
 * Telegram's Bot API: `POST <apiUrl>/bot<token>/sendMessage { chat_id, text }` to every chat of the channel (BuffaLogs
 * returned after the first chat id). Each chat is its own request with its own retries, so a chat that answered is
 * never sent the message again because another one failed. Messages are capped at Telegram's 4096 characters.
 */
import type { TelegramChannelConfig } from '../config_schema';
import { postJson } from '../transport';
import { clip, type ChannelModule } from './channel';
import { mentionOf } from '../mentions';

const MAX_TEXT = 4096;

export const telegramChannel: ChannelModule<TelegramChannelConfig> = {
  units: (config, message, context) => {
    const mention = mentionOf(config, message);
    const text = `${mention ? `@${mention} ` : ''}${message.title}\n\n${message.text}`;
    const url = `${config.apiUrl.replace(/\/+$/, '')}/bot${config.botToken}/sendMessage`;
    return config.chatIds.map((chatId, i) => ({
      label: `chat ${i + 1} of ${config.chatIds.length}`,
      send: (signal: AbortSignal) =>
        postJson(
          url,
          {
            chat_id: chatId,
            text: clip(text, MAX_TEXT, !!message.summary),
            disable_web_page_preview: true,
          },
          { timeoutMs: context.timeoutMs, signal },
        ),
    }));
  },
  secrets: (config) => [config.botToken],
};
