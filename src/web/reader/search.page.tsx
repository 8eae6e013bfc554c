import type { ArticleCard } from '../../domain/articles/index.js';
import { SNIPPET_END, SNIPPET_MARK } from '../../domain/search/index.js';
import { formatCardTime } from '../../kernel/uk-time.js';
import { Layout } from '../components/layout.js';
import type { Chrome } from './reader-context.js';

/** One result: the story's card and the passage of it that matched. */
export interface SearchResultView {
  card: ArticleCard;
  snippet: string;
}

export interface SearchPageProps {
  chrome: Chrome;
  /** The query as typed (shown back in the box). */
  q: string;
  section: string;
  results: SearchResultView[];
  total: number;
  /** More than `total` match. */
  totalCapped: boolean;
  page: number;
  /** Addresses of the neighbouring pages of results, when there are any. */
  prev: string | null;
  next: string | null;
  /** True when the query had nothing to search for (empty, or only exclusions). */
  empty: boolean;
}

/**
 * A snippet with its matched words in <mark>: the text is split on the index's private-use
 * markers and every part is rendered as text, so nothing in an article becomes markup.
 */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(new RegExp(`(${SNIPPET_MARK}[^${SNIPPET_END}]*${SNIPPET_END})`, 'u'));
  return (
    <p class="search-snippet">
      {parts.map((part) =>
        part.startsWith(SNIPPET_MARK) ? <mark>{part.slice(1, -1)}</mark> : part.replaceAll(SNIPPET_MARK, '').replaceAll(SNIPPET_END, ''),
      )}
    </p>
  );
}

const capitalise = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const count = (n: number, capped: boolean) =>
  `${capped ? 'more than ' : ''}${n.toLocaleString('en-GB')} ${n === 1 && !capped ? 'story' : 'stories'}`;

/** `/search`: the query box (it works without JavaScript) and a page of results, never indexed by search engines. */
export function SearchPage({ chrome, q, section, results, total, totalCapped, page, prev, next, empty }: SearchPageProps) {
  const heading = q.trim() ? `Search results for “${q.trim()}”` : 'Search';
  return (
    <Layout
      chrome={chrome}
      meta={{ title: page > 1 ? `${heading} (page ${page})` : heading, description: `Search ${chrome.site.outletName}.`, noindex: true }}
    >
      <header class="listing-header">
        <h1>{heading}</h1>
      </header>
      <form class="search-form" role="search" action="/search" method="get">
        <div class="search-fields">
          <label for="search-q">Search for</label>
          <input id="search-q" type="search" name="q" value={q} maxLength={200} autoComplete="off" />
          <span class="search-in">
            <label for="search-section">In</label>
            <select id="search-section" name="section">
              <option value="">All sections</option>
              {chrome.sections.map((s) => (
                <option value={s.slug} selected={s.slug === section}>
                  {s.name}
                </option>
              ))}
            </select>
          </span>
          <button type="submit">Search</button>
        </div>
        <p class="search-help">
          Use quotes for an exact phrase (“air strikes”), a minus to leave a word out (-exercise), and a star to match the start of a word
          (milit*).
        </p>
      </form>
      {empty ? null : results.length === 0 ? (
        <p class="empty" role="status">
          No stories match. Try fewer or different words.
        </p>
      ) : (
        <>
          <p class="search-count" role="status">
            {page > 1 ? `Page ${page} of ${count(total, totalCapped)}` : `${capitalise(count(total, totalCapped))} found`}
            {totalCapped &&
              `. These are the best matches among the newest ${total.toLocaleString('en-GB')}: add a word or choose a section to reach older ones.`}
          </p>
          <ol class="search-results">
            {results.map(({ card, snippet }) => (
              <li>
                <p class="kicker">{card.kicker}</p>
                <h2>
                  <a href={card.path}>{card.headline}</a>
                </h2>
                <Snippet text={snippet || card.standfirst} />
                <p class="card-meta">
                  <time dateTime={card.publishedAt}>{formatCardTime(card.publishedAt, chrome.now)}</time>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
      {(prev || next) && (
        <nav class="pagination" aria-label="Pages of results">
          {prev && (
            <a href={prev} rel="prev">
              Previous results
            </a>
          )}
          {next && (
            <a href={next} rel="next">
              More results
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
