import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { compressNow, sendEncoded, type EncodedBody } from './encoding.js';
import { etagMatches } from './etag.js';
import { FAVICON_SVG } from './favicon.js';
import { headlineFontFace } from './headline-font.js';
import { MINIFIED_MARK, minifyStylesheet } from './stylesheets.js';

const ASSET_DIR = new URL('./assets/', import.meta.url).pathname;

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files whose URL carries their hash: immutable, cached for a year. */
const FINGERPRINTED = new Set(['.css', '.js', '.woff2']);

interface Asset {
  body: EncodedBody;
  type: string;
  etag: string;
}

/** The stylesheets' fingerprinted URLs, so they can be cached for a year and still change. */
export interface AssetUrls {
  /** The reader site's. */
  stylesheet: string;
  /** The newsroom's, loaded after the reader site's. */
  newsroomStylesheet: string;
  /** The newsroom editor's script (the reader site has none). */
  editorScript: string;
  /** The headline font, preloaded by reader pages. */
  headlineFont: string;
}

/**
 * Serves the few files in web/assets from memory. Stylesheets, scripts and fonts are
 * fingerprinted (site.<hash>.css) and immutable; other files may change, so they are cached
 * for a day. The reader stylesheet gets the headline font's `@font-face` rule, with the
 * font's fingerprinted URL, before it is hashed.
 */
export function registerAssets(app: FastifyInstance): AssetUrls {
  const assets = new Map<string, Asset & { immutable: boolean }>();
  const fingerprinted = new Map<string, string>();
  // Fonts first: the stylesheet names the font's fingerprinted URL.
  const minified = existsSync(join(ASSET_DIR, MINIFIED_MARK));
  const names = readdirSync(ASSET_DIR)
    .filter((name) => name !== MINIFIED_MARK)
    .sort((a, b) => Number(b.endsWith('.woff2')) - Number(a.endsWith('.woff2')) || a.localeCompare(b));
  for (const name of names) {
    let body: Buffer = readFileSync(join(ASSET_DIR, name));
    if (extname(name) === '.css' && !minified) body = minifyStylesheet(name, body);
    if (name === 'site.css') body = Buffer.concat([Buffer.from(headlineFontFace(fingerprinted.get('headline.woff2')!)), body]);
    const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
    const type = TYPES[extname(name)] ?? 'application/octet-stream';
    // Text files are compressed once, at the highest settings, at start-up; pictures are already compressed.
    const text = /^(text\/|image\/svg)/.test(type);
    const asset = { body: text ? compressNow(body) : { identity: body }, type, etag: `W/"${hash}"` };
    assets.set(name, { ...asset, immutable: false });
    const ext = extname(name);
    if (FINGERPRINTED.has(ext)) {
      const hashed = `${name.slice(0, -ext.length)}.${hash}${ext}`;
      fingerprinted.set(name, `/assets/${hashed}`);
      assets.set(hashed, { ...asset, immutable: true });
    }
  }
  const favicon = Buffer.from(FAVICON_SVG);
  assets.set('favicon.svg', {
    body: compressNow(favicon),
    type: 'image/svg+xml',
    etag: `W/"${createHash('sha1').update(favicon).digest('hex').slice(0, 10)}"`,
    immutable: false,
  });
  app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (!asset) return reply.callNotFound();
    reply
      .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=86400')
      .header('etag', asset.etag)
      .type(asset.type);
    if (etagMatches(request.headers['if-none-match'], asset.etag)) return reply.code(304).header('vary', 'accept-encoding').send();
    return sendEncoded(request, reply, asset.body);
  });
  // Browsers ask for /favicon.ico whatever the page says; point them at the real icon.
  app.get('/favicon.ico', (_request, reply) => reply.header('cache-control', 'public, max-age=86400').redirect('/assets/favicon.svg', 301));
  return {
    stylesheet: fingerprinted.get('site.css') ?? '/assets/site.css',
    newsroomStylesheet: fingerprinted.get('newsroom.css') ?? '/assets/newsroom.css',
    editorScript: fingerprinted.get('editor.js') ?? '/assets/editor.js',
    headlineFont: fingerprinted.get('headline.woff2') ?? '/assets/headline.woff2',
  };
}
