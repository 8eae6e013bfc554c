import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyPictures, renderBody } from './markdown.js';
import type { LibraryPicture } from '../media/index.js';

test('Markdown never passes raw HTML or unsafe links', () => {
  const html = renderBody(
    'Hi <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n[a](javascript:alert(3)) [b](data:text/html,x) [c](https://example.org/ok) [d](/army)',
  );
  assert.doesNotMatch(html, /<script|<img|href="javascript:|href="data:/);
  assert.match(html, /&lt;script&gt;/);
  assert.match(html, /<a href="https:\/\/example.org\/ok">c<\/a>/);
  assert.match(html, /<a href="\/army">d<\/a>/);
});

test('a block quote ending in an em-dash line cites its speaker', () => {
  const html = renderBody('> We will hold the line.\n>\n> — General Jane Hale');
  assert.equal(html.trim(), '<blockquote>\n<p>We will hold the line.</p>\n<footer><cite>General Jane Hale</cite></footer></blockquote>');
});

test('a pull quote appears once, after its paragraph, even when the body escapes its punctuation', () => {
  const body =
    'Intro.\n\nSpeaking to reporters in Brussels after a long day of talks with allies, Mr Smith said: "Britain \\& France will act now\\!"\n\nLast.';
  const html = renderBody(body, [{ text: 'Britain & France will act now!', speaker: 'John Smith' }]);
  const aside = html.indexOf('<aside class="pull-quote"');
  assert.ok(aside > html.indexOf('Mr Smith said') && aside < html.indexOf('Last.'), html);
  assert.match(html, /<p>Britain &amp; France will act now!<\/p><footer><cite>John Smith<\/cite><\/footer><\/aside>/);
});

test('a paragraph that is mostly the quote is not repeated by a pull quote; pull quotes sit between paragraphs', () => {
  const body =
    'During his address to the UN, Mr Obama declared: "We must recognise that there cannot be, after so much bloodshed, so much carnage, a return to the pre-war status quo."\n\nMr Putin, speaking shortly after, said:';
  const html = renderBody(body, [
    {
      text: 'We must recognise that there cannot be, after so much bloodshed, so much carnage, a return to the pre-war status quo.',
      speaker: 'Barack Obama',
    },
  ]);
  assert.doesNotMatch(html, /pull-quote/, 'the paragraph already shows the quote');
  assert.equal(html.match(/We must recognise/g)?.length, 1);
});

test('a quote already standing as a block quote is not repeated as a pull quote', () => {
  const html = renderBody('> Hold the line\\!\n>\n> — Jane Hale', [{ text: 'Hold the line!', speaker: 'Jane Hale' }]);
  assert.doesNotMatch(html, /pull-quote/);
});

test('a body heading is never a second <h1>', () => {
  const html = renderBody('# Background\n\nText.\n\n## Detail');
  assert.doesNotMatch(html, /<h1/);
  assert.match(html, /<h2>Background<\/h2>/);
  assert.match(html, /<h2>Detail<\/h2>/);
});

const ID = '0b6f6c1e-4a8e-4c55-9d0e-1f2a3b4c5d6e';
const libraryPicture = (over: Partial<LibraryPicture> = {}): LibraryPicture => ({
  id: ID,
  alt: 'Library alt "quoted"',
  caption: 'Soldiers on <exercise>',
  credit: 'MOD',
  crops: {},
  full: {
    width: 1280,
    height: 720,
    focal: { x: 0.5, y: 0.5 },
    type: 'image/jpeg',
    variants: [
      { url: `/media/i/ab/x/640.avif`, type: 'image/avif', width: 640, height: 360 },
      { url: `/media/i/ab/x/640.jpg`, type: 'image/jpeg', width: 640, height: 360 },
      { url: `/media/i/ab/x/1280.jpg`, type: 'image/jpeg', width: 1280, height: 720 },
    ],
  },
  ...over,
});

test('a library picture alone in a paragraph is a figure with its caption and credit, escaped', () => {
  const html = renderBody(`Before.\n\n![Troops crossing a river](media:${ID})\n\nAfter.`, [], new Map([[ID, libraryPicture()]]));
  assert.match(
    html,
    /<p>Before.<\/p>\n<figure class="body-picture"><picture><source type="image\/avif" srcset="\/media\/i\/ab\/x\/640.avif 640w" sizes="[^"]+"><img src="\/media\/i\/ab\/x\/1280.jpg" srcset="\/media\/i\/ab\/x\/640.jpg 640w, \/media\/i\/ab\/x\/1280.jpg 1280w" sizes="[^"]+" alt="Troops crossing a river" width="1280" height="720" loading="lazy" decoding="async"><\/picture><figcaption>Soldiers on &lt;exercise&gt; <span class="credit">MOD<\/span><\/figcaption><\/figure>\n<p>After.<\/p>/,
  );
  // No alt written in the body: the library's, escaped. A title replaces the caption.
  const own = renderBody(`![](media:${ID} "Our own caption")`, [], new Map([[ID, libraryPicture()]]));
  assert.match(own, /alt="Library alt &quot;quoted&quot;"/);
  assert.match(own, /<figcaption>Our own caption <span class="credit">MOD<\/span><\/figcaption>/);
});

test('only library pictures are shown: an address elsewhere, an unknown id or a media: link shows nothing of the picture', () => {
  const pictures = new Map([[ID, libraryPicture()]]);
  const html = renderBody(
    `![hot](https://elsewhere.example/x.jpg)\n\n![gone](media:11111111-2222-3333-4444-555555555555)\n\nSee [the picture](media:${ID}) and ![inline](media:${ID}) here.`,
    [],
    pictures,
  );
  assert.doesNotMatch(html, /elsewhere\.example|11111111|href="media:/);
  assert.match(html, /<p>See the picture and <picture>.*alt="inline".*<\/picture> here.<\/p>/, 'inline: a picture, no figure');
  assert.deepEqual(bodyPictures(`![a](media:${ID.toUpperCase()}) ![b](https://x.example/y.png) ![](media:${ID})`), {
    library: [
      { id: ID, alt: 'a' },
      { id: ID, alt: '' },
    ],
    elsewhere: ['https://x.example/y.png'],
  });
});
