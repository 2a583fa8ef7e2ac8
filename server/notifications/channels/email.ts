/**
 * E-mail over SMTP with nodemailer: STARTTLS required by default (`requireTLS`), or implicit TLS (`secure`, port 465),
 * certificates verified unless `rejectUnauthorized: false`. The message is plain text with the same content as the
 * chat messages. A delivery counts as sent only when the server accepted every recipient (BuffaLogs marked a single
 * alert's e-mail sent even when sending failed).
 *
 * Retried: connection failures, time-outs and the server's temporary refusals (SMTP 4xx, e.g. 421, 450, 451, 452);
 * not retried: permanent refusals (5xx: authentication, unknown recipient).
 */
import nodemailer from 'nodemailer';
import type { EmailChannelConfig } from '../config_schema';
import { DeliveryError } from '../transport';
import type { ChannelModule } from './channel';
import { mentionOf } from '../mentions';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  command?: string;
}

function smtpError(error: unknown): DeliveryError {
  const e = error as SmtpFailure;
  if (typeof e.responseCode === 'number') {
    return new DeliveryError(
      `SMTP ${e.responseCode}${e.command ? ` after ${e.command}` : ''}`,
      e.responseCode >= 400 && e.responseCode < 500,
    );
  }
  // nodemailer's connection-level codes: ECONNECTION, ETIMEDOUT, ESOCKET, EDNS; EAUTH/EENVELOPE are permanent.
  const code = e.code ?? 'unknown';
  return new DeliveryError(`SMTP failed (${code})`, ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(code));
}

export const emailChannel: ChannelModule<EmailChannelConfig> = {
  units: (config, message, context) => [
    {
      label: 'smtp',
      send: async (signal) => {
        const smtp = config.smtp;
        const transport = nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          requireTLS: !smtp.secure && smtp.requireTLS,
          tls: { rejectUnauthorized: smtp.rejectUnauthorized },
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
          connectionTimeout: context.timeoutMs,
          greetingTimeout: context.timeoutMs,
          socketTimeout: context.timeoutMs,
          // nodemailer must not log: its debug output would carry the credentials.
          logger: false,
          debug: false,
        });
        // A mapped user's address also receives the messages about them (BuffaLogs' `recipient_list_users`).
        const extra = mentionOf(config, message);
        const to = extra && !config.to.includes(extra) ? [...config.to, extra] : config.to;
        const abort = (): void => transport.close();
        signal.addEventListener('abort', abort, { once: true });
        try {
          const info = await transport.sendMail({
            from: config.from,
            to,
            subject: message.title,
            text: message.text,
            headers: { 'X-BuffaLogs-Delivery': context.deliveryId },
          });
          if (info.rejected.length > 0)
            throw new DeliveryError(`the server refused ${info.rejected.length} of ${to.length} recipient(s)`, false);
        } catch (error) {
          if (signal.aborted) throw error;
          throw error instanceof DeliveryError ? error : smtpError(error);
        } finally {
          signal.removeEventListener('abort', abort);
          transport.close();
        }
      },
    },
  ],
  secrets: (config) => (config.smtp.password ? [config.smtp.password] : []),
};
