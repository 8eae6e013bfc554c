/**
 * Mail the platform sends: one interface, two implementations (smtp-mailer.ts over any SMTP
 * server, outbox-mailer.ts writing .eml files when no server is set), chosen once at start-up.
 * Everything that sends (staff invitations and password links, the newsletter) takes a Mailer.
 */

/** One message to one recipient. */
export interface Mail {
  to: string;
  subject: string;
  /** The plain-text part; every message has one. */
  text: string;
  /** An HTML alternative, when the message has one. */
  html?: string;
  /** Headers beyond those every message gets (Message-ID, Date, From): List-Id, List-Unsubscribe … */
  headers?: Record<string, string>;
  /** The envelope sender (return path) bounces go to, when it is not MAIL_FROM's address (a VERP address). */
  returnPath?: string;
  /**
   * The Message-ID, `<…@domain>`, when the sender fixes it: a newsletter message resent after
   * a crash keeps its id, so mail clients that already have it show it once.
   */
  messageId?: string;
}

/** What the server (or the outbox) said it did with a message. */
export interface Sent {
  messageId: string;
  /** The server's reply to the message (`250 OK …`), or where the outbox wrote it. */
  response: string;
}

export interface Mailer {
  /** `smtp`: an SMTP server takes the mail; `outbox`: it is written to files for the newsroom to read. */
  readonly kind: 'smtp' | 'outbox';
  /** MAIL_FROM: the From of every message; its domain names Message-IDs and return paths. */
  readonly from: string;
  /** The outbox mailer's folder (null for SMTP). */
  readonly outboxDir: string | null;
  /** Sends one message; a refusal or a failure throws a MailNotSent. */
  send(mail: Mail): Promise<Sent>;
  /** Ends pooled connections, once everything handed over has been sent. */
  close(): Promise<void>;
}

/**
 * A message that was not sent. `permanent` when the server refused it for good (a 5xx reply:
 * no such mailbox, rejected as spam), which a sender should not retry; otherwise the same
 * message may go through later (a 4xx reply, a dropped connection, a server that is down).
 */
export class MailNotSent extends Error {
  readonly code: 'MAIL_REFUSED' | 'MAIL_FAILED';
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The SMTP reply code, when the server replied. */
    readonly responseCode: number | null,
  ) {
    super(message);
    this.name = 'MailNotSent';
    this.code = permanent ? 'MAIL_REFUSED' : 'MAIL_FAILED';
  }
}

/** The domain of a From address (`Name <a@b.example>` → b.example), for Message-IDs and return paths. */
export function domainOf(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}
