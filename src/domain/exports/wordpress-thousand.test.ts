import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { test } from 'node:test';
import { exportFileAt, type ExportSummary } from './index.js';
import { FACTORY } from '../../../test/factories.js';
import { testDatabases } from '../../../test/helpers/databases.js';
import { exportServices, rowCount, tempFolder } from '../../../test/helpers/exports.js';

const POSTS = 1000;
const SECTIONS = ['Local News', 'Sport', 'Business', 'Culture', 'Opinion'];
const TAGS = Array.from({ length: 20 }, (_, i) => `Tag ${i + 1}`);
const AUTHORS = [
  ['jdoe', 'Jane Doe'],
  ['asmith', 'Arthur Smith'],
  ['mkhan', 'Mina Khan'],
];

/** One post as WordPress's block editor stores it: a few paragraphs, a heading, a list, a shortcode. */
function item(n: number): string {
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  const paragraphs = Array.from(
    { length: 6 },
    (_, p) =>
      `<!-- wp:paragraph -->\n<p>Paragraph ${p + 1} of story ${n}: the <strong>harbour board</strong> met on Tuesday &amp; agreed the plan, <a href="https://old.example/2023/01/01/story-${n - 1}/">as reported</a>.</p>\n<!-- /wp:paragraph -->`,
  ).join('\n\n');
  return `
	<item>
		<title><![CDATA[Story number ${n}: the board’s decision]]></title>
		<link>https://old.example/2023/${month}/${day}/story-${n}/</link>
		<pubDate>Mon, 01 May 2023 09:30:00 +0000</pubDate>
		<dc:creator><![CDATA[${AUTHORS[n % AUTHORS.length]![0]}]]></dc:creator>
		<guid isPermaLink="false">https://old.example/?p=${n}</guid>
		<description></description>
		<content:encoded><![CDATA[${paragraphs}

<!-- wp:heading --><h2 class="wp-block-heading">What happens next</h2><!-- /wp:heading -->
<!-- wp:list --><ul><li>A vote in June</li><li>Work in autumn</li></ul><!-- /wp:list -->
[contact-form-7 id="5" title="Tell us"]]]></content:encoded>
		<excerpt:encoded><![CDATA[The board agreed plan ${n}.]]></excerpt:encoded>
		<wp:post_id>${n}</wp:post_id>
		<wp:post_date><![CDATA[2023-${month}-${day} 10:30:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2023-${month}-${day} 09:30:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[story-${n}]]></wp:post_name>
		<wp:status><![CDATA[${n % 50 === 0 ? 'draft' : 'publish'}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<category domain="category" nicename="s"><![CDATA[${SECTIONS[n % SECTIONS.length]}]]></category>
		<category domain="post_tag" nicename="a"><![CDATA[${TAGS[n % TAGS.length]}]]></category>
		<category domain="post_tag" nicename="b"><![CDATA[${TAGS[(n * 7) % TAGS.length]}]]></category>
	</item>`;
}

/** A WXR file of `count` posts, written as a stream (never built whole in memory). */
async function writeExport(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n\t<title>Old Example</title>\n\t<link>https://old.example</link>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n\t<wp:base_site_url>https://old.example</wp:base_site_url>\n',
  );
  for (const [login, name] of AUTHORS)
    out.write(
      `\t<wp:author><wp:author_login><![CDATA[${login}]]></wp:author_login><wp:author_display_name><![CDATA[${name}]]></wp:author_display_name></wp:author>\n`,
    );
  for (let n = 1; n <= count; n++) if (!out.write(item(n))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  out.end('\n</channel>\n</rss>\n');
  await finished(out);
}

test(`a WXR export of ${POSTS.toLocaleString('en-GB')} posts imports in one run, and a second run adds nothing`, async (t) => {
  const dir = await tempFolder(t);
  const file = join(dir, 'old-example.WordPress.xml');
  await writeExport(file, POSTS);
  const ctx = await exportServices(t, testDatabases[0]!);
  assert.equal(await rowCount(ctx.handle, 'articles'), 0);

  const run = async (): Promise<ExportSummary> => {
    let lines = 0;
    let last = { done: 0, total: 0 };
    const summary = await ctx.services.exportImporter.importWordPress(
      FACTORY,
      await exportFileAt(file, { platform: 'wordpress' }),
      {},
      {
        item: () => lines++,
        progress: (p) => {
          if (p.phase === 'importing') last = { done: p.done, total: p.total };
        },
      },
    );
    assert.equal(lines, POSTS, 'one report line per post');
    assert.deepEqual(last, { done: POSTS, total: POSTS }, 'progress counts every post of a total known from the first reading');
    return summary;
  };

  const first = await run();
  assert.deepEqual(
    { ...first, file: undefined },
    { platform: 'wordpress', file: undefined, imported: POSTS, unchanged: 0, skipped: 0, failed: 0, pictures: 0 },
  );
  assert.equal(await rowCount(ctx.handle, 'articles'), POSTS);
  assert.equal(await rowCount(ctx.handle, 'sections'), SECTIONS.length);
  assert.equal(await rowCount(ctx.handle, 'topics'), TAGS.length);
  assert.equal(await rowCount(ctx.handle, 'authors'), AUTHORS.length);
  assert.equal(await rowCount(ctx.handle, 'redirects'), POSTS - POSTS / 50, 'every published post keeps its old address');

  const second = await run();
  assert.deepEqual(
    { ...second, file: undefined },
    { platform: 'wordpress', file: undefined, imported: 0, unchanged: POSTS, skipped: 0, failed: 0, pictures: 0 },
  );
  assert.equal(await rowCount(ctx.handle, 'articles'), POSTS, 'the second run added nothing');
  assert.equal(await rowCount(ctx.handle, 'redirects'), POSTS - POSTS / 50);
});
