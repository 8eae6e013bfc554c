import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import { identityOf, isRenderedPage, renderedOnce, renderPage } from './rendered-once.js';

test('renderedOnce renders a variant of an object once, and each variant and object apart', () => {
  const owner = {};
  let renders = 0;
  const draw = (text: string) => () => {
    renders++;
    return <p>{text}</p>;
  };
  const page = (text: string, variant = 'a', of: object = owner) => renderToString(<div>{renderedOnce(of, variant, draw(text))}</div>);
  assert.equal(page('one <b>'), '<div><p>one &lt;b></p></div>', 'the markup as Preact renders it, escaped once');
  assert.equal(page('two'), '<div><p>one &lt;b></p></div>', 'the same object and variant: the first rendering');
  assert.equal(renders, 1);
  assert.equal(page('two', 'b'), '<div><p>two</p></div>', 'another variant renders afresh');
  assert.equal(page('three', 'a', {}), '<div><p>three</p></div>', 'another object (a changed read model) renders afresh');
  assert.equal(renders, 3);
});

test('renderPage splices kept markup in as bytes, in place, whatever order it was asked for', () => {
  const story = { headline: 'Troops’ return — “early” <b>' };
  const site = { name: 'The Garrison Wire · Défense' };
  const Masthead = () => renderedOnce(site, 'masthead', () => <header>{site.name}</header>);
  // The story's markup is asked for before the masthead's (it is built first), yet follows it on the page.
  const Page = () => {
    const main = renderedOnce(story, 'story', () => (
      <article>
        <h1>{story.headline}</h1>
        {renderedOnce(site, 'inner', () => (
          <small>{site.name}</small>
        ))}
      </article>
    ));
    return (
      <html lang="en-GB">
        <body>
          <Masthead />
          <p title={'a <\u0000 0> b'}>Text with a NUL \u0000, “é” and a mark-like {'<\u00001>'} in it</p>
          {main}
          <footer>
            <Masthead />
          </footer>
        </body>
      </html>
    );
  };
  const expected =
    '<!doctype html>' +
    renderToString(
      <html lang="en-GB">
        <body>
          <header>{site.name}</header>
          <p title={'a <\u0000 0> b'}>Text with a NUL \u0000, “é” and a mark-like {'<\u00001>'} in it</p>
          <article>
            <h1>{story.headline}</h1>
            <small>{site.name}</small>
          </article>
          <footer>
            <header>{site.name}</header>
          </footer>
        </body>
      </html>,
    );
  const first = renderPage(<Page />);
  assert.equal(first.toString('utf8'), expected);
  assert.equal(first.length, Buffer.byteLength(expected), 'no byte more or less than the markup');
  assert.ok(isRenderedPage(first));
  assert.equal(isRenderedPage(Buffer.from(expected)), false, 'only pages renderPage made');
  assert.equal(renderPage(<Page />).toString('utf8'), expected, 'the second page, from kept bytes, reads the same');
  assert.equal(renderToString(<Page />), expected.slice('<!doctype html>'.length), 'outside renderPage, kept markup is text');
});

test('identityOf names each object with a number of its own, the same while it lives', () => {
  const a = {};
  const b = {};
  assert.equal(identityOf(a), identityOf(a));
  assert.notEqual(identityOf(a), identityOf(b));
});
