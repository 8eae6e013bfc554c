// Body -> Markdown that renders as literal text, checked by rendering it with markdown-it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { bodyToMarkdown } from './page-markdown.js';
import type { ParsedParagraph } from './quotes.js';

const md = new MarkdownIt({ html: false });
const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

test('bodyToMarkdown: Markdown syntax survives as literal text', () => {
  const hostile = [
    '# not a heading',
    '1. not a list',
    '2) nor this',
    '<script>alert(1)</script>',
    '*stars*',
    '[x](javascript:alert(1))',
    '- dash',
    '+ plus',
    '> not a quote',
    '_under_ and `code` and ~~strike~~',
    '&copy; and \\escaped\\',
    '---',
    '![img](http://e.x/a.png)',
    'line one\n# sneaky heading',
  ];
  const paragraphs: ParsedParagraph[] = hostile.map((text) => ({ kind: 'text', text }));
  const html = md.render(bodyToMarkdown(paragraphs));

  for (const banned of ['<script', '<a', '<h1', '<ol', '<ul', '<em', '<strong', '<code', '<s>', '<hr', '<img', '<blockquote', '©']) {
    assert.ok(!html.includes(banned), `rendered HTML contains ${banned}:\n${html}`);
  }
  const rendered = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => unescapeHtml(m[1] ?? ''));
  assert.deepEqual(
    rendered,
    hostile.map((t) => t.replace(/\s+/g, ' ')),
  );
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('bodyToMarkdown: quote paragraphs become blockquotes with an em-dash cite line', () => {
  const paragraphs: ParsedParagraph[] = [
    { kind: 'text', text: 'Mr Putin said:' },
    { kind: 'quote', text: "We believe it's a huge mistake *really*", speaker: 'Vladimir Putin' },
  ];
  const markdown = bodyToMarkdown(paragraphs);
  assert.equal(markdown, "Mr Putin said:\n\n> We believe it's a huge mistake \\*really\\*\n>\n> — Vladimir Putin");
  const html = md.render(markdown);
  assert.match(html, /<blockquote>\s*<p>We believe it's a huge mistake \*really\*<\/p>\s*<p>— Vladimir Putin<\/p>\s*<\/blockquote>/);
  assert.equal(bodyToMarkdown([]), '');
});
