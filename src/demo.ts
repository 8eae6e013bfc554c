import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { systemActor } from './domain/access/index.js';
import { sharp } from './domain/media/index.js';
import { parseInput } from './kernel/validation.js';
import type { Services } from './services.js';

/** The demo outlet is loaded by the system, and the audit log says so. */
const DEMO = systemActor('demo loader');

/** Where the demo outlet's text and manifest live, inside the repository. */
export const DEMO_DIR = new URL('../demo/', import.meta.url).pathname;

/** The demo's pictures are drawn, one scene per story, so each has its own subject and words. */
const SCENES = ['jets', 'recruits', 'drones', 'carrier', 'town'] as const;
type Scene = (typeof SCENES)[number];

const manifestSchema = z.object({
  settings: z.object({ outletName: z.string(), tagline: z.string(), description: z.string() }),
  channels: z.array(z.object({ name: z.string(), url: z.string() })),
  footerLinks: z.array(z.object({ label: z.string(), url: z.string() })),
  /** The masthead's logo: a PNG in the demo folder, light on transparency for the dark band. */
  logo: z.object({ file: z.string(), alt: z.string(), credit: z.string() }).optional(),
  sections: z.array(z.object({ name: z.string(), description: z.string() })),
  series: z.array(z.object({ name: z.string(), description: z.string() })),
  authors: z.array(
    z.object({
      name: z.string(),
      role: z.string(),
      bio: z.string(),
      email: z.string().default(''),
      xHandle: z.string().default(''),
      /** The portrait's background colour: each writer's drawing differs. */
      portrait: z.string().optional(),
    }),
  ),
  topics: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['person', 'place', 'organisation', 'subject']),
      aliases: z.array(z.string()),
      description: z.string().default(''),
      /** A bare surname or acronym alone names it in suggestions (Putin, NATO). */
      distinctive: z.boolean().default(false),
    }),
  ),
  articles: z.array(
    z.object({
      file: z.string(),
      authors: z.array(z.string()),
      topics: z.array(z.string()),
      publishedAt: z.string(),
      hero: z.object({ scene: z.enum(SCENES), alt: z.string(), caption: z.string(), credit: z.string() }).nullable(),
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
  if (manifest.logo) {
    const bytes = await readFile(join(DEMO_DIR, manifest.logo.file));
    const { item } = await services.media.addImage(
      DEMO,
      { file: manifest.logo.file, bytes },
      { alt: manifest.logo.alt, credit: manifest.logo.credit },
    );
    await services.site.setLogo(DEMO, item.id);
  }
  for (const s of manifest.sections) await services.taxonomy.ensureSection(DEMO, s.name, { description: s.description });
  for (const s of manifest.series) await services.taxonomy.ensureSeries(DEMO, s.name, { description: s.description });
  for (const a of manifest.authors) {
    const author = await services.authors.ensureAuthor(DEMO, a.name, { role: a.role, bio: a.bio });
    // A drawn stand-in for a photograph, through the library like an upload.
    const photoMediaId = a.portrait
      ? (
          await services.media.addImage(
            DEMO,
            { file: `${author.slug}.jpg`, bytes: await drawPortrait(a.portrait) },
            { alt: `An illustration standing in for a photograph of ${a.name}`, credit: 'Illustration: Despatch demo' },
          )
        ).item.id
      : null;
    await services.authors.updateAuthor(DEMO, author.id, {
      name: author.name,
      slug: author.slug,
      role: a.role,
      bio: a.bio,
      email: a.email,
      xHandle: a.xHandle,
      photoMediaId,
    });
  }
  for (const t of manifest.topics)
    await services.taxonomy.ensureTopic(DEMO, t.name, {
      kind: t.kind,
      aliases: t.aliases,
      description: t.description,
      distinctive: t.distinctive,
    });

  let imported = 0;
  for (const entry of manifest.articles) {
    const bytes = await readFile(join(DEMO_DIR, entry.file));
    // Each hero goes through the media library like an upload: sizes, crops and all. The same
    // drawing is the same picture, so a load cut short and run again adds nothing twice.
    const heroMediaId = entry.hero
      ? (
          await services.media.addImage(
            DEMO,
            { file: `${entry.file.replace(/^.*\//, '').replace(/\.\w+$/, '')}.jpg`, bytes: await drawHero(entry.hero.scene, entry.file) },
            entry.hero,
          )
        ).item.id
      : null;
    const result = await services.importer.importPage(
      DEMO,
      { file: entry.file, bytes },
      { authors: entry.authors, topics: entry.topics, publishedAt: entry.publishedAt, heroMediaId, createSections: true },
    );
    if (!result.ok) throw new Error(`Demo article ${entry.file} did not import: ${result.error}`);
    imported++;
  }
  await services.site.setDemoState('loaded');
  return imported;
}

/** Shapes reused by the scenes: a jet seen from the side, a drone from below, a person. */
const jet = (x: number, y: number, scale: number, fill: string) =>
  `<g transform="translate(${x} ${y}) scale(${scale})" fill="${fill}"><polygon points="0,20 120,14 160,0 172,2 150,16 190,18 198,22 150,26 172,40 160,42 120,28 0,24"/></g>`;
const drone = (x: number, y: number, size: number) =>
  `<g transform="translate(${x} ${y})" stroke="#1b1b1b" stroke-width="${size / 6}" stroke-linecap="round"><line x1="${-size}" y1="${-size}" x2="${size}" y2="${size}"/><line x1="${-size}" y1="${size}" x2="${size}" y2="${-size}"/><circle r="${size / 2.2}" fill="#1b1b1b"/></g>`;
const person = (x: number, y: number, h: number, fill: string) =>
  `<g fill="${fill}"><circle cx="${x}" cy="${y - h * 0.88}" r="${h * 0.1}"/><rect x="${x - h * 0.12}" y="${y - h * 0.76}" width="${h * 0.24}" height="${h * 0.42}" rx="${h * 0.05}"/><rect x="${x - h * 0.1}" y="${y - h * 0.36}" width="${h * 0.08}" height="${h * 0.36}"/><rect x="${x + h * 0.02}" y="${y - h * 0.36}" width="${h * 0.08}" height="${h * 0.36}"/></g>`;

/** An SVG drawing as a JPEG (through the media library's sharp, loaded on first use). */
function jpegOf(svg: string): Promise<Buffer> {
  return sharp()(Buffer.from(svg)).jpeg({ quality: 85, mozjpeg: true }).toBuffer();
}

/** A head-and-shoulders silhouette on a coloured ground, 800 × 800: a demo writer's "photograph". */
function drawPortrait(background: string): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800"><rect width="800" height="800" fill="${background}"/>` +
    `<circle cx="400" cy="300" r="150" fill="#f1efe9"/><path d="M130 800 C130 560 250 480 400 480 C550 480 670 560 670 800 Z" fill="#f1efe9"/></svg>`;
  return jpegOf(svg);
}

/**
 * Draws one demo scene as a JPEG (1600 × 900): simple shapes, the subject placed off-centre so
 * the focal-point crops have something to keep. `seed` varies the details between stories.
 */
async function drawHero(scene: Scene, seed: string): Promise<Buffer> {
  const h = createHash('sha256').update(seed).digest();
  const n = (i: number, range: number) => h[i % h.length]! % range;
  const sky = (top: string, bottom: string) =>
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient></defs><rect width="1600" height="900" fill="url(#sky)"/>`;
  let body: string;
  switch (scene) {
    case 'jets':
      body =
        sky('#2f6fb0', '#cfe3f5') +
        Array.from(
          { length: 6 },
          (_, i) =>
            `<ellipse cx="${150 + i * 270 + n(i, 80)}" cy="${700 + n(i + 6, 120)}" rx="220" ry="60" fill="#ffffff" opacity="0.85"/>`,
        ).join('') +
        `<line x1="0" y1="330" x2="1000" y2="300" stroke="#ffffff" stroke-width="10" opacity="0.6"/><line x1="0" y1="470" x2="880" y2="430" stroke="#ffffff" stroke-width="10" opacity="0.6"/>` +
        jet(980, 260, 2.4, '#3b4650') +
        jet(860, 400, 2.4, '#3b4650');
      break;
    case 'recruits':
      body =
        sky('#8fb3d9', '#e8eef5') +
        `<rect y="560" width="1600" height="340" fill="#8c8f93"/><rect x="1180" y="140" width="10" height="430" fill="#444"/><rect x="1190" y="150" width="200" height="120" fill="#1d3f8f"/><path d="M1190 150 L1390 270 M1390 150 L1190 270" stroke="#ffffff" stroke-width="22"/><path d="M1190 150 L1390 270 M1390 150 L1190 270" stroke="#c8102e" stroke-width="8"/><rect x="1280" y="150" width="20" height="120" fill="#ffffff"/><rect x="1190" y="200" width="200" height="20" fill="#ffffff"/><rect x="1284" y="150" width="12" height="120" fill="#c8102e"/><rect x="1190" y="204" width="200" height="12" fill="#c8102e"/>` +
        Array.from({ length: 9 }, (_, i) => person(180 + i * 105, 760, 200, i % 3 === n(1, 3) ? '#3c4a2e' : '#4b5a38')).join('');
      break;
    case 'drones':
      body =
        sky('#3b3a5a', '#f2a65a') +
        `<rect y="640" width="1600" height="260" fill="#4f6272"/><polygon points="0,900 0,520 220,470 420,560 520,900" fill="#2f3a2f"/><polygon points="1100,900 1250,540 1400,500 1600,560 1600,900" fill="#2f3a2f"/>` +
        Array.from({ length: 11 }, (_, i) => drone(700 + n(i, 700), 160 + n(i + 11, 300), 14 + n(i + 22, 10))).join('');
      break;
    case 'carrier':
      body =
        sky('#7fa7c9', '#dbe7f0') +
        `<rect y="600" width="1600" height="300" fill="#2c4a63"/><polygon points="200,600 1450,600 1380,700 300,700" fill="#59636b"/><rect x="1050" y="470" width="70" height="130" fill="#59636b"/><rect x="1140" y="500" width="60" height="100" fill="#59636b"/><rect x="1070" y="440" width="8" height="30" fill="#59636b"/>` +
        Array.from({ length: 5 }, (_, i) => jet(320 + i * 140, 570, 0.55, '#2f353a')).join('');
      break;
    case 'town':
      body =
        sky('#6c7480', '#c9cdd2') +
        Array.from({ length: 14 }, (_, i) => {
          const w = 80 + n(i, 60);
          const height = 140 + n(i + 14, 260);
          const x = i * 115;
          const broken =
            n(i + 3, 3) === 0
              ? `<polygon points="${x},${900 - height} ${x + w * 0.5},${900 - height + 60} ${x + w},${900 - height}" fill="#6c7480"/>`
              : '';
          return `<rect x="${x}" y="${900 - height}" width="${w}" height="${height}" fill="#3d3f44"/>${broken}`;
        }).join('') +
        `<circle cx="1150" cy="420" r="90" fill="#8d8f93" opacity="0.8"/><circle cx="1210" cy="330" r="110" fill="#a3a5a8" opacity="0.7"/><circle cx="1280" cy="220" r="130" fill="#b8babd" opacity="0.6"/><rect y="860" width="1600" height="40" fill="#e6e8ea"/>`;
      break;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">${body}</svg>`;
  return jpegOf(svg);
}
