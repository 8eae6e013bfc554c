import type { SitePage } from '../../domain/site/index.js';
import type { SanitizedHtml } from '../../kernel/sanitized-html.js';
import { Html } from '../components/html.js';
import { Layout } from '../components/layout.js';
import type { Chrome } from './reader-context.js';
import { absolute, breadcrumbs, DEFAULT_IMAGE } from './structured-data.js';

/** About, Contact, Privacy or Terms: a title and the admin's words. */
export function SitePageView({ chrome, page, bodyHtml }: { chrome: Chrome; page: SitePage; bodyHtml: SanitizedHtml }) {
  return (
    <Layout
      chrome={chrome}
      meta={{
        title: page.title,
        description: `${page.title}: ${chrome.site.outletName}`,
        canonical: absolute(chrome, page.path),
        ogType: 'website',
        image: { url: absolute(chrome, DEFAULT_IMAGE), alt: chrome.site.outletName },
        jsonLd: [breadcrumbs(chrome, [{ name: page.title, path: page.path }])],
      }}
    >
      <article class="site-page">
        <h1>{page.title}</h1>
        <Html className="article-body" html={bodyHtml} />
      </article>
    </Layout>
  );
}
