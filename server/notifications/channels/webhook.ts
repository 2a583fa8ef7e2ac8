/**
 * The generic webhook: a JSON body listing every reported alert (with its `buffalogs.alert_id`), signed with an HMAC
 * when the channel has a `secret`, and/or carrying a Bearer JWT (HS256) when it has `jwt`, as BuffaLogs' `webhooks`
 * alerter did (`Authorization: Bearer <jwt>`, claims in jwt.ts). The HMAC:
 *
 *   X-BuffaLogs-Timestamp: <unix seconds>
 *   X-BuffaLogs-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *   X-BuffaLogs-Delivery:  <delivery id>  (the same on every retry of one message: receivers can drop duplicates)
 *
 * The timestamp is signed with the body so a receiver can refuse replays older than a few minutes; verify the
 * signature over the raw bytes received, in constant time.
 */
import { createHmac } from 'node:crypto';
import type { WebhookChannelConfig } from '../config_schema';
import { signHs256 } from '../jwt';
import { mentionOf } from '../mentions';
import { postJson } from '../transport';
import { urlSecrets, type ChannelModule } from './channel';

export const SIGNATURE_HEADER = 'x-buffalogs-signature';
export const TIMESTAMP_HEADER = 'x-buffalogs-timestamp';
export const DELIVERY_HEADER = 'x-buffalogs-delivery';

export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export const webhookChannel: ChannelModule<WebhookChannelConfig> = {
  units: (config, message, context) => {
    const body = JSON.stringify({
      source: 'buffalogs',
      delivery_id: context.deliveryId,
      title: message.title,
      text: message.text,
      entity: message.entity,
      severity: message.severity,
      ...(mentionOf(config, message) ? { mention: mentionOf(config, message) } : {}),
      ...(message.summary ? { summary: message.summary } : {}),
      alerts: message.alerts.map((a) => ({
        buffalogs: { alert_id: a.alert_id, severity: a.severity, filtered: a.filtered, entity: a.entity },
        '@timestamp': a.timestamp,
        event: { risk_score: a.score, ...(a.created ? { created: a.created } : {}) },
        rule: a.rule,
        ...(a.user ? { user: { name: a.user } } : {}),
        message: a.message,
        evidence_summary: a.evidence,
        link: a.link,
      })),
    });
    return [
      {
        label: 'POST',
        send: (signal) => {
          const headers: Record<string, string> = { [DELIVERY_HEADER]: context.deliveryId };
          if (config.secret) {
            const timestamp = String(Math.floor(context.now() / 1000));
            headers[TIMESTAMP_HEADER] = timestamp;
            headers[SIGNATURE_HEADER] = webhookSignature(config.secret, timestamp, body);
          }
          if (config.jwt) {
            // Signed on each attempt, so a retry after a long backoff does not carry an expired token.
            const iat = Math.floor(context.now() / 1000);
            headers.authorization = `Bearer ${signHs256(config.jwt.secret, {
              iss: config.jwt.issuer,
              aud: config.jwt.audience ?? config.name,
              sub: config.jwt.subject,
              iat,
              exp: iat + Math.max(1, Math.round(config.jwt.expiresIn.asSeconds())),
              jti: context.deliveryId,
            })}`;
          }
          return postJson(config.url, undefined, { rawBody: body, headers, timeoutMs: context.timeoutMs, signal });
        },
      },
    ];
  },
  secrets: (config) => [
    ...urlSecrets(config),
    ...(config.secret ? [config.secret] : []),
    ...(config.jwt ? [config.jwt.secret] : []),
  ],
};
