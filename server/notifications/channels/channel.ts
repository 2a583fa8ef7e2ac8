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
