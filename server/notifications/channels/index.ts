/** The channel type registry: `type` in kibana.yml → the module that builds its requests. */
import type { ChannelConfig } from '../config_schema';
import type { ChannelModule } from './channel';
import { chatWebhookChannel } from './chat_webhooks';
import { emailChannel } from './email';
import { telegramChannel } from './telegram';
import { webhookChannel } from './webhook';

export function channelModule(config: ChannelConfig): ChannelModule {
  switch (config.type) {
    case 'webhook':
      return webhookChannel as ChannelModule;
    case 'telegram':
      return telegramChannel as ChannelModule;
    case 'email':
      return emailChannel as ChannelModule;
    default:
      return chatWebhookChannel as unknown as ChannelModule;
  }
}

export type { ChannelContext, ChannelModule } from './channel';
export { webhookSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER } from './webhook';
