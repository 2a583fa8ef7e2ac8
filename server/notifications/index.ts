export { notifiersSchema, type ChannelConfig, type ChannelType } from './config_schema';
export {
  runNotifierPass,
  DEFAULT_OVERLAP_MS,
  type NotifierCheckpoint,
  type NotifierPassInput,
  type NotifierPassResult,
} from './notifier_pass';
export { readDeliveryLog, deliveriesIndex, type DeliveryLogEntry, type DeliveryOutcome } from './deliveries_store';
export { RateLimiter } from './dispatch';
export { alertLink, evidenceSummary, summariseAlert, buildMessage, type AlertSummary } from './message';
export { channelTakes } from './filters';
export { redact } from './redact';
export { channelView, sendTestMessage } from './test_message';
export { readAlertPage, isAlert, positionOf, type AlertPosition, type AlertPage } from './read_alerts';
