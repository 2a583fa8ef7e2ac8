/** What each channel type module provides (one file per type in this folder; the registry is index.ts). */
import type { ChannelConfig } from '../config_schema';
import type { NotificationMessage } from '../message';
import type { DeliveryUnit } from '../transport';

export interface ChannelContext {
  /** The delivery's id (`<channel>:<first alert id>`), sent where a receiver can use it to drop a duplicate. */
  deliveryId: string;
  timeoutMs: number;
  now: () => number;
}

export interface ChannelModule<C extends ChannelConfig = ChannelConfig> {
  /** The requests one message needs (several for Telegram with several chats). */
  units(config: C, message: NotificationMessage, context: ChannelContext): DeliveryUnit[];
  /** Every secret value of the config, redacted from anything the notifier logs or records. */
  secrets(config: C): string[];
}

/** The webhook URL is the secret of every chat service: whoever has it can post to the channel. */
export const urlSecrets = (config: { url: string }): string[] =>
  [config.url, new URL(config.url).pathname + new URL(config.url).search].filter((s) => s.length > 1);

/**
 * `text` within the service's `max` characters, cut with "…". A summary's text ends with its link
 * (summary.ts summaryMessage): with `keepLastLine` the cut is made before that line, so the link arrives whole however
 * long the counts and top users above it are (a channel's users may be 1,000 characters each, and the cut took the
 * link). Not when that line alone would leave under 200 characters for the rest: then the text is cut as any other.
 */
export function clip(text: string, max: number, keepLastLine = false): string {
  if (text.length <= max) return text;
  const last = keepLastLine ? text.slice(text.lastIndexOf('\n')) : '';
  if (last.length > 1 && last.length + 200 <= max) return `${text.slice(0, max - last.length - 1)}…${last}`;
  return `${text.slice(0, max - 1)}…`;
}
