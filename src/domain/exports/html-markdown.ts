import { createRequire } from 'node:module';
import { lazy } from '../../kernel/lazy.js';
import { plainText, withoutControls } from './plain-text.js';

/** A picture the body shows, waiting to be found beside the export and put in the library. */
export interface PictureSlot {
  src: string;
  alt: string;
  caption: string;
}

/** Markdown with a placeholder per picture, the pictures it names, and what was left out on the way. */
export interface ConvertedBody {
  markdown: string;
  pictures: PictureSlot[];
  /** One line each for what could not be kept as it was ("2 embedded frames became links"). */
  notes: string[];
}

/**
 * Placeholders for pictures: characters from the private use area, which the converter never
 * escapes and no export holds once the input has been cleaned of them.
 */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** The per-conversion state the rules write to; turndown is synchronous, so one conversion runs at a time. */
let current: { pictures: PictureSlot[]; counts: Map<string, number> } = { pictures: [], counts: new Map() };
const count = (what: string) => current.counts.set(what, (current.counts.get(what) ?? 0) + 1);

const isWebAddress = (url: string) => /^https?:\/\//i.test(url);
/** A link destination markdown-it reads as one: spaces encoded, parentheses escaped. */
const destination = (url: string) => url.trim().replace(/\s/g, '%20').replace(/[()]/g, '\\$&');
/** Text for inside `[…]`: brackets and backslashes escaped, on one line. */
export const linkText = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\[\]]/g, '\\$&');
/** Ghost writes its own address as `__GHOST_URL__`; links to the old site become paths on this one. */
const siteRelative = (url: string) => url.replace(/^__GHOST_URL__(?=\/|$)/, '') || '/';

function newPicture(src: string, alt: string): string {
  current.pictures.push({ src: siteRelative(src.trim()), alt: plainText(alt), caption: '' });
  return `${OPEN}${current.pictures.length - 1}${CLOSE}`;
}

const requireModule = createRequire(import.meta.url);

/** The converter and its rules, made on first use: only imports need turndown. */
const converter = lazy(() => {
  const service = new (requireModule('turndown') as typeof import('turndown'))({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    strongDelimiter: '**',
    linkStyle: 'inlined',
  });

  // Later rules win (turndown tries added rules first, newest first), so the general ones come first.

  // Markup that carries no article text, or would run code: dropped with its contents.
  const DROPPED = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'FORM',
    'BUTTON',
    'SELECT',
    'TEXTAREA',
    'INPUT',
    'OBJECT',
    'EMBED',
    'CANVAS',
    'SVG',
    'HEAD',
    'LINK',
    'META',
  ]);
  service.addRule('dropped', { filter: (node) => DROPPED.has(node.nodeName.toUpperCase()), replacement: () => '' });

  service.addRule('strikethrough', {
    filter: (node) => ['DEL', 'S', 'STRIKE'].includes(node.nodeName),
    replacement: (content) => (content.trim() ? `~~${content}~~` : ''),
  });

  service.addRule('frame', {
    filter: ['iframe'],
    replacement: (_content, node) => {
      const src = node.getAttribute('src') ?? '';
      count('frame');
      if (!/^https:\/\//i.test(src)) return '';
      let host = 'another site';
      try {
        host = new URL(src).hostname;
      } catch {
        return '';
      }
      return `\n\n[Embedded content from ${linkText(host)}](${destination(src)})\n\n`;
    },
  });

  service.addRule('media', {
    filter: ['video', 'audio'],
    replacement: (_content, node) => {
      const src = node.getAttribute('src') || node.querySelector('source[src]')?.getAttribute('src') || '';
      count(node.nodeName === 'VIDEO' ? 'video' : 'audio');
      if (!isWebAddress(src)) return '';
      return `\n\n[${node.nodeName === 'VIDEO' ? 'Video' : 'Audio'}](${destination(src)})\n\n`;
    },
  });

  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = siteRelative((node.getAttribute('href') ?? '').trim());
      if (!content.trim()) return '';
      // Only the schemes the renderer allows are worth writing; anything else keeps its words.
      if (!href || !/^(https?:|mailto:|\/(?!\/)|#)/i.test(href)) return content;
      return `[${content}](${destination(href)})`;
    },
  });

  // A picture that links to its own full size (WordPress's default) is just the picture.
  service.addRule('linkedPicture', {
    filter: (node) =>
      node.nodeName === 'A' &&
      node.querySelector('img') !== null &&
      Array.from(node.childNodes).every((c) => c.nodeName === 'IMG' || (c.nodeType === 3 && !c.textContent?.trim())),
    replacement: (content) => content,
  });

  service.addRule('picture', {
    filter: ['img'],
    replacement: (_content, node) => {
      const src = node.getAttribute('src') ?? '';
      if (!src.trim() || /^data:/i.test(src)) return '';
      return newPicture(src, node.getAttribute('alt') ?? '');
    },
  });

  service.addRule('figure', {
    filter: ['figure'],
    replacement: (content, node) => {
      const classes = node.getAttribute('class') ?? '';
      // Ghost's bookmark card is a link to another page, drawn as a box.
      if (/\bkg-bookmark-card\b/.test(classes)) {
        const href = siteRelative(node.querySelector('a[href]')?.getAttribute('href') ?? '');
        const title = node.querySelector('.kg-bookmark-title')?.textContent?.trim() || href;
        return isWebAddress(href) || href.startsWith('/') ? `\n\n[${linkText(title)}](${destination(href)})\n\n` : '';
      }
      const caption = plainText(node.querySelector('figcaption')?.innerHTML ?? '');
      const ids = [...content.matchAll(PLACEHOLDER)].map((m) => m[0]);
      if (ids.length === 0) return `\n\n${content}\n\n`;
      if (ids.length === 1) {
        current.pictures[Number(ids[0]!.slice(1, -1))]!.caption = caption;
        return `\n\n${ids[0]}\n\n`;
      }
      // A gallery: each picture its own figure, the shared caption after them.
      return `\n\n${ids.join('\n\n')}${caption ? `\n\n*${service.escape(caption)}*` : ''}\n\n`;
    },
  });

  service.addRule('table', {
    filter: ['table'],
    replacement: (_content, node) => {
      const rows = Array.from(node.querySelectorAll('tr')).map((tr) =>
        Array.from(tr.children)
          .filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH')
          .map((cell) =>
            service
              .turndown(cell.innerHTML)
              .replace(/\s*\n+\s*/g, ' ')
              .replace(/\|/g, '\\|')
              .trim(),
          ),
      );
      const width = Math.max(0, ...rows.map((r) => r.length));
      if (width === 0) return '';
      const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
      const [head, ...body] = rows;
      return `\n\n${[line(head!), line(Array<string>(width).fill('---')), ...body.map(line)].join('\n')}\n\n`;
    },
  });
  return service;
});

const NOTE_WORDS: Record<string, [string, string]> = {
  frame: [
    'an embedded frame became a link (or was dropped when not https)',
    'embedded frames became links (or were dropped when not https)',
  ],
  video: ['a video became a link', 'videos became links'],
  audio: ['a sound clip became a link', 'sound clips became links'],
};

/**
 * HTML (a post's body, already cleaned of its platform's own markup) to Markdown, through
 * turndown. Markup that could run code, forms and styles are dropped; frames, video and
 * sound become links; pictures become placeholders, to be replaced once each is found beside
 * the export (`fillPictures`). The result is Markdown for the article service, which renders it
 * with raw HTML off, like every body.
 */
export function htmlToMarkdown(html: string): ConvertedBody {
  current = { pictures: [], counts: new Map() };
  const clean = withoutControls(html.replace(/[\uE000\uE001]/g, '').replace(/\r\n?/g, '\n'));
  const markdown = clean.trim()
    ? converter()
        .turndown(clean)
        .replace(/[ \t]+$/gm, (m) => (m === '  ' ? m : ''))
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : '';
  const notes = [...current.counts].map(([what, n]) => (n === 1 ? NOTE_WORDS[what]![0] : `${n} ${NOTE_WORDS[what]![1]}`));
  const result = { markdown, pictures: current.pictures, notes };
  current = { pictures: [], counts: new Map() };
  return result;
}

/** The picture numbers `markdown` still shows (a table or card may have dropped some). */
export function picturesShown(markdown: string): number[] {
  return [...new Set([...markdown.matchAll(PLACEHOLDER)].map((m) => Number(m[1])))];
}

/** Replaces each picture placeholder with what `replacement` gives for its number. */
export function fillPictures(markdown: string, replacement: (index: number) => string): string {
  return markdown.replace(PLACEHOLDER, (_m, n: string) => replacement(Number(n)));
}

/** A library picture in a body: `![alt](media:ID "caption")`, the alt and caption escaped. */
export function libraryPictureMarkdown(mediaId: string, alt: string, caption: string): string {
  const title = caption ? ` "${caption.replace(/\s+/g, ' ').replace(/["\\]/g, '\\$&')}"` : '';
  return `![${linkText(alt)}](media:${mediaId}${title})`;
}

/**
 * What stands in for a picture that was not found: a link to where it was, with its words,
 * and its caption below (only a figure's picture has one, and it stands alone in its paragraph).
 */
export function missingPictureMarkdown(slot: PictureSlot): string {
  const words = slot.alt || slot.caption;
  const link = isWebAddress(slot.src)
    ? `[${linkText(words || 'Picture')}](${destination(slot.src)})`
    : words
      ? converter().escape(words)
      : '';
  return slot.caption && slot.caption !== words ? `${link}\n\n*${converter().escape(slot.caption)}*` : link;
}
