import type { VNode } from 'preact';
import { jsxTemplate } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';

const rendered = new WeakMap<object, Map<string, string>>();

/**
 * The markup `render` gives, rendered once for each `variant` of `owner` and reused while
 * `owner` lives. `owner` must be a read model the services share and never change (a card the
 * read-model memo holds): when a change drops it from the memo, its markup goes with it, so a
 * page never shows markup older than its data. Most of a listing's markup is its cards, the
 * same on every page that shows them: rendering each once makes an uncached page far cheaper.
 */
export function renderedOnce(owner: object, variant: string, render: () => VNode): VNode {
  let forms = rendered.get(owner);
  if (forms === undefined) rendered.set(owner, (forms = new Map()));
  let html = forms.get(variant);
  if (html === undefined) forms.set(variant, (html = renderToString(render())));
  // Preact's precompiled-template node: its text is written out as it is (it is already escaped markup).
  return jsxTemplate([html]);
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

/**
 * A number naming `object` while it lives, for the variant of markup that shows more than one
 * read model (an article's page shows the site's settings too): another object, another number.
 */
export function identityOf(object: object): number {
  let id = identities.get(object);
  if (id === undefined) identities.set(object, (id = ++lastIdentity));
  return id;
}
