import nodemailer from 'nodemailer';
import { MailNotSent, preparedHeaders, type Mail, type Mailer } from './mailer.js';

/** Connections kept open to the server, and messages each carries before it is renewed. */
const POOL = { maxConnections: 5, maxMessages: 100 };

/**
 * Mail over an SMTP server (`SMTP_URL`, e.g. smtp://user:pass@host:587 or smtps://… for TLS
 * from the start), from MAIL_FROM, over a small pool of connections. The address is never
 * logged: it may hold the server's password.
 */
export function createSmtpMailer(opts: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({ url: opts.url, pool: true, ...POOL });
  return {
    kind: 'smtp',
    from: opts.from,
    outboxDir: null,
    async send(mail: Mail) {
      try {
        const info = await transport.sendMail({
          from: opts.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html ? { html: mail.html } : {}),
          ...(mail.headers ? { headers: preparedHeaders(mail.headers) } : {}),
          ...(mail.returnPath ? { envelope: { from: mail.returnPath, to: mail.to } } : {}),
          ...(mail.messageId ? { messageId: mail.messageId } : {}),
        });
        return { messageId: info.messageId, response: info.response };
      } catch (err) {
        const e = err as { message?: string; responseCode?: number; permanent?: boolean };
        // No reply at all (a refused connection, a timeout) is worth trying again later.
        throw new MailNotSent(e.message ?? 'The mail server did not take the message.', e.permanent === true, e.responseCode ?? null);
      }
    },
    async close() {
      transport.close();
    },
  };
}
