import { escapeHtml } from '../../kernel/html-escape.js';
import type { Mail } from '../../mail/index.js';
import { emailHtml, link, para } from './email-layout.js';
import type { Digest, EditionStory } from './edition.js';

/** What every recipient of an issue shares. */
export interface IssueFace {
  outlet: string;
  siteUrl: string;
  subject: string;
  /** Plain text; blank lines part paragraphs. */
  intro: string;
}

/** What is the recipient's own: the links that act on their subscription, and the ids that trace their message. */
export interface Personal {
  to: string;
  manageUrl: string;
  /** The one-click unsubscribe address (RFC 8058), also a page with a button. */
  unsubscribeUrl: string;
  messageId: string;
  returnPath: string;
  /** Names the recipient in complaint reports, which quote the headers but not the envelope. */
  recipientToken: string;
  listId: string;
}

/** The parts of a digest rendered once for every recipient who shares its choices. */
export interface RenderedDigest {
  text: string;
  body: string;
}

const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

function storyHtml(s: EditionStory, lead = false): string {
  const picture =
    lead && s.image
      ? `<a href="${escapeHtml(s.url)}"><img src="${escapeHtml(s.image.url)}" alt="${escapeHtml(s.image.alt)}" width="544" ` +
        `height="${Math.round((544 * s.image.height) / s.image.width)}" style="display:block;width:100%;max-width:544px;height:auto;margin:0 0 12px;border:0;"></a>`
      : '';
  return (
    picture +
    `<p style="margin:0 0 4px;font-size:${lead ? 24 : 19}px;line-height:1.25;font-weight:700;">` +
    `<a href="${escapeHtml(s.url)}" class="tx" style="color:#1c1c1c;text-decoration:none;">${escapeHtml(s.headline)}</a></p>` +
    (s.standfirst ? `<p class="mu" style="margin:0 0 18px;font-size:15px;color:#555555;">${escapeHtml(s.standfirst)}</p>` : '')
  );
}

const storyText = (s: EditionStory) => `${s.headline}\n${s.standfirst ? `${s.standfirst}\n` : ''}${s.url}\n`;

/** The shared body of a digest, as HTML and as text. */
export function renderDigest(face: IssueFace, digest: Digest): RenderedDigest {
  const intro = paragraphs(face.intro);
  let body = intro.map(para).join('');
  let text = intro.map((p) => `${p}\n\n`).join('');
  if (digest.lead) {
    body += storyHtml(digest.lead, true);
    text += `${storyText(digest.lead)}\n`;
  }
  for (const block of digest.blocks) {
    body +=
      `<h2 style="margin:28px 0 12px;padding-top:8px;border-top:2px solid #1c1c1c;font-size:14px;letter-spacing:0.06em;text-transform:uppercase;">${escapeHtml(block.heading)}</h2>` +
      block.stories.map((s) => storyHtml(s)).join('');
    text += `== ${block.heading} ==\n\n${block.stories.map(storyText).join('\n')}\n`;
  }
  if (!digest.lead && !digest.blocks.length) {
    body += para('No new stories in your sections this time.');
    text += 'No new stories in your sections this time.\n\n';
  }
  return { text, body };
}

/** One recipient's message: the shared digest, their own links, and the headers mailbox providers ask bulk senders for. */
export function digestMail(face: IssueFace, rendered: RenderedDigest, p: Personal): Mail {
  const footer =
    `You receive this because you signed up at ${link(face.siteUrl + '/', face.siteUrl.replace(/^https?:\/\//, ''))}. ` +
    `${link(p.manageUrl, 'Change what you receive or pause')} · ${link(p.unsubscribeUrl, 'Unsubscribe')}`;
  return {
    to: p.to,
    subject: face.subject,
    text:
      `${rendered.text}--\nYou receive this because you signed up at ${face.siteUrl}/.\n` +
      `Change what you receive or pause: ${p.manageUrl}\nUnsubscribe: ${p.unsubscribeUrl}\n`,
    html: emailHtml({
      outlet: face.outlet,
      siteUrl: face.siteUrl,
      preheader: paragraphs(face.intro)[0] ?? face.subject,
      body: rendered.body,
      footer,
    }),
    messageId: p.messageId,
    returnPath: p.returnPath,
    headers: {
      'List-Id': p.listId,
      'List-Unsubscribe': `<${p.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Despatch-Recipient': p.recipientToken,
      Precedence: 'bulk',
      'Auto-Submitted': 'auto-generated',
    },
  };
}
