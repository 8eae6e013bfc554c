import type { AddressObject, ParsedMail } from 'mailparser';
import { notFound } from '../../kernel/errors.js';
import { listOutbox, readOutboxFile, type Mailer } from '../../mail/index.js';
import { assertCan, type Actor } from '../access/index.js';

/**
 * The outbox, read in the newsroom: when no SMTP server is set, every message the platform
 * sends is a file there, and this is how an admin reads one (an invitation to pass on by hand,
 * a subscriber's confirmation while trying the newsletter out). Admins only, as staff
 * management is: the messages hold one-time links to accounts.
 */

/** A message as the outbox list shows it. */
export interface OutboxSummary {
  name: string;
  to: string;
  subject: string;
  writtenAt: Date;
}

/** One message in full: its headers as written, its text, and its HTML part if it has one. */
export interface OutboxMessage extends OutboxSummary {
  from: string;
  messageId: string | null;
  headers: Array<{ name: string; value: string }>;
  text: string;
  html: string | null;
}

/** How many of the newest messages the list shows. */
const LISTED = 100;

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  [a ?? []]
    .flat()
    .map((x) => x.text)
    .join(', ');

export function createSentMailService(deps: { mailer: Mailer }) {
  const dir = deps.mailer.outboxDir;

  async function parsed(name: string): Promise<ParsedMail | null> {
    if (!dir) return null;
    const raw = await readOutboxFile(dir, name);
    // mailparser is loaded when an admin first reads the outbox.
    return raw ? (await import('mailparser')).simpleParser(raw) : null;
  }

  return {
    /** True when mail goes to the outbox (no SMTP_URL): otherwise there is nothing here to read. */
    usesOutbox: dir !== null,

    /** The newest messages, newest first. */
    async list(actor: Actor): Promise<OutboxSummary[]> {
      assertCan(actor, 'staff.manage');
      if (!dir) return [];
      const files = await listOutbox(dir, LISTED);
      const out: OutboxSummary[] = [];
      for (const f of files) {
        const mail = await parsed(f.name);
        if (mail) out.push({ name: f.name, to: addresses(mail.to), subject: mail.subject ?? '(no subject)', writtenAt: f.writtenAt });
      }
      return out;
    },

    /** A message's bytes as written (an .eml file), or OUTBOX_MESSAGE_NOT_FOUND. */
    async raw(actor: Actor, name: string): Promise<Buffer> {
      assertCan(actor, 'staff.manage');
      const raw = dir ? await readOutboxFile(dir, name) : null;
      if (!raw) throw notFound('OUTBOX_MESSAGE_NOT_FOUND', 'There is no such message in the outbox.');
      return raw;
    },

    /** One message, or OUTBOX_MESSAGE_NOT_FOUND. */
    async read(actor: Actor, name: string): Promise<OutboxMessage> {
      assertCan(actor, 'staff.manage');
      const mail = await parsed(name);
      if (!mail) throw notFound('OUTBOX_MESSAGE_NOT_FOUND', 'There is no such message in the outbox.');
      return {
        name,
        to: addresses(mail.to),
        from: addresses(mail.from),
        subject: mail.subject ?? '(no subject)',
        writtenAt: mail.date ?? new Date(0),
        messageId: mail.messageId ?? null,
        headers: mail.headerLines.map((h) => ({
          name: h.line.slice(0, h.line.indexOf(':')),
          value: h.line.slice(h.line.indexOf(':') + 1).trim(),
        })),
        text: mail.text ?? '',
        html: typeof mail.html === 'string' ? mail.html : null,
      };
    },
  };
}

export type SentMailService = ReturnType<typeof createSentMailService>;
