import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { test } from 'node:test';
import { readGhostRows } from './ghost-reader.js';
import { readWxr, type WxrEvent } from './wxr-reader.js';

const WORDPRESS_FIXTURE = new URL('../../../test/fixtures/wordpress/harbour-herald.xml', import.meta.url).pathname;
const GHOST_FIXTURE = new URL('../../../test/fixtures/ghost/coast-chronicle.json', import.meta.url).pathname;

/** `text` as a stream of small chunks, so every boundary case (a tag, a character split in two) is met. */
async function* chunks(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function events(source: AsyncIterable<Uint8Array>): Promise<WxrEvent[]> {
  const all: WxrEvent[] = [];
  for await (const e of readWxr(source)) all.push(e);
  return all;
}

const WXR_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">';

test('the fixture reads as its channel, then each item in file order, CRLF made LF, comments and their titles ignored', async () => {
  const all = await events(createReadStream(WORDPRESS_FIXTURE, { highWaterMark: 512 }));
  const first = all[0]!;
  assert.equal(first.kind, 'channel');
  if (first.kind !== 'channel') return;
  assert.equal(first.channel.baseUrl, 'https://harbourherald.example');
  assert.deepEqual(
    [...first.channel.authors],
    [
      ['jdoe', 'Jane Doe'],
      ['asmith', 'Arthur Smith'],
    ],
  );
  const items = all.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
  assert.deepEqual(
    items.map((i) => `${i.postType} ${i.postId}`),
    ['post 101', 'post 102', 'post 103', 'post 105', 'page 104', 'nav_menu_item 301', 'attachment 201'],
  );
  const post = items[0]!;
  assert.equal(post.title, 'Harbour reopens after storm repairs', 'the comment’s <title> is not the post’s');
  assert.equal(post.meta.get('_thumbnail_id'), '201');
  assert.deepEqual(
    post.terms.map((t) => `${t.domain}:${t.name}`),
    ['category:Local News', 'category:Sport', 'post_tag:Harbour', 'post_tag:Council'],
  );
  assert.doesNotMatch(post.content, /\r/);
  assert.equal(items[6]!.meta.get('_wp_attached_file'), '2024/05/harbour.jpg');
});

test('a DOCTYPE with an external entity (XXE) is refused before any item is read', async () => {
  const xxe = `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${WXR_HEAD.split('\n')[1]}<channel><item><title>&xxe;</title></item></channel></rss>`;
  const seen: WxrEvent[] = [];
  await assert.rejects(
    async () => {
      for await (const e of readWxr(chunks(xxe))) seen.push(e);
    },
    { code: 'EXPORT_DOCTYPE_REFUSED', message: /document type \(<!DOCTYPE>, line 2\).*external entities.*billion laughs/s },
  );
  assert.equal(seen.length, 0);
});

test('a billion-laughs document is refused at its DOCTYPE, without expanding anything', async () => {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><lolz>&lol9;</lolz>`;
  await assert.rejects(events(chunks(bomb, 64)), { code: 'EXPORT_DOCTYPE_REFUSED' });
});

test('an entity XML does not define is an error with its line and column, never text', async () => {
  const xml = `${WXR_HEAD}\n<channel>\n<item><title>Caf&eacute; reopens</title></item></channel></rss>`;
  await assert.rejects(events(chunks(xml)), {
    code: 'EXPORT_MALFORMED',
    message: /not well-formed XML at line 4, column \d+: undefined entity \(an entity XML does not define/,
  });
});

test('malformed XML stops with its line and column, after the items before it', async () => {
  const xml = `${WXR_HEAD}\n<channel>\n<item><title>One</title></item>\n<item><title>Two</title></channel></rss>`;
  const seen: string[] = [];
  await assert.rejects(
    async () => {
      for await (const e of readWxr(chunks(xml))) if (e.kind === 'item') seen.push(e.item.title);
    },
    { code: 'EXPORT_MALFORMED', message: /at line 5, column \d+: unexpected close tag/ },
  );
  assert.deepEqual(seen, ['One']);
});

test('what is not a WordPress export is told apart: a plain feed, another XML document, bytes that are not UTF-8', async () => {
  await assert.rejects(events(chunks('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')), {
    code: 'NOT_AN_EXPORT',
    message: /an RSS feed, not a WordPress export/,
  });
  await assert.rejects(events(chunks('<svg xmlns="http://www.w3.org/2000/svg"/>')), { code: 'NOT_AN_EXPORT', message: /root is <svg>/ });
  await assert.rejects(events(chunks('')), { code: 'NOT_AN_EXPORT' });
  await assert.rejects(events(chunks('\n  {"db": []}')), { code: 'NOT_AN_EXPORT', message: /JSON, not a WordPress export.*import-ghost/ });
  const latin1 = new Uint8Array([
    ...new TextEncoder().encode(`${WXR_HEAD}<channel><title>Caf`),
    0xe9,
    ...new TextEncoder().encode('</title>'),
  ]);
  await assert.rejects(events(chunks(latin1)), { code: 'FILE_NOT_UTF8' });
  await assert.rejects(events(chunks('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>')), {
    code: 'FILE_NOT_UTF8',
    message: /ISO-8859-1/,
  });
});

test('a character split between two chunks is read whole', async () => {
  const xml = `${WXR_HEAD}<channel><item><title>Skippers’ café — 🐟</title></item></channel></rss>`;
  for (const size of [1, 2, 3, 5]) {
    const items = (await events(chunks(xml, size))).flatMap((e) => (e.kind === 'item' ? [e.item.title] : []));
    assert.deepEqual(items, ['Skippers’ café — 🐟'], `chunks of ${size}`);
  }
});

test('a Ghost export streams its rows table by table, and counts every table', async () => {
  const counts = new Map<string, number>();
  const rows: string[] = [];
  for await (const row of readGhostRows(() => createReadStream(GHOST_FIXTURE, { highWaterMark: 256 }), new Set(['tags', 'users']), counts))
    rows.push(`${row.collection}:${String(row.value.name)}`);
  assert.deepEqual(rows, [
    'tags:Coast',
    'tags:People',
    'tags:#imported',
    'tags:Fishing',
    'tags:Sport',
    'users:Morag Campbell',
    'users:Ewan Ross',
  ]);
  assert.equal(counts.get('posts'), 6);
  assert.equal(counts.get('posts_tags'), 6);
});

test('an unwrapped Ghost export ({"data": …}) reads too; JSON that is not an export is refused', async () => {
  const rows = [];
  for await (const row of readGhostRows(() => chunks('{"data":{"posts":[{"id":"1","title":"T"}]}}'), new Set(['posts'])))
    rows.push(row.value);
  assert.deepEqual(rows, [{ id: '1', title: 'T' }]);
  await assert.rejects(readGhostRows(() => chunks('[1,2,3]'), new Set(['posts'])).next(), { code: 'NOT_AN_EXPORT' });
  await assert.rejects(readGhostRows(() => chunks('\uFEFF<?xml version="1.0"?><rss/>'), new Set(['posts'])).next(), {
    code: 'NOT_AN_EXPORT',
    message: /XML, not a Ghost export.*import-wordpress/,
  });
  await assert.rejects(
    (async () => {
      for await (const _ of readGhostRows(() => chunks('{"posts":[{"id":"1"}]}'), new Set(['posts'])));
    })(),
    { code: 'NOT_AN_EXPORT', message: /not a Ghost export/ },
  );
});

test('malformed JSON is refused with its line and column', async () => {
  const broken = '{"db":[{"data":{\n"posts":[\n{"id":"1","title":"One"},\n{"id":"2","title": tru}\n]}}]}';
  await assert.rejects(
    (async () => {
      for await (const _ of readGhostRows(() => chunks(broken), new Set(['posts'])));
    })(),
    { code: 'EXPORT_MALFORMED', message: /not valid JSON at line 4, column \d+: expected a value/ },
  );
});
