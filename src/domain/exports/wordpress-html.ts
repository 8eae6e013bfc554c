import { escapeHtml } from '../../kernel/html-escape.js';
/**
 * A WordPress post's stored content as plain HTML: block comments dropped, shortcodes mapped
 * or dropped, and classic-editor text given the paragraphs WordPress adds when it shows a post
 * (its `wpautop`). What comes out is HTML for the one converter every body goes through.
 */

/** A picture in the export's media library, for `[gallery ids="…"]`. */
export interface AttachmentRef {
  url: string;
  alt: string;
}

/** The cleaned HTML, and the shortcodes that were dropped (by name, for the item's report). */
export interface CleanedContent {
  html: string;
  dropped: string[];
}

/** Shortcodes that stand for media: their address becomes a link. */
const MEDIA_SHORTCODES = new Set([
  'embed',
  'video',
  'audio',
  'youtube',
  'vimeo',
  'soundcloud',
  'tweet',
  'instagram',
  'spotify',
  'dailymotion',
]);
/**
 * Shortcodes recognised even without attributes or a closing tag. Any other bracketed word
 * ("[sic]", "[1]") is left alone: WordPress itself only expands shortcodes a plugin registered.
 */
const KNOWN_SHORTCODES = new Set([
  ...MEDIA_SHORTCODES,
  'caption',
  'wp_caption',
  'gallery',
  'playlist',
  'contact-form',
  'contact-form-7',
  'gravityform',
  'ninja_form',
  'wpforms',
  'mailchimp',
  'toc',
  'more',
  'nextpage',
  'related',
  'ad',
  'adsense',
]);

/** A shortcode's attributes: `name="value"`, `name='value'`, `name=value`, and bare values (by position). */
function shortcodeAttributes(text: string): { named: Map<string, string>; bare: string[] } {
  const named = new Map<string, string>();
  const bare: string[] = [];
  const re = /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) named.set(m[1].toLowerCase(), m[2]!);
    else if (m[3]) named.set(m[3].toLowerCase(), m[4]!);
    else if (m[5]) named.set(m[5].toLowerCase(), m[6]!);
    else bare.push(m[7] ?? m[8] ?? '');
  }
  return { named, bare };
}

/** The first web address among a shortcode's attributes and content. */
function addressIn(attrs: { named: Map<string, string>; bare: string[] }, inner: string): string | null {
  const candidates = [
    ...['src', 'url', 'mp4', 'm4v', 'webm', 'ogv', 'mp3', 'ogg', 'wav', 'm4a', 'id'].map((k) => attrs.named.get(k) ?? ''),
    ...attrs.bare.map((b) => b.replace(/^=/, '')),
    inner.replace(/<[^>]*>/g, '').trim(),
  ];
  return candidates.find((c) => /^https?:\/\/\S+$/i.test(c.trim()))?.trim() ?? null;
}

/** `[caption …]<a><img></a> Words[/caption]` → a figure whose caption is the words. */
function captionFigure(attrs: { named: Map<string, string> }, inner: string): string {
  const picture = /(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*<\/a>)?/i.exec(inner);
  if (!picture) return inner;
  const words = attrs.named.get('caption') ?? inner.replace(picture[0], '').trim();
  return `<figure>${picture[0]}<figcaption>${words}</figcaption></figure>`;
}

/**
 * Maps one shortcode: captions become figures, media become links, a gallery its pictures
 * (when the export holds them), and anything else keeps only the text it wraps.
 */
function mapShortcode(
  name: string,
  attrText: string,
  inner: string | null,
  attachments: ReadonlyMap<string, AttachmentRef>,
  dropped: Set<string>,
): string {
  const attrs = shortcodeAttributes(attrText);
  if (name === 'caption' || name === 'wp_caption') return captionFigure(attrs, inner ?? '');
  if (MEDIA_SHORTCODES.has(name)) {
    const url = addressIn(attrs, inner ?? '');
    if (url) return `<p><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
    dropped.add(name);
    return '';
  }
  if (name === 'gallery') {
    const ids = (attrs.named.get('ids') ?? attrs.named.get('include') ?? '').split(',').map((s) => s.trim());
    const pictures = ids.map((id) => attachments.get(id)).filter((a): a is AttachmentRef => !!a);
    if (pictures.length === 0) {
      dropped.add(name);
      return '';
    }
    return `<figure>${pictures.map((p) => `<img src="${escapeHtml(p.url)}" alt="${escapeHtml(p.alt)}">`).join('')}</figure>`;
  }
  dropped.add(name);
  return inner ?? '';
}

/** Every shortcode in `html` mapped (innermost first, so nested ones all go). */
function replaceShortcodes(html: string, attachments: ReadonlyMap<string, AttachmentRef>, dropped: Set<string>): string {
  let out = html;
  // `[[gallery]]` is WordPress's way to write a shortcode as text: kept, without its doubled brackets.
  const escaped: string[] = [];
  out = out.replace(/\[\[([^[\]]+)\]\]/g, (_m, body: string) => {
    escaped.push(`[${body}]`);
    return `\uE002${escaped.length - 1}\uE003`;
  });
  // Enclosing shortcodes: `[name attrs]inner[/name]`, innermost first.
  const enclosing = /\[([a-zA-Z][\w-]*)(\s[^\]]*)?\]((?:(?!\[\1[\s\]])[\s\S])*?)\[\/\1\]/g;
  for (let round = 0; round < 10; round++) {
    const next = out.replace(enclosing, (_m, name: string, attrText: string | undefined, inner: string) =>
      mapShortcode(name.toLowerCase(), attrText ?? '', inner, attachments, dropped),
    );
    if (next === out) break;
    out = next;
  }
  // Self-closing ones: a known name, or any name written with attributes or a closing slash.
  out = out.replace(
    /\[([a-zA-Z][\w-]*)(\s[^\]]*?)?(\/)?\]/g,
    (whole, name: string, attrText: string | undefined, slash: string | undefined) => {
      const key = name.toLowerCase();
      const hasAttributes = !!attrText && /=/.test(attrText);
      if (!KNOWN_SHORTCODES.has(key) && !hasAttributes && !slash) return whole;
      return mapShortcode(key, attrText ?? '', null, attachments, dropped);
    },
  );
  return out.replace(/\uE002(\d+)\uE003/g, (_m, n: string) => escaped[Number(n)] ?? '');
}

/** Tags that start a block: a paragraph of classic-editor text is never wrapped around one. */
const BLOCK_START =
  /^<(?:p|div|h[1-6]|ul|ol|li|dl|table|thead|tbody|tr|blockquote|pre|figure|hr|section|article|aside|header|footer|address|form|iframe|video|audio|script|style|details)\b/i;

/**
 * WordPress's `wpautop`, in short: classic-editor text keeps paragraphs as blank lines and
 * line breaks as newlines, and WordPress adds the `<p>` and `<br>` only when it shows the post.
 */
function addParagraphs(html: string): string {
  return html
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      if (BLOCK_START.test(chunk) || /<pre\b/i.test(chunk)) return chunk;
      // A web address alone on its line is an embed in WordPress; here it is a link.
      if (/^https?:\/\/\S+$/i.test(chunk)) return `<p><a href="${escapeHtml(chunk)}">${escapeHtml(chunk)}</a></p>`;
      return `<p>${chunk.replace(/\s*\n\s*/g, '<br>\n')}</p>`;
    })
    .join('\n');
}

/** A post's content as HTML ready to convert: see the module comment. */
export function cleanWordPressContent(content: string, attachments: ReadonlyMap<string, AttachmentRef> = new Map()): CleanedContent {
  const dropped = new Set<string>();
  const text = content.replace(/\r\n?/g, '\n').replace(/[\uE002\uE003]/g, '');
  // Block editor posts mark their blocks with comments; their HTML is complete without them.
  const blocks = /<!--\s*wp:/.test(text);
  let html = text.replace(/<!--[\s\S]*?-->/g, '');
  html = replaceShortcodes(html, attachments, dropped);
  if (!blocks) html = addParagraphs(html);
  return { html, dropped: [...dropped] };
}
