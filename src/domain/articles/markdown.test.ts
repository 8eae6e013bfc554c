import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBody } from './markdown.js';

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
  const body = 'Intro.\n\nMr Smith said: "Britain \\& France will act now\\!"\n\nLast.';
  const html = renderBody(body, [{ text: 'Britain & France will act now!', speaker: 'John Smith' }]);
  const aside = html.indexOf('<aside class="pull-quote"');
  assert.ok(aside > html.indexOf('Mr Smith said') && aside < html.indexOf('Last.'), html);
  assert.match(html, /<p>Britain &amp; France will act now!<\/p><footer><cite>John Smith<\/cite><\/footer><\/aside>/);
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
