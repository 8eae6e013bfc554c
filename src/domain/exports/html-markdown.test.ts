import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBody } from '../articles/index.js';
import { lexicalToHtml, mobiledocToHtml } from './ghost-documents.js';
import { fillPictures, htmlToMarkdown, libraryPictureMarkdown, picturesShown } from './html-markdown.js';
import { decodeEntities, plainText } from './plain-text.js';
import { cleanWordPressContent } from './wordpress-html.js';

/** Markdown with each picture written as `{n: alt | caption}`, so a test can read where pictures went. */
function markdownOf(html: string) {
  const converted = htmlToMarkdown(html);
  const markdown = fillPictures(converted.markdown, (i) => `{${i}: ${converted.pictures[i]!.alt} | ${converted.pictures[i]!.caption}}`);
  return { ...converted, markdown };
}

test('block comments go, and the blocks’ HTML becomes Markdown: paragraphs, emphasis, links, headings, lists', () => {
  const { html } = cleanWordPressContent(
    '<!-- wp:paragraph -->\n<p>The <strong>harbour</strong> reopened, <a href="https://old.example/council/">the council</a> said.</p>\n<!-- /wp:paragraph -->\n' +
      '<!-- wp:heading --><h2 class="wp-block-heading">Repairs</h2><!-- /wp:heading -->\n<!-- wp:list --><ul><li>North wall</li><li>Slipways</li></ul><!-- /wp:list -->',
  );
  assert.doesNotMatch(html, /wp:/);
  const { markdown } = markdownOf(html);
  assert.match(markdown, /^The \*\*harbour\*\* reopened, \[the council\]\(https:\/\/old\.example\/council\/\) said\.$/m);
  assert.match(markdown, /^## Repairs$/m);
  assert.match(markdown, /^-\s+North wall\n-\s+Slipways$/m);
});

test('shortcodes: a caption becomes a captioned picture, embeds and media links, a gallery its pictures; others go, bracketed words stay', () => {
  const attachments = new Map([['13', { url: 'https://old.example/wp-content/uploads/2024/05/boat.jpg', alt: 'A boat' }]]);
  const { html, dropped } = cleanWordPressContent(
    [
      '[caption id="attachment_9" align="alignnone" width="300"]<a href="https://old.example/crane.jpg"><img src="https://old.example/wp-content/uploads/crane.jpg" alt="The crane" /></a> The crane in 1950[/caption]',
      '[embed]https://www.youtube.com/watch?v=abc[/embed]',
      '[video src="https://cdn.example/clip.mp4"][/video]',
      '[gallery ids="13,99"]',
      '[contact-form-7 id="12" title="Contact"]',
      '[highlight colour="yellow"]kept words[/highlight]',
      'Quotas are set each year [sic] by the ministry, see note [1].',
      '[[gallery]] is how a shortcode is written as text.',
    ].join('\n\n'),
    attachments,
  );
  assert.deepEqual(dropped.sort(), ['contact-form-7', 'highlight']);
  const { markdown, pictures } = markdownOf(html);
  assert.match(markdown, /\{0: The crane \| The crane in 1950\}/);
  assert.match(markdown, /\[https:\/\/www\.youtube\.com\/watch\?v=abc\]\(https:\/\/www\.youtube\.com\/watch\?v=abc\)/);
  assert.match(markdown, /\(https:\/\/cdn\.example\/clip\.mp4\)/);
  assert.match(markdown, /\{1: A boat \| \}/, 'the gallery shows the attachment the export holds');
  assert.equal(pictures.length, 2);
  assert.match(markdown, /^kept words$/m);
  assert.match(markdown, /each year \\\[sic\\\] by the ministry, see note \\\[1\\\]\./);
  assert.match(markdown, /\\\[gallery\\\] is how a shortcode is written as text\./);
  assert.doesNotMatch(markdown, /contact|highlight/);
});

test('classic-editor text gets its paragraphs and line breaks, and a lone address becomes a link', () => {
  const { html } = cleanWordPressContent(
    'First line\r\nsecond line\r\n\r\nNext paragraph.\r\n\r\nhttps://www.youtube.com/watch?v=x\r\n\r\n<h2>Heading</h2>',
  );
  const { markdown } = markdownOf(html);
  assert.equal(
    markdown,
    'First line  \nsecond line\n\nNext paragraph.\n\n[https://www.youtube.com/watch?v=x](https://www.youtube.com/watch?v=x)\n\n## Heading',
  );
});

test('scripts, styles and forms are dropped with their contents; frames, video and sound become links; unsafe links keep only their words', () => {
  const { markdown, notes } = markdownOf(
    '<p>Before</p><script>document.write("tracking")</script><style>p{color:red}</style><form><input name="q"><button>Go</button></form>' +
      '<iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="http://insecure.example/x"></iframe>' +
      '<video src="https://cdn.example/v.mp4"></video><p><a href="javascript:alert(1)">bad link</a> and <a href="data:text/html,x">data</a> &lt;b&gt;text&lt;/b&gt;</p>',
  );
  assert.doesNotMatch(markdown, /tracking|color|Go\b|insecure/);
  assert.match(markdown, /\[Embedded content from www\.youtube\.com\]\(https:\/\/www\.youtube\.com\/embed\/abc\)/);
  assert.match(markdown, /\[Video\]\(https:\/\/cdn\.example\/v\.mp4\)/);
  assert.match(markdown, /^bad link and data <b>text<\/b>$/m);
  assert.deepEqual(notes, ['2 embedded frames became links (or were dropped when not https)', 'a video became a link']);
  // What the renderer makes of it: no markup from the export survives as markup.
  const rendered = String(renderBody(markdown));
  assert.doesNotMatch(rendered, /<script|<style|<iframe|<form|<video|<b>|javascript:|data:/);
  assert.match(rendered, /&lt;b&gt;text&lt;\/b&gt;/);
});

test('tables become Markdown tables; a picture that links to its full size is just the picture', () => {
  const { markdown } = markdownOf(
    '<table><thead><tr><th>Boat</th><th>Catch</th></tr></thead><tbody><tr><td>Morning | Star</td><td><strong>12</strong> t</td></tr></tbody></table>' +
      '<figure class="wp-block-image"><a href="https://old.example/wp-content/uploads/big.jpg"><img src="https://old.example/wp-content/uploads/big-300x200.jpg" alt="Big"></a><figcaption>At dawn</figcaption></figure>',
  );
  assert.match(markdown, /^\| Boat \| Catch \|\n\| --- \| --- \|\n\| Morning \\\| Star \| \*\*12\*\* t \|$/m);
  assert.match(markdown, /^\{\d+: Big \| At dawn\}$/m);
  assert.doesNotMatch(markdown, /big\.jpg\)/, 'the link to the full size is gone');
});

test('placeholders become library pictures with escaped words; ones a table or card dropped are not asked for', () => {
  const converted = htmlToMarkdown('<p><img src="/a.jpg" alt="A [big] one"></p>');
  assert.deepEqual(picturesShown(converted.markdown), [0]);
  const filled = fillPictures(converted.markdown, () =>
    libraryPictureMarkdown('0b7e6a34-52a5-4d3e-9d3b-2f0f6c1a9e01', converted.pictures[0]!.alt, 'Said "hi"'),
  );
  assert.equal(filled, '![A \\[big\\] one](media:0b7e6a34-52a5-4d3e-9d3b-2f0f6c1a9e01 "Said \\"hi\\"")');
  // A Ghost bookmark card draws a thumbnail, but the card is a link: that picture is never shown.
  const bookmark = htmlToMarkdown(
    '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://regatta.example/"><div class="kg-bookmark-title">Enter</div><img src="https://regatta.example/t.jpg"></a></figure>',
  );
  assert.equal(bookmark.markdown, '[Enter](https://regatta.example/)');
  assert.deepEqual(picturesShown(bookmark.markdown), []);
});

test('a Lexical document: text formats, links, headings, lists, quotes, cards; paywall and the like left out', () => {
  const doc = {
    root: {
      type: 'root',
      children: [
        {
          type: 'paragraph',
          children: [
            { type: 'extended-text', text: 'Plain <b>not markup</b> ', format: 0 },
            { type: 'extended-text', text: 'bold', format: 1 },
            { type: 'text', text: ' and ', format: 0 },
            { type: 'link', url: 'https://trust.example/', children: [{ type: 'extended-text', text: 'italic link', format: 2 }] },
            { type: 'linebreak' },
            { type: 'extended-text', text: 'code', format: 16 },
          ],
        },
        { type: 'extended-heading', tag: 'h3', children: [{ type: 'extended-text', text: 'Heading' }] },
        { type: 'list', listType: 'number', children: [{ type: 'listitem', children: [{ type: 'extended-text', text: 'One' }] }] },
        { type: 'extended-quote', children: [{ type: 'extended-text', text: 'Quoted' }] },
        { type: 'image', src: '__GHOST_URL__/content/images/2024/05/x.jpg', alt: 'X', caption: '<span>Cap</span>' },
        { type: 'horizontalrule' },
        { type: 'markdown', markdown: '**md** <i>raw</i>' },
        { type: 'html', html: '<p>From HTML</p><script>alert(1)</script>' },
        { type: 'bookmark', url: 'https://read.example/', metadata: { title: 'Read more' } },
        { type: 'paywall' },
        { type: 'email-cta', html: '<p>Subscribe</p>' },
      ],
    },
  };
  const { html, dropped } = lexicalToHtml(JSON.stringify(doc));
  assert.deepEqual(dropped, ['a paywall card', 'an email-cta card']);
  const { markdown, pictures } = markdownOf(html);
  assert.equal(pictures[0]!.src, '/content/images/2024/05/x.jpg', "Ghost's own address becomes a path");
  assert.equal(
    markdown,
    [
      'Plain <b>not markup</b> **bold** and [*italic link*](https://trust.example/)  \n`code`',
      '### Heading',
      '1.  One',
      '> Quoted',
      '{0: X | Cap}',
      '---',
      '**md** <i>raw</i>',
      'From HTML',
      '[Read more](https://read.example/)',
    ].join('\n\n'),
  );
});

test('a Mobiledoc document: markups, atoms, lists and cards', () => {
  const doc = {
    version: '0.3.1',
    atoms: [['soft-return', '', {}]],
    markups: [['a', ['href', 'https://fisheries.example/report']], ['strong'], ['em']],
    cards: [
      ['image', { src: '__GHOST_URL__/content/images/2023/11/nets.jpg', alt: 'Nets', caption: 'Drying' }],
      ['code', { code: 'let x = 1 < 2;' }],
    ],
    sections: [
      [
        1,
        'p',
        [
          [0, [], 0, 'Read the '],
          [0, [0, 1], 2, 'report'],
          [1, [], 0, 0],
          [0, [2], 1, 'now'],
        ],
      ],
      [10, 0],
      [3, 'ul', [[[0, [], 0, 'Mackerel']], [[0, [], 0, 'Herring']]]],
      [1, 'h2', [[0, [], 0, 'Figures']]],
      [10, 1],
      [1, 'blockquote', [[0, [], 0, 'Never better']]],
    ],
  };
  const { html, dropped } = mobiledocToHtml(JSON.stringify(doc));
  assert.deepEqual(dropped, []);
  const { markdown } = markdownOf(html);
  assert.equal(
    markdown,
    [
      'Read the [**report**](https://fisheries.example/report)  \n*now*',
      '{0: Nets | Drying}',
      '-   Mackerel\n-   Herring',
      '## Figures',
      '```\nlet x = 1 < 2;\n```',
      '> Never better',
    ].join('\n\n'),
  );
});

test('a broken Lexical or Mobiledoc document is that post’s error', () => {
  assert.throws(() => lexicalToHtml('{"root": '), { code: 'EXPORT_ITEM_INVALID', message: /Lexical content is not valid JSON/ });
  assert.throws(() => mobiledocToHtml('[1,2]'), { code: 'EXPORT_ITEM_INVALID' });
});

test('titles and excerpts are plain text: tags dropped, references decoded, controls removed', () => {
  assert.equal(plainText('Tom &amp; Jerry&#8217;s <em>big</em>&nbsp;day &#x2014; \u0007live'), 'Tom & Jerry’s big day — live');
  assert.equal(decodeEntities('&unknown; &#0; &#xD800;'), '&unknown; &#0; &#xD800;');
});
