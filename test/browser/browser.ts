import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { openDatabase } from '../../src/db/database.js';
import { createTestContext, type TestAppOptions, type TestContext } from '../helpers/app.js';

/** The Chromium binary the browser tests drive; CHROMIUM_PATH overrides the Debian default. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. Decided before tests register. */
export function browserSkipReason(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `no Chromium binary at ${CHROMIUM_PATH} (set CHROMIUM_PATH to run the browser tests)`;
}

/** A free TCP port on 127.0.0.1, so the app's siteUrl can be known before it listens. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Headless Chromium with the flags that keep it quiet and offline in CI containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// axe.min.js is injected as source text; the app's CSP forbids scripts, so contexts must bypass CSP.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** WCAG 2.0/2.1 A and AA violations on the current page, as axe-core reports them. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axeSource });
  // A string, not a function: tsx would wrap named helpers in __name(), which the page lacks.
  return page.evaluate(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ' :: ' + n.failureSummary.replace(/\\s+/g, ' ') : '')) })))
  `) as Promise<AxeFinding[]>;
}

/** The serious and critical findings, and a message listing them so a failure says what to fix. */
export function seriousFindings(where: string, findings: AxeFinding[]): { serious: AxeFinding[]; message: string } {
  const serious = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  const message =
    `axe found ${serious.length} serious/critical WCAG violation(s) on ${where}:\n` +
    serious.map((f) => `  - ${f.id} (${f.impact}): ${f.help}\n${f.targets.map((t) => `      at ${t}`).join('\n')}`).join('\n');
  return { serious, message };
}

/** The names of the located elements (each must match exactly one), sorted by their position in the document. */
export async function inDocumentOrder(page: Page, parts: Array<[name: string, locator: Locator]>): Promise<string[]> {
  const handles = await Promise.all(parts.map(([, l]) => l.elementHandle({ timeout: 2000 })));
  // Index among all elements is document order; compareDocumentPosition would need a sort callback in the page.
  const positions = await page.evaluate((els) => {
    const all = Array.from(document.querySelectorAll('*'));
    return els.map((el) => all.indexOf(el as Element));
  }, handles);
  return parts
    .map(([name], i) => ({ name, at: positions[i]! }))
    .sort((a, b) => a.at - b.at)
    .map((p) => p.name);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What a PNG file's header says: its pixel size, and the file's size in bytes. Throws if the file is not a PNG. */
export async function pngInfo(path: string): Promise<{ width: number; height: number; bytes: number }> {
  const png = await readFile(path);
  // Signature, then the IHDR chunk: length (4), type (4), width (4), height (4).
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR')
    throw new Error(`${path} is not a PNG file`);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
}

/** The app and browser a browser test file shares; filled in by its `before` hook. */
export interface BrowserApp {
  ctx: TestContext;
  browser: Browser;
  /** http://127.0.0.1:PORT: the app's siteUrl and the browser's origin, so same-origin checks pass. */
  origin: string;
}

/**
 * Registers the file's before/after hooks: the real app on a free port over a SQLite file of
 * its own (as `npm start` runs it), and headless Chromium; both closed, and the file removed,
 * after the file's tests. Nothing starts when Chromium is missing (the tests skip and say why).
 */
export function useBrowserApp(
  prefix: string,
  opts: Omit<TestAppOptions, 'database' | 'siteUrl'> & {
    /** Runs once the app is up (accounts, content); here because node:test does not order a file's root hooks. */
    setup?: (app: BrowserApp) => Promise<void>;
  } = {},
): BrowserApp {
  const shared = {} as BrowserApp;
  let dir: string | undefined;
  before(async () => {
    if (browserSkipReason()) return;
    dir = await mkdtemp(join(tmpdir(), `despatch-${prefix}-`));
    const databaseUrl = `sqlite:${join(dir, 'site.db')}`;
    const port = await freePort();
    shared.origin = `http://127.0.0.1:${port}`;
    const { setup, ...appOptions } = opts;
    shared.ctx = await createTestContext({
      ...appOptions,
      database: { name: 'sqlite', open: () => openDatabase(databaseUrl) },
      siteUrl: shared.origin,
    });
    await shared.ctx.app.listen({ port, host: '127.0.0.1' });
    shared.browser = await launchChromium();
    await setup?.(shared);
  });
  after(async () => {
    await shared.browser?.close();
    await shared.ctx?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return shared;
}
