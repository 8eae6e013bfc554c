import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { copyAssets, MINIFIED_MARK, minifyStylesheet } from './stylesheets.js';

const ASSETS = new URL('./assets/', import.meta.url).pathname;

test('the build copies the assets with the stylesheets minified as the server would minify them, and marks the folder', () => {
  const to = mkdtempSync(join(tmpdir(), 'despatch-assets-'));
  try {
    copyAssets(ASSETS, join(to, 'assets'));
    const copied = readdirSync(join(to, 'assets'));
    assert.deepEqual(copied.filter((n) => n !== MINIFIED_MARK).sort(), readdirSync(ASSETS).sort());
    assert.ok(copied.includes(MINIFIED_MARK));
    for (const name of readdirSync(ASSETS)) {
      const source = readFileSync(join(ASSETS, name));
      const built = readFileSync(join(to, 'assets', name));
      if (name.endsWith('.css')) {
        assert.deepEqual(built, minifyStylesheet(name, source), name);
        assert.ok(built.length < source.length * 0.8, `${name}: ${built.length} bytes minified from ${source.length}`);
        assert.doesNotMatch(built.toString(), /\/\*|\n {2}/, `${name} keeps no comments or indentation`);
      } else assert.deepEqual(built, source, name);
    }
  } finally {
    rmSync(to, { recursive: true, force: true });
  }
});
