import { escapeHtml } from '../../kernel/html-escape.js';

/**
 * The HTML shell of every newsletter email. Mail clients are not browsers: Outlook lays out
 * tables only, Gmail drops <style> in some views, so layout is a single centred table and
 * every style is inline. Colours are off-white and near-black rather than pure, and the
 * colour-scheme meta tags let clients that darken mail do so without inverting text on
 * text; the one <style> block only adds a dark palette where it is honoured.
 */
export interface EmailShell {
  outlet: string;
  /** The line inboxes show beside the subject; hidden in the message itself. */
  preheader: string;
  /** The message's own markup: paragraphs, headings and links built with the helpers below. */
  body: string;
  /** Small print at the foot: why this came, the manage and unsubscribe links. */
  footer: string;
  siteUrl: string;
}

const FONT = "font-family:Georgia,'Times New Roman',serif;";
// Single quotes inside: every style sits in a double-quoted attribute.
const SANS = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,sans-serif;";
const TEXT = 'color:#1c1c1c;';
const MUTED = 'color:#555555;';
const LINK = 'color:#0b4f8a;';

export function emailHtml(e: EmailShell): string {
  return (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">' +
    `<title>${escapeHtml(e.outlet)}</title>` +
    '<style>@media (prefers-color-scheme: dark){.bg{background:#121212!important}.card{background:#1e1e1e!important}' +
    '.tx{color:#e8e8e8!important}.mu{color:#b0b0b0!important}.ln{color:#8cc4ff!important}}</style></head>' +
    `<body class="bg" style="margin:0;padding:0;background:#f3f1ec;">` +
    `<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(e.preheader)}</div>` +
    '<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" class="bg" style="background:#f3f1ec;"><tr><td align="center" style="padding:24px 12px;">' +
    '<table role="presentation" width="600" cellspacing="0" cellpadding="0" border="0" class="card" style="width:100%;max-width:600px;background:#fffefb;">' +
    `<tr><td style="padding:20px 28px;border-bottom:3px solid #b3121f;"><a href="${escapeHtml(e.siteUrl)}/" class="tx" style="${SANS}${TEXT}font-size:20px;font-weight:700;text-decoration:none;">${escapeHtml(e.outlet)}</a></td></tr>` +
    `<tr><td class="tx" style="padding:24px 28px;${FONT}${TEXT}font-size:17px;line-height:1.5;">${e.body}</td></tr>` +
    `<tr><td class="mu" style="padding:16px 28px 24px;border-top:1px solid #dddddd;${SANS}${MUTED}font-size:13px;line-height:1.5;">${e.footer}</td></tr>` +
    '</table></td></tr></table></body></html>'
  );
}

/** A paragraph of plain text. */
export const para = (text: string): string => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;

/** A link in running text or the footer. */
export const link = (href: string, text: string): string =>
  `<a href="${escapeHtml(href)}" class="ln" style="${LINK}">${escapeHtml(text)}</a>`;

/** The one thing to press: a bordered link that looks like a button in every client (no images, no VML). */
export const button = (href: string, text: string): string =>
  `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="margin:8px 0 24px;"><tr>` +
  `<td style="background:#0b4f8a;border-radius:4px;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 22px;${SANS}font-size:16px;font-weight:700;color:#ffffff;text-decoration:none;">${escapeHtml(text)}</a></td>` +
  '</tr></table>';

/** A list of plain-text lines. */
export const list = (items: string[]): string =>
  `<ul style="margin:0 0 16px;padding-left:22px;">${items.map((i) => `<li style="margin:0 0 6px;">${escapeHtml(i)}</li>`).join('')}</ul>`;
