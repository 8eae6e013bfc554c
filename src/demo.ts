import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { z } from 'zod';
import { systemActor } from './domain/access/index.js';
import { parseInput } from './kernel/validation.js';
import type { Services } from './services.js';

/** The demo outlet is loaded by the system, and the audit log says so. */
const DEMO = systemActor('demo loader');

/** Where the demo outlet's text and manifest live, inside the repository. */
export const DEMO_DIR = new URL('../demo/', import.meta.url).pathname;

const manifestSchema = z.object({
  settings: z.object({ outletName: z.string(), tagline: z.string(), description: z.string() }),
  channels: z.array(z.object({ name: z.string(), url: z.string() })),
  footerLinks: z.array(z.object({ label: z.string(), url: z.string() })),
  sections: z.array(z.object({ name: z.string(), description: z.string() })),
  series: z.array(z.object({ name: z.string(), description: z.string() })),
  authors: z.array(z.object({ name: z.string(), role: z.string(), bio: z.string() })),
  topics: z.array(
    z.object({ name: z.string(), kind: z.enum(['person', 'place', 'organisation', 'subject']), aliases: z.array(z.string()) }),
  ),
  articles: z.array(
    z.object({
      file: z.string(),
      authors: z.array(z.string()),
      topics: z.array(z.string()),
      publishedAt: z.string(),
      hero: z.object({ alt: z.string(), caption: z.string(), credit: z.string() }).nullable(),
    }),
  ),
});

/**
 * True on a fresh install (no sections, no articles), and after a demo load that was cut
 * short: every step of the load is idempotent, so running it again finishes it.
 */
export async function shouldLoadDemo(services: Services): Promise<boolean> {
  const state = await services.site.demoState();
  if (state === 'loaded') return false;
  if (state === 'started') return true;
  const page = await services.articleReader.latest({ page: 1, perPage: 1 });
  return page.items.length === 0 && (await services.taxonomy.listSections()).length === 0;
}

/**
 * Loads the demo outlet through the same services an editor uses: settings, desks, people,
 * topics, then each article through the text importer, its hero drawn here and added to the
 * media library (whose job makes its sizes).
 */
export async function loadDemo(services: Services): Promise<number> {
  const manifest = parseInput(manifestSchema, JSON.parse(await readFile(join(DEMO_DIR, 'demo.json'), 'utf8')));
  await services.site.setDemoState('started');
  await services.site.updateSite(DEMO, { ...manifest.settings, channels: manifest.channels, footerLinks: manifest.footerLinks });
  for (const s of manifest.sections) await services.taxonomy.ensureSection(DEMO, s.name, { description: s.description });
  for (const s of manifest.series) await services.taxonomy.ensureSeries(DEMO, s.name, { description: s.description });
  for (const a of manifest.authors) await services.authors.ensureAuthor(DEMO, a.name, { role: a.role, bio: a.bio });
  for (const t of manifest.topics) await services.taxonomy.ensureTopic(DEMO, t.name, { kind: t.kind, aliases: t.aliases });

  let imported = 0;
  for (const entry of manifest.articles) {
    const bytes = await readFile(join(DEMO_DIR, entry.file));
    // Each hero goes through the media library like an upload: sizes, crops and all. The same
    // drawing is the same picture, so a load cut short and run again adds nothing twice.
    const heroMediaId = entry.hero
      ? (
          await services.media.addImage(
            DEMO,
            { file: `${entry.file.replace(/^.*\//, '').replace(/\.\w+$/, '')}.jpg`, bytes: await drawHero(entry.file) },
            entry.hero,
          )
        ).item.id
      : null;
    const result = await services.importer.importPage(
      DEMO,
      { file: entry.file, bytes },
      { authors: entry.authors, topics: entry.topics, publishedAt: entry.publishedAt, heroMediaId },
    );
    if (!result.ok) throw new Error(`Demo article ${entry.file} did not import: ${result.error}`);
    imported++;
  }
  await services.site.setDemoState('loaded');
  return imported;
}

/** Draws an abstract landscape (sea, land, sky) for a demo article, as a JPEG. */
async function drawHero(seed: string): Promise<Buffer> {
  const h = createHash('sha256').update(seed).digest();
  const hue = h[0]! % 360;
  const ridge = Array.from({ length: 9 }, (_, i) => `${i * 200},${420 + (h[i + 1]! % 120)}`).join(' ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
    <stop offset="0" stop-color="hsl(${hue},35%,32%)"/><stop offset="1" stop-color="hsl(${(hue + 30) % 360},30%,70%)"/>
  </linearGradient></defs>
  <rect width="1600" height="900" fill="url(#sky)"/>
  <circle cx="${300 + (h[10]! % 1000)}" cy="${150 + (h[11]! % 150)}" r="${60 + (h[12]! % 60)}" fill="hsl(${(hue + 40) % 360},60%,85%)" opacity="0.8"/>
  <polygon points="0,900 ${ridge} 1600,900" fill="hsl(${(hue + 180) % 360},20%,28%)"/>
  <rect y="${700 + (h[13]! % 60)}" width="1600" height="200" fill="hsl(${(hue + 200) % 360},35%,22%)"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}
