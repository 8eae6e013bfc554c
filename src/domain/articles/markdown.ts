import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { trustRenderedHtml, type SanitizedHtml } from '../../kernel/sanitized-html.js';
import { pictureSources, type LibraryPicture, type Picture } from '../media/index.js';

/** Link schemes a body may use; anything else (javascript:, data:, vbscript:) is dropped. */
const SAFE_LINK = /^(https?:|mailto:|\/(?!\/)|#|media:[0-9a-f-]{36}$)/i;

/** How a body names a library picture: `![alt](media:ID)`. */
const MEDIA_REF = /^media:([0-9a-f-]{36})$/i;
/** The library picture an image's address names, or null (an address elsewhere: never shown). */
export const mediaIdOf = (src: string | null | undefined): string | null => MEDIA_REF.exec((src ?? '').trim())?.[1]?.toLowerCase() ?? null;

/** How wide a body picture is drawn: the article column, or the whole screen on a phone. */
const BODY_PICTURE_SIZES = '(min-width: 64rem) 42rem, 100vw';

/** A pull quote shown beside the paragraph it comes from. */
export interface PullQuoteInput {
  text: string;
  speaker: string;
}

// html: false is the security boundary: raw HTML in a body is shown as text, never markup.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
md.validateLink = (url) => SAFE_LINK.test(url.trim());
// markdown-it does not export its Token class as a value; take it from a parsed token.
const TokenClass = md.parse('x', {})[0]!.constructor as typeof Token;

// The headline is the page's only <h1>: a body's "# Heading" becomes an <h2>.
md.core.ruler.push('demote_h1', (state) => {
  for (const token of state.tokens)
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') token.tag = 'h2';
});

/**
 * A blockquote whose last paragraph starts with an em dash names its speaker:
 * render that paragraph as `<footer><cite>Name</cite></footer>`.
 */
md.core.ruler.push('quote_cite', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'blockquote_close') continue;
    // Pattern before a blockquote_close: paragraph_open, inline, paragraph_close.
    const open = tokens[i - 3];
    const inline = tokens[i - 2];
    const close = tokens[i - 1];
    if (open?.type !== 'paragraph_open' || inline?.type !== 'inline' || close?.type !== 'paragraph_close') continue;
    const match = /^[—–]\s*(.+)$/.exec(inline.content);
    if (!match || i - 4 < 0 || tokens[i - 4]!.type === 'blockquote_open') continue;
    const footerOpen = new state.Token('footer_open', 'footer', 1);
    const citeOpen = new state.Token('cite_open', 'cite', 1);
    const text = new state.Token('text', '', 0);
    text.content = match[1]!.trim();
    const citeClose = new state.Token('cite_close', 'cite', -1);
    const footerClose = new state.Token('footer_close', 'footer', -1);
    tokens.splice(i - 3, 3, footerOpen, citeOpen, text, citeClose, footerClose);
    i += 2;
  }
});

/**
 * Pictures in a body. A paragraph holding nothing but one picture becomes a `<figure>` with
 * its caption and credit; a picture inside a sentence stays inline. A link to `media:` is not
 * a link anywhere on the web, so its text is kept and the link dropped.
 */
md.core.ruler.push('body_pictures', (state) => {
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const inline = tokens[i]!;
    if (inline.type !== 'inline' || !inline.children) continue;
    for (let c = 0; c < inline.children.length; c++) {
      const child = inline.children[c]!;
      if (child.type !== 'link_open' || !mediaIdOf(String(child.attrGet('href') ?? ''))) continue;
      child.hidden = true;
      const close = inline.children.slice(c).find((t) => t.type === 'link_close' && t.level === child.level);
      if (close) close.hidden = true;
    }
    const open = tokens[i - 1];
    const close = tokens[i + 1];
    const meaningful = inline.children.filter((t) => !(t.type === 'text' && t.content.trim() === '') && t.type !== 'softbreak');
    if (
      open?.type === 'paragraph_open' &&
      close?.type === 'paragraph_close' &&
      meaningful.length === 1 &&
      meaningful[0]!.type === 'image'
    ) {
      open.hidden = true;
      close.hidden = true;
      meaningful[0]!.meta = { figure: true };
    }
  }
});

const escape = md.utils.escapeHtml;

/** A picture's `<picture>` markup, escaped throughout (the reader site's PictureElement, as a string). */
export function pictureMarkup(picture: Picture, alt: string, sizes: string): string {
  const { sources, src, srcset } = pictureSources(picture);
  return (
    '<picture>' +
    sources.map((s) => `<source type="${escape(s.type)}" srcset="${escape(s.srcset)}" sizes="${escape(sizes)}">`).join('') +
    `<img src="${escape(src)}" srcset="${escape(srcset)}" sizes="${escape(sizes)}" alt="${escape(alt)}" width="${picture.width}" height="${picture.height}" loading="lazy" decoding="async">` +
    '</picture>'
  );
}

md.renderer.rules.image = (tokens, idx, _options, env) => {
  const token = tokens[idx]!;
  const id = mediaIdOf(String(token.attrGet('src') ?? ''));
  const found = id ? (env as RenderEnv | undefined)?.pictures?.get(id) : undefined;
  // Only library pictures are shown: an address elsewhere would hot-link, and a missing one has nothing to show.
  if (!found?.full) return '';
  const alt = plainText(token).trim() || found.alt;
  const picture = pictureMarkup(found.full, alt, BODY_PICTURE_SIZES);
  if (!token.meta?.figure) return picture;
  const caption = String(token.attrGet('title') ?? '').trim() || found.caption;
  const words =
    caption || found.credit
      ? `<figcaption>${escape(caption)}${found.credit ? `${caption ? ' ' : ''}<span class="credit">${escape(found.credit)}</span>` : ''}</figcaption>`
      : '';
  return `<figure class="body-picture">${picture}${words}</figure>`;
};

/** What a render is given besides the Markdown (markdown-it's `env`). */
interface RenderEnv {
  pictures?: ReadonlyMap<string, LibraryPicture>;
  [key: string]: unknown;
}

/** The pictures a body shows: library ones by id (with the alt text written in the body), and addresses elsewhere. */
export function bodyPictures(markdown: string): { library: Array<{ id: string; alt: string }>; elsewhere: string[] } {
  const library: Array<{ id: string; alt: string }> = [];
  const elsewhere: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.type === 'image') {
        const src = String(t.attrGet('src') ?? '');
        const id = mediaIdOf(src);
        if (id) library.push({ id, alt: plainText(t).trim() });
        else elsewhere.push(src);
      }
      if (t.children) walk(t.children);
    }
  };
  walk(md.parse(markdown, {}));
  return { library, elsewhere };
}

const normalise = (s: string) =>
  s
    .replace(/[“”"‘’']/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

/** The words of an inline token as a reader sees them: escapes resolved, markup dropped. */
function plainText(inline: Token | undefined): string {
  if (!inline?.children) return inline?.content ?? '';
  return inline.children
    .map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : ''))
    .join('');
}

/** How much of a paragraph a quote may be before lifting it out as a pull quote would only repeat it. */
const MOSTLY_QUOTE = 0.6;

/**
 * Inserts each pull quote after the first top-level paragraph that contains its words, unless
 * the quote is most of that paragraph (it would repeat it).
 */
function withPullQuotes(tokens: Token[], quotes: PullQuoteInput[]): Token[] {
  if (quotes.length === 0) return tokens;
  const pending = quotes.map((q) => ({ ...q, key: normalise(q.text) }));
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    out.push(token);
    if (token.type !== 'paragraph_close' || token.level !== 0) continue;
    const content = normalise(plainText(tokens[i - 1]));
    for (let q = 0; q < pending.length; q++) {
      const quote = pending[q]!;
      if (!content.includes(quote.key)) continue;
      pending.splice(q--, 1);
      // A paragraph that is mostly the quote already shows it: lifting it out would repeat
      // the paragraph just above word for word.
      if (quote.key.length >= content.length * MOSTLY_QUOTE) continue;
      out.push(...pullQuoteTokens(quote));
    }
  }
  return out;
}

function pullQuoteTokens(quote: PullQuoteInput): Token[] {
  const make = (type: string, tag: string, nesting: -1 | 0 | 1, content = '') => {
    const t = new TokenClass(type, tag, nesting);
    t.content = content;
    return t;
  };
  // Only the aside is a block: markdown-it puts a newline after block tokens, none inside.
  const aside = Object.assign(make('aside_open', 'aside', 1), { block: true });
  aside.attrSet('class', 'pull-quote');
  // The words are already in the body; a screen reader should not hear them twice.
  aside.attrSet('aria-hidden', 'true');
  const p = make('paragraph_open', 'p', 1);
  const text = make('text', '', 0, quote.text);
  return [
    aside,
    p,
    text,
    make('paragraph_close', 'p', -1),
    make('footer_open', 'footer', 1),
    make('cite_open', 'cite', 1),
    make('text', '', 0, quote.speaker),
    make('cite_close', 'cite', -1),
    make('footer_close', 'footer', -1),
    Object.assign(make('aside_close', 'aside', -1), { block: true }),
  ];
}

/**
 * Renders an article body. Quotes that already stand as a blockquote in the body are not
 * repeated; the others appear as pull quotes after their paragraph.
 */
export function renderBody(
  markdown: string,
  pullQuotes: PullQuoteInput[] = [],
  pictures: ReadonlyMap<string, LibraryPicture> = new Map(),
): SanitizedHtml {
  // markdown-it types its env as any-keyed; ours carries the pictures the image rule draws.
  const env = { pictures } as RenderEnv as Record<string, any>;
  const tokens = md.parse(markdown, env);
  const inBlockquotes = new Set<string>();
  let depth = 0;
  for (const t of tokens) {
    if (t.type === 'blockquote_open') depth++;
    else if (t.type === 'blockquote_close') depth--;
    else if (depth > 0 && t.type === 'inline') inBlockquotes.add(normalise(plainText(t)));
  }
  const loose = pullQuotes.filter((q) => ![...inBlockquotes].some((b) => b.includes(normalise(q.text))));
  const html = md.renderer.render(withPullQuotes(tokens, loose), md.options, env);
  return trustRenderedHtml(html);
}
