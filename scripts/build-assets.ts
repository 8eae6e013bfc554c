/**
 * `npm run build`'s last step: src/web/assets → dist/web/assets, stylesheets minified
 * (`src/web/stylesheets.ts` says why it happens here and not in the server).
 */
import { rmSync } from 'node:fs';
import { copyAssets } from '../src/web/stylesheets.js';

const to = new URL('../dist/web/assets/', import.meta.url).pathname;
rmSync(to, { recursive: true, force: true });
copyAssets(new URL('../src/web/assets/', import.meta.url).pathname, to);
