import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';

/**
 * Kept markup, as UTF-8 only: the string Preact returns is a rope of thousands of pieces, in
 * two bytes a character once a curly quote is in it, about three times the bytes' size.
 */
const rendered = new WeakMap<object, Map<string, Buffer>>();

/**
 * While `renderPage` renders a page: the encoded markup of each `renderedOnce` it meets, in the
 * order met; the page holds a mark in each one's place (`spliceMark`). Null otherwise, when
 * kept markup is written into the output as text. Rendering is synchronous, so one slot does.
 */
let splicing: Buffer[] | null = null;

/**
 * What marks a kept piece in a page being rendered: `<` and a NUL, then its number. Preact
 * escapes `<` in every text and attribute, and the page's raw markup (sanitised Markdown,
 * escaped JSON-LD) has no `<` that does not open a tag, so nothing else reads like this.
 */
const MARK = '<\u0000';

/**
 * The markup `render` gives, rendered once for each `variant` of `owner` and reused while
 * `owner` lives. `owner` must be a read model the services share and never change (a card the
 * read-model memo holds): when a change drops it from the memo, its markup goes with it, so a
 * page never shows markup older than its data. Most of a listing's markup is its cards, the
 * same on every page that shows them: rendering each once makes an uncached page far cheaper,
 * and encoding each once to UTF-8 (a page's largest single cost after that) cheaper again.
 */
export function renderedOnce(owner: object, variant: string, render: () => VNode): VNode {
  let forms = rendered.get(owner);
  if (forms === undefined) rendered.set(owner, (forms = new Map()));
  let kept = forms.get(variant);
  if (kept === undefined) forms.set(variant, (kept = encodedToKeep(renderAlone(render))));
  // Preact's precompiled-template node: its text is written out as it is (it is already escaped
  // markup). Text is wanted only outside `renderPage`, and inside markup being kept: rarely.
  if (splicing === null) return jsxTemplate([kept.toString()]);
  return jsxTemplate([MARK + String(splicing.push(kept) - 1) + '>']);
}

/**
 * Markup as UTF-8 in memory of its own: `Buffer.from` takes small buffers from a shared 8 KB
 * pool, and one kept for as long as its read model would keep its whole slab alive, with the
 * pages' passing pieces around it.
 */
function encodedToKeep(html: string): Buffer {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(html));
  bytes.write(html);
  return bytes;
}

/** Renders markup to keep: whole, with any kept markup inside it written in as text. */
function renderAlone(render: () => VNode): string {
  const outer = splicing;
  splicing = null;
  try {
    return renderToString(render());
  } finally {
    splicing = outer;
  }
}

const pages = new WeakSet<Buffer>();

/**
 * A whole HTML page as UTF-8: rendered, with the kept markup it shows spliced in as bytes
 * already encoded, so only what is new to this page is encoded.
 */
export function renderPage(page: VNode): Buffer {
  const kept: Buffer[] = [];
  splicing = kept;
  let html: string;
  try {
    html = '<!doctype html>' + renderToString(page);
  } finally {
    splicing = null;
  }
  // The text between kept pieces, and the pieces, measured first and written once into the
  // page's own memory: encoding each text apart and joining them copied every byte twice.
  const texts: string[] = [];
  const pieces: Buffer[] = [];
  let size = 0;
  let from = 0;
  for (let at = html.indexOf(MARK); at >= 0; at = html.indexOf(MARK, from)) {
    const end = html.indexOf('>', at);
    const text = html.slice(from, at);
    const piece = kept[Number(html.slice(at + MARK.length, end))]!;
    texts.push(text);
    pieces.push(piece);
    size += Buffer.byteLength(text) + piece.length;
    from = end + 1;
  }
  const last = html.slice(from);
  const bytes = Buffer.allocUnsafe(size + Buffer.byteLength(last));
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    at += bytes.write(texts[i]!, at);
    at += pieces[i]!.copy(bytes, at);
  }
  bytes.write(last, at);
  pages.add(bytes);
  return bytes;
}

/** True for a page `renderPage` made (the page cache takes it as it takes a page sent as text). */
export function isRenderedPage(payload: unknown): payload is Buffer {
  return Buffer.isBuffer(payload) && pages.has(payload);
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * A number naming `object` while it lives, for the variant of markup that shows more than one
 * read model (an article's page shows the site's settings too): another object, another number.
 */
export function identityOf(object: object): number {
  let id = identities.get(object);
  if (id === undefined) identities.set(object, (id = ++lastIdentity));
  return id;
}
