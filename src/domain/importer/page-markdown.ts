/**
 * Body paragraphs -> Markdown for the article. The imported text is literal, never markup, so
 * anything that could start Markdown is escaped, and stand-alone quotes become blockquotes with
 * a cite line. Kept apart from parsing because it is a rendering choice: what the parser finds
 * does not depend on how it is written out.
 */
import { collapseSpace } from './page-structure.js';
import type { ParsedParagraph } from './quotes.js';

/** Body paragraphs -> Markdown that renders as literal text; quote paragraphs become blockquotes with an em-dash cite line. */
export function bodyToMarkdown(paragraphs: ParsedParagraph[]): string {
  return paragraphs
    .map((p) => (p.kind === 'quote' ? `> ${escapeMarkdown(p.text)}\n>\n> — ${escapeMarkdown(p.speaker)}` : escapeMarkdown(p.text)))
    .join('\n\n');
}

/**
 * Backslash-escape everything that could start markup. CommonMark lets any ASCII punctuation be
 * escaped, so over-escaping is harmless; under-escaping is not. Inline markers are escaped
 * everywhere; block markers (#, >, -, +, =, "1." / "1)") only matter at the start of the line.
 * Whitespace is collapsed first because a paragraph is one line: an embedded newline could
 * otherwise start a heading or list mid-paragraph.
 */
function escapeMarkdown(text: string): string {
  return collapseSpace(text)
    .replace(/[\\`*_[\]<>&~|!]/g, '\\$&')
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
