import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { DkimSettings } from '../config.js';
import { domainOf, MailNotSent, type Mail, type Mailer } from './mailer.js';
import { buildMessage } from './mime.js';

/** Connections kept open to the server, and messages each carries before it is renewed. */
const POOL = { maxConnections: 5, maxMessages: 100 };

/**
 * Mail over an SMTP server (`SMTP_URL`, e.g. smtp://user:pass@host:587 or smtps://… for TLS
 * from the start), from MAIL_FROM, over a small pool of connections. The address is never
 * logged: it may hold the server's password. With `dkim`, nodemailer signs every message
 * (relaxed/relaxed, rsa-sha256) as it hands it over.
 */
export function createSmtpMailer(opts: {
  url: string;
  from: string;
  dkim?: DkimSettings | null;
  /** Connections kept open (NEWSLETTER_CONNECTIONS): the newsletter sender sends one message on each at a time. */
  connections?: number;
}): Mailer {
  const transport = nodemailer.createTransport({
    url: opts.url,
    pool: true,
    ...POOL,
    ...(opts.connections ? { maxConnections: opts.connections } : {}),
    ...(opts.dkim
      ? { dkim: { domainName: opts.dkim.domainName, keySelector: opts.dkim.keySelector, privateKey: opts.dkim.privateKey } }
      : {}),
  });
  return {
    kind: 'smtp',
    from: opts.from,
    outboxDir: null,
    async send(mail: Mail) {
      try {
        // The message is built whole first and handed over as one buffer: left to stream it,
        // nodemailer writes a newsletter in dozens of small socket writes, which at a
        // thousand messages a second costs more than building it.
        const messageId = mail.messageId ?? `<${randomUUID()}@${domainOf(opts.from)}>`;
        const raw = buildMessage({
          from: opts.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          messageId,
          date: new Date(),
        });
        const info = await transport.sendMail({
          envelope: { from: mail.returnPath ?? addressOf(opts.from), to: [mail.to] },
          raw,
          messageId,
        });
        return { messageId, response: info.response };
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

/** The bare address of a From (`Name <a@b.example>` → a@b.example): the envelope sender. */
function addressOf(from: string): string {
  return /<([^>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}
