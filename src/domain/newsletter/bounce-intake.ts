import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import { sameSecret } from '../../kernel/secrets.js';
import { parseInput } from '../../kernel/validation.js';
import type { SiteKeys } from '../site/index.js';
import { findSubscriber } from './subscriber.repository.js';
import type { SubscriberService } from './subscriber.service.js';

/**
 * Bounces and complaints that arrive after a newsletter message was handed over: a mail
 * provider's webhook (JSON events) or a report an MTA pipes in (a DSN, RFC 3464; an ARF
 * complaint, RFC 5965). Each names its recipient by the token the sender put in the VERP
 * return path (`bounces+TOKEN@domain`) and the `X-Despatch-Recipient` header (see
 * recipientToken in sender.ts): the subscriber's compact id and the first 12 characters of
 * its MAC under the site's `newsletter-links` key. The token, not an address in the report,
 * decides who is suppressed, so a report cannot name an address of its own choosing.
 */

/** Events one request may carry: a provider's batch, with room to spare. */
export const MAX_BOUNCE_EVENTS = 1000;

/** What a bounce or complaint event says happened. */
export type BounceKind = 'bounce' | 'complaint';

/** How many events suppressed their subscriber, and how many were not acted on (no valid token, erased, not a failure). */
export interface IntakeAnswer {
  suppressed: number;
  ignored: number;
}

const TOKEN_SOURCE = '[0-9a-f]{32}\\.[A-Za-z0-9_-]{12}';
/** A whole token, as a provider may send it alone. */
const BARE_TOKEN = new RegExp(`^${TOKEN_SOURCE}$`);
/** A VERP address, wherever it stands (`<bounces+…@…>`, `rfc822; bounces+…@…`). */
const VERP_ADDRESS = new RegExp(`\\bbounces\\+(${TOKEN_SOURCE})@`, 'gi');
/** The sender's header, in any header block (the report's own, or the original's it quotes). */
const RECIPIENT_HEADER = new RegExp(`^X-Despatch-Recipient:[ \\t]*(${TOKEN_SOURCE})[ \\t]*\\r?$`, 'gim');
/** Headers a delivering MTA writes the envelope recipient into (Postfix, Exim, qmail, Sendmail …). */
const ENVELOPE_HEADERS = new Set(['envelope-to', 'x-envelope-to', 'x-original-to', 'delivered-to', 'to']);

const eventSchema = z.object({
  type: z.enum(['bounce', 'complaint'], { error: 'must be "bounce" or "complaint"' }),
  recipient: z
    .string({ error: 'must be the return path (bounces+TOKEN@domain) or the token alone' })
    .trim()
    .min(1, 'must be the return path (bounces+TOKEN@domain) or the token alone')
    .max(500, 'is too long to be a return path'),
  detail: z.string({ error: 'must be text' }).max(2000, 'must be at most 2000 characters').optional(),
});

export const bounceEventsSchema = z.object({
  events: z
    .array(eventSchema, { error: 'must be a list of events' })
    .max(MAX_BOUNCE_EVENTS, `may hold at most ${MAX_BOUNCE_EVENTS} events; send the rest in another request`),
});

/** The token in a recipient as a provider reports it: the return path, or the token alone. */
export function tokenIn(recipient: string): string | null {
  const trimmed = recipient.trim();
  if (BARE_TOKEN.test(trimmed)) return trimmed;
  return [...trimmed.matchAll(VERP_ADDRESS)][0]?.[1] ?? null;
}

/**
 * A detail fit to keep beside a suppression, which holds no address (only a keyed hash):
 * addresses a server quoted ("550 5.1.1 <reader@example.org> unknown") are blanked.
 */
export function scrubbedDetail(detail: string): string {
  return detail
    .replace(/[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g, '[address]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** What a piped-in report turned out to be. */
export interface MailReport {
  /** `bounce`: a permanent failure (Action failed, Status 5.x.x); `complaint`: a feedback report; `none`: anything else (a delay, a success, not a report). */
  kind: BounceKind | 'none';
  /** Candidate tokens, most trusted first: the envelope recipient, then the original's header, then any return path it quotes. */
  tokens: string[];
  /** The server's words (status and diagnostic) or the complaint's type and reporter, addresses blanked. */
  detail: string;
}

/** `Name: value` fields of a report block (RFC 822 syntax), folded lines joined, names lower-cased; the first of each name wins. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const found = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (found && !fields.has(found[1]!.toLowerCase())) fields.set(found[1]!.toLowerCase(), found[2]!.trim());
  }
  return fields;
}

/** A DSN's verdict: its per-recipient blocks (after the per-message one) each have an Action and a Status. */
function deliveryStatus(body: string): { permanent: boolean; detail: string } {
  const blocks = body
    .split(/\r?\n(?:[ \t]*\r?\n)+/)
    .map(fieldsOf)
    .filter((f) => f.has('action'));
  // A failure for good: Action failed with a 5.x.x status. A 4.x.x, even with Action failed
  // (an MTA that gave up retrying), says nothing lasting about the address.
  const failed = blocks.find((f) => f.get('action')!.toLowerCase() === 'failed' && /^5\.\d{1,3}\.\d{1,3}\b/.test(f.get('status') ?? ''));
  const shown = failed ?? blocks[0];
  if (!shown) return { permanent: false, detail: '' };
  const status = shown.get('status') ?? 'no status';
  const diagnostic = shown.get('diagnostic-code');
  return { permanent: failed !== undefined, detail: `Status ${status}${diagnostic ? `: ${diagnostic}` : ''}` };
}

/**
 * Reads a DSN or an ARF report (mailparser) for what it reports and whom it names. The
 * token is looked for in the report's envelope headers (Delivered-To, X-Original-To …: the
 * VERP address it was delivered to), then in an `X-Despatch-Recipient` header or a return
 * path anywhere in the message: the raw text covers an attached original however mailparser
 * files it (message/rfc822, text/rfc822-headers, inline), the decoded parts one sent encoded.
 */
export async function readReport(raw: Buffer | string): Promise<MailReport> {
  // mailparser is loaded when the first report arrives.
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, {
    keepDeliveryStatus: true,
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const texts = [
    Buffer.isBuffer(raw) ? raw.toString('latin1') : raw,
    mail.text ?? '',
    ...mail.attachments.map((a) => a.content.toString('utf8')),
  ];
  const tokens = new Set<string>();
  for (const header of mail.headerLines)
    if (ENVELOPE_HEADERS.has(header.key)) for (const m of header.line.matchAll(VERP_ADDRESS)) tokens.add(m[1]!);
  for (const text of texts) for (const m of text.matchAll(RECIPIENT_HEADER)) tokens.add(m[1]!);
  for (const text of texts) for (const m of text.matchAll(VERP_ADDRESS)) tokens.add(m[1]!);

  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType =
    contentType?.value?.toLowerCase() === 'multipart/report' ? (contentType.params?.['report-type'] ?? '').toLowerCase() : '';
  const part = (...types: string[]) => mail.attachments.find((a) => types.includes(a.contentType.toLowerCase()))?.content.toString('utf8');

  if (reportType === 'feedback-report') {
    const fields = fieldsOf(part('message/feedback-report') ?? '');
    const feedbackType = (fields.get('feedback-type') ?? 'abuse').toLowerCase();
    // "not-spam" reports a message wrongly filed as spam: the opposite of a complaint.
    if (feedbackType === 'not-spam') return { kind: 'none', tokens: [...tokens], detail: '' };
    const reporter = fields.get('user-agent') ?? fields.get('reporting-mta') ?? 'a mailbox provider';
    return { kind: 'complaint', tokens: [...tokens], detail: scrubbedDetail(`Feedback-Type ${feedbackType} from ${reporter}`) };
  }
  if (reportType === 'delivery-status') {
    const status = deliveryStatus(part('message/delivery-status', 'message/global-delivery-status') ?? '');
    return { kind: status.permanent ? 'bounce' : 'none', tokens: [...tokens], detail: scrubbedDetail(status.detail) };
  }
  return { kind: 'none', tokens: [...tokens], detail: '' };
}

/** The intake: turns reports naming a recipient token into suppressions (`subscribers.suppress`). */
export function createBounceIntake(deps: { db: Executor; keys: SiteKeys; subscribers: Pick<SubscriberService, 'suppress'> }) {
  const { db, keys } = deps;

  /** The subscriber a token names, when its MAC is the site's (compared in constant time) and they are not erased. */
  async function subscriberOf(token: string): Promise<{ subscriberId: string; email: string } | null> {
    const [compact, mac] = token.split('.') as [string, string];
    // The token carries a 12-character prefix of the MAC, so SiteKeys.verify (whole MACs) does not apply.
    const expected = (await keys.mac('newsletter-links', `bounce:${compact}`)).slice(0, 12);
    if (!sameSecret(expected, mac)) return null;
    const id = `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
    const row = await findSubscriber(db, id);
    return row ? { subscriberId: row.subscriber_id, email: row.email } : null;
  }

  /** Suppresses the first candidate that names a subscriber; false when none does. */
  async function suppressFirst(tokens: string[], kind: BounceKind, detail: string): Promise<boolean> {
    for (const token of tokens) {
      const subscriber = await subscriberOf(token);
      if (!subscriber) continue;
      await deps.subscribers.suppress({ ...subscriber, reason: kind === 'complaint' ? 'complained' : 'bounced', detail });
      return true;
    }
    return false;
  }

  return {
    /**
     * Events as a provider's webhook or a script sends them: `{ events: [{ type, recipient,
     * detail? }] }`, at most 1000; a malformed event refuses the whole request (422, naming
     * its index) before anything is written. A `bounce` is taken as permanent: send no delays.
     */
    async recordEvents(input: unknown): Promise<IntakeAnswer> {
      const { events } = parseInput(bounceEventsSchema, input);
      const answer: IntakeAnswer = { suppressed: 0, ignored: 0 };
      for (const event of events) {
        const token = tokenIn(event.recipient);
        const detail =
          scrubbedDetail(event.detail ?? '') ||
          (event.type === 'complaint' ? 'Reported as spam by the recipient.' : 'Reported as a permanent failure.');
        if (token && (await suppressFirst([token], event.type, detail))) answer.suppressed++;
        else answer.ignored++;
      }
      return answer;
    },

    /** One report as an MTA pipes it (a DSN or an ARF complaint): one event, suppressed or ignored. */
    async recordMessage(raw: Buffer | string): Promise<IntakeAnswer> {
      const report = await readReport(raw);
      if (report.kind === 'none') return { suppressed: 0, ignored: 1 };
      const detail =
        report.detail || (report.kind === 'complaint' ? 'Reported as spam by the recipient.' : 'A permanent delivery failure.');
      return (await suppressFirst(report.tokens, report.kind, detail)) ? { suppressed: 1, ignored: 0 } : { suppressed: 0, ignored: 1 };
    },
  };
}

export type BounceIntake = ReturnType<typeof createBounceIntake>;
