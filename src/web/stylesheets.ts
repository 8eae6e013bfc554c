import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';

/**
 * Stylesheets are written with comments for people and sent minified (a quarter smaller
 * compressed). The build minifies them into `dist/` and leaves this file beside them, so the
 * server never loads lightningcss: a native library of 5 MB that would stay resident for a
 * job done once. Run from the sources (`npm run dev`, the tests), the server minifies them as
 * it reads them.
 */
export const MINIFIED_MARK = '.stylesheets-minified';

/** `code` minified by lightningcss, loaded only when called. */
export function minifyStylesheet(filename: string, code: Buffer): Buffer {
  const { transform } = createRequire(import.meta.url)('lightningcss') as typeof import('lightningcss');
  return Buffer.from(transform({ filename, code, minify: true }).code);
}

/** Copies the asset folder `from` to `to`, stylesheets minified, and marks it so. */
export function copyAssets(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (extname(name) === '.css') writeFileSync(join(to, name), minifyStylesheet(name, readFileSync(join(from, name))));
    else copyFileSync(join(from, name), join(to, name));
  }
  writeFileSync(join(to, MINIFIED_MARK), 'The stylesheets in this folder are minified (src/web/stylesheets.ts).\n');
}
