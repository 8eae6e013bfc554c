import { formatDateTime } from '../../kernel/uk-time.js';
import { Pagination } from '../components/article-list.js';
import { Layout } from '../components/layout.js';
import { absolute, breadcrumbs, DEFAULT_IMAGE } from './structured-data.js';
import { pageUrl, type Chrome } from './reader-context.js';

export interface CorrectionsPageProps {
  chrome: Chrome;
  corrections: {
    items: Array<{ id: string; body: string; at: string; headline: string; path: string }>;
    page: number;
    hasMore: boolean;
  };
}

const PATH = '/corrections';
const DESCRIPTION = 'Every correction we have made to a published story, newest first.';

/** `/corrections`: the outlet's public record of what it got wrong and put right. */
export function CorrectionsPage({ chrome, corrections }: CorrectionsPageProps) {
  const prev = corrections.page > 1 ? pageUrl(PATH, corrections.page - 1) : null;
  const next = corrections.hasMore ? pageUrl(PATH, corrections.page + 1) : null;
  const title = corrections.page > 1 ? `Corrections (page ${corrections.page})` : 'Corrections';
  return (
    <Layout
      chrome={chrome}
      meta={{
        title,
        description: DESCRIPTION,
        canonical: absolute(chrome, pageUrl(PATH, corrections.page)),
        ogType: 'website',
        image: { url: absolute(chrome, DEFAULT_IMAGE), alt: chrome.site.outletName },
        prev: prev && absolute(chrome, prev),
        next: next && absolute(chrome, next),
        jsonLd: [breadcrumbs(chrome, [{ name: 'Corrections', path: PATH }])],
      }}
    >
      <header class="listing-header">
        <h1>{title}</h1>
        <p class="listing-description">{DESCRIPTION}</p>
      </header>
      {corrections.items.length === 0 ? (
        <p class="empty">No corrections so far.</p>
      ) : (
        <ol class="corrections-list">
          {corrections.items.map((c) => (
            <li>
              <h2>
                <a href={c.path}>{c.headline}</a>
              </h2>
              <p>
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>: {c.body}
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination prev={prev} next={next} page={corrections.page} />
    </Layout>
  );
}
