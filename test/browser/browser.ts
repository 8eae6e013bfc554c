import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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
