import { escapeHtml } from '../../kernel/html-escape.js';
import MarkdownIt from 'markdown-it';
import { invalid } from '../../kernel/errors.js';

/**
 * Ghost's editor documents (Lexical, and Mobiledoc before it) as HTML, for the one converter
 * every imported body goes through. Used when a post in the export has no `html` of its own.
 * Every bit of text is escaped as it is written out; only an HTML card's own markup passes as
 * markup, and the converter drops scripts and the like from it as from any post.
 */

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// A Markdown card's text, as HTML: raw HTML in it stays text, as in any body.
const markdownCards = new MarkdownIt({ html: false, linkify: false });

const link = (url: string, text: string) => (url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(text || url)}</a></p>` : '');
const figure = (src: string, alt: string, captionHtml: string) =>
  src
    ? `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(alt)}">${captionHtml ? `<figcaption>${captionHtml}</figcaption>` : ''}</figure>`
    : '';

/**
 * A card (a Mobiledoc card, or a Lexical decorator node: they carry the same fields) as HTML.
 * Cards for members, email and payment are dropped: they are not part of the article.
 */
function cardHtml(name: string, payload: Record<string, unknown>, dropped: Set<string>): string {
  switch (name) {
    case 'image':
      return figure(str(payload.src), str(payload.alt), str(payload.caption));
    case 'gallery':
      return `<figure>${list(payload.images)
        .filter(isRecord)
        .map((img) => `<img src="${escapeHtml(str(img.src))}" alt="${escapeHtml(str(img.alt))}">`)
        .join('')}${str(payload.caption) ? `<figcaption>${str(payload.caption)}</figcaption>` : ''}</figure>`;
    case 'html':
      return str(payload.html);
    case 'markdown':
    case 'card-markdown':
      return markdownCards.render(str(payload.markdown));
    case 'hr':
    case 'horizontalrule':
      return '<hr>';
    case 'code':
    case 'codeblock':
      return `<pre><code>${escapeHtml(str(payload.code))}</code></pre>`;
    case 'embed':
      return link(str(payload.url), str((payload.metadata as Record<string, unknown> | undefined)?.title));
    case 'bookmark':
      return link(str(payload.url), str((payload.metadata as Record<string, unknown> | undefined)?.title));
    case 'button':
      return link(str(payload.buttonUrl), str(payload.buttonText));
    case 'callout':
      return `<blockquote><p>${escapeHtml(str(payload.calloutEmoji))} ${str(payload.calloutText)}</p></blockquote>`;
    case 'toggle':
      return `<p><strong>${str(payload.heading)}</strong></p>${str(payload.content)}`;
    case 'header':
      return `<h2>${str(payload.header) || str(payload.heading)}</h2><p>${str(payload.subheader) || str(payload.subheading)}</p>`;
    case 'video':
    case 'audio':
    case 'file':
      return link(
        str(payload.src),
        str(payload.title) || str(payload.fileName) || (name === 'video' ? 'Video' : name === 'audio' ? 'Audio' : 'File'),
      );
    default:
      dropped.add(name);
      return '';
  }
}

/** Lexical's text format bits. */
const BOLD = 1;
const ITALIC = 2;
const STRIKE = 4;
const CODE = 16;

function lexicalText(node: Record<string, unknown>): string {
  let html = escapeHtml(str(node.text));
  const format = typeof node.format === 'number' ? node.format : 0;
  if (format & CODE) html = `<code>${html}</code>`;
  if (format & BOLD) html = `<strong>${html}</strong>`;
  if (format & ITALIC) html = `<em>${html}</em>`;
  if (format & STRIKE) html = `<s>${html}</s>`;
  return html;
}

function lexicalNode(node: unknown, dropped: Set<string>): string {
  if (!isRecord(node)) return '';
  const children = () =>
    list(node.children)
      .map((c) => lexicalNode(c, dropped))
      .join('');
  const type = str(node.type);
  switch (type) {
    case 'root':
      return children();
    case 'paragraph':
      return `<p>${children()}</p>`;
    case 'heading':
    case 'extended-heading': {
      const tag = /^h[1-6]$/.test(str(node.tag)) ? str(node.tag) : 'h2';
      return `<${tag}>${children()}</${tag}>`;
    }
    case 'quote':
    case 'extended-quote':
    case 'aside':
      return `<blockquote>${children()}</blockquote>`;
    case 'list': {
      const tag = node.listType === 'number' || node.tag === 'ol' ? 'ol' : 'ul';
      return `<${tag}>${children()}</${tag}>`;
    }
    case 'listitem':
      return `<li>${children()}</li>`;
    case 'link':
    case 'autolink':
    case 'at-link':
      return `<a href="${escapeHtml(str(node.url))}">${children()}</a>`;
    case 'text':
    case 'extended-text':
      return lexicalText(node);
    case 'linebreak':
      return '<br>';
    case 'tab':
      return ' ';
    default:
      // Containers Ghost adds later keep their text; decorator nodes are cards.
      return Array.isArray(node.children) ? children() : cardHtml(type, node, dropped);
  }
}

/** Mobiledoc's section kinds. */
const MARKUP_SECTION = 1;
const IMAGE_SECTION = 2;
const LIST_SECTION = 3;
const CARD_SECTION = 10;

function mobiledocMarkers(markers: unknown[], doc: { markups: unknown[]; atoms: unknown[] }): string {
  const open: string[] = [];
  let html = '';
  for (const marker of markers) {
    const [kind, opens, closes, value] = list(marker);
    for (const index of list(opens)) {
      const [tag, attrs] = list(doc.markups[Number(index)]);
      const name = /^(a|b|strong|i|em|code|s|del|sub|sup|u)$/i.test(str(tag)) ? str(tag).toLowerCase() : 'span';
      const pairs = list(attrs);
      const href = name === 'a' ? str(pairs[pairs.indexOf('href') + 1]) : '';
      html += name === 'a' ? `<a href="${escapeHtml(href)}">` : `<${name}>`;
      open.push(name);
    }
    // An atom (a mention, a soft return) shows its text.
    html +=
      kind === 1
        ? str(list(doc.atoms[Number(value)])[0]) === 'soft-return'
          ? '<br>'
          : escapeHtml(str(list(doc.atoms[Number(value)])[1]))
        : escapeHtml(str(value));
    for (let i = 0; i < Number(closes ?? 0) && open.length > 0; i++) html += `</${open.pop()}>`;
  }
  while (open.length > 0) html += `</${open.pop()}>`;
  return html;
}

function mobiledocHtml(doc: Record<string, unknown>, dropped: Set<string>): string {
  const parts = { markups: list(doc.markups), atoms: list(doc.atoms) };
  const cards = list(doc.cards);
  return list(doc.sections)
    .map((section) => {
      const [kind, a, b] = list(section);
      if (kind === MARKUP_SECTION) {
        const tag = /^(p|h[1-6]|blockquote|aside|pull-quote)$/i.test(str(a)) ? str(a).toLowerCase() : 'p';
        const html = mobiledocMarkers(list(b), parts);
        return tag === 'aside' || tag === 'pull-quote' ? `<blockquote><p>${html}</p></blockquote>` : `<${tag}>${html}</${tag}>`;
      }
      if (kind === IMAGE_SECTION) return figure(str(a), '', '');
      if (kind === LIST_SECTION) {
        const tag = str(a).toLowerCase() === 'ol' ? 'ol' : 'ul';
        return `<${tag}>${list(b)
          .map((item) => `<li>${mobiledocMarkers(list(item), parts)}</li>`)
          .join('')}</${tag}>`;
      }
      if (kind === CARD_SECTION) {
        const [name, payload] = list(cards[Number(a)]);
        return cardHtml(str(name), isRecord(payload) ? payload : {}, dropped);
      }
      return '';
    })
    .join('\n');
}

/** A document Ghost stored as a JSON string, parsed; a broken one fails only its own post. */
function parseDocument(json: string, what: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw invalid('EXPORT_ITEM_INVALID', `Its ${what} content is not valid JSON, so its text cannot be read.`);
  }
  if (!isRecord(doc)) throw invalid('EXPORT_ITEM_INVALID', `Its ${what} content is not a ${what} document.`);
  return doc;
}

/** How the report names a card that was left out: "a paywall card", "an email-cta card". */
const cardWords = (name: string) => `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name} card`;

/** A Lexical document (Ghost 5's editor) as HTML, and the cards it dropped. */
export function lexicalToHtml(json: string): { html: string; dropped: string[] } {
  const doc = parseDocument(json, 'Lexical');
  const dropped = new Set<string>();
  return { html: lexicalNode(doc.root, dropped), dropped: [...dropped].map(cardWords) };
}

/** A Mobiledoc document (Ghost 1–4's editor) as HTML, and the cards it dropped. */
export function mobiledocToHtml(json: string): { html: string; dropped: string[] } {
  const doc = parseDocument(json, 'Mobiledoc');
  const dropped = new Set<string>();
  return { html: mobiledocHtml(doc, dropped), dropped: [...dropped].map(cardWords) };
}
