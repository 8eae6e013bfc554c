import { DESK_STATES, type DeskItem, type DeskQuery, type DeskState } from '../../domain/articles/index.js';
import { can } from '../../domain/access/index.js';
import { formatDateTime } from '../../kernel/uk-time.js';
import { Notice } from './form.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

/** How each state reads in the list and its filter. */
export const STATE_LABELS: Record<DeskState, string> = {
  writing: 'Draft',
  in_review: 'In review',
  scheduled: 'Scheduled',
  published: 'Published',
  unpublished: 'Withdrawn',
};

type Option = { id: string; name: string };

export interface ArticlesPageProps {
  chrome: NewsroomChrome;
  items: DeskItem[];
  page: number;
  hasMore: boolean;
  query: DeskQuery;
  sections: Option[];
  authors: Option[];
  topics: Option[];
  notice?: string | undefined;
}

/** The URL of this list with `change` applied (filters kept, page reset unless given). */
export function listUrl(query: DeskQuery, change: Partial<Record<keyof DeskQuery, string | number | undefined>>): string {
  const params = new URLSearchParams();
  const merged = { ...query, page: undefined, ...change } as Record<string, unknown>;
  for (const key of ['q', 'state', 'section', 'author', 'topic', 'sort', 'page'] as const) {
    const v = merged[key];
    if (v !== undefined && v !== '' && !(key === 'sort' && v === 'updated') && !(key === 'page' && v === 1)) params.set(key, String(v));
  }
  if (merged.mine) params.set('mine', '1');
  const qs = params.toString();
  return qs ? `/newsroom/articles?${qs}` : '/newsroom/articles';
}

function Select(p: { name: string; label: string; value: string | undefined; options: Array<[string, string]>; any: string }) {
  return (
    <div class="nr-filter-field">
      <label for={`filter-${p.name}`}>{p.label}</label>
      <select id={`filter-${p.name}`} name={p.name}>
        <option value="" selected={!p.value}>
          {p.any}
        </option>
        {p.options.map(([value, label]) => (
          <option value={value} selected={p.value === value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `/newsroom/articles`: every article a member of staff may work on, filtered, searched and sorted. */
export function ArticlesPage(p: ArticlesPageProps) {
  const actor = p.chrome.actor!;
  const q = p.query;
  const when = (item: DeskItem) =>
    item.state === 'scheduled' && item.scheduledFor
      ? `Publishes ${formatDateTime(item.scheduledFor)}`
      : item.state === 'published' && item.publishedAt
        ? `Published ${formatDateTime(item.publishedAt)}`
        : `Saved ${formatDateTime(item.updatedAt)}`;
  return (
    <NewsroomLayout chrome={p.chrome} title="Articles" current="/newsroom/articles">
      <div class="nr-heading-row">
        <h1>Articles</h1>
        <p>
          <a class="button" href="/newsroom/articles/new">
            Write an article
          </a>
          {can(actor, 'article.import') && (
            <>
              {' '}
              <a class="button button-secondary" href="/newsroom/import">
                Import pages
              </a>
            </>
          )}
        </p>
      </div>
      {p.notice && <Notice>{p.notice}</Notice>}
      <form method="get" action="/newsroom/articles" class="nr-filter nr-article-filter" role="search">
        <div class="nr-filter-field">
          <label for="filter-q">Headline</label>
          <input id="filter-q" name="q" type="search" value={q.q ?? ''} maxLength={200} />
        </div>
        <Select name="state" label="Status" value={q.state} any="Any status" options={DESK_STATES.map((s) => [s, STATE_LABELS[s]])} />
        <Select name="section" label="Section" value={q.section} any="Any section" options={p.sections.map((s) => [s.id, s.name])} />
        <Select name="author" label="Author" value={q.author} any="Any author" options={p.authors.map((s) => [s.id, s.name])} />
        <Select name="topic" label="Topic" value={q.topic} any="Any topic" options={p.topics.map((s) => [s.id, s.name])} />
        <div class="nr-filter-field">
          <label for="filter-sort">Sort by</label>
          <select id="filter-sort" name="sort">
            <option value="updated" selected={!q.sort || q.sort === 'updated'}>
              Last saved
            </option>
            <option value="published" selected={q.sort === 'published'}>
              Publication date
            </option>
            <option value="headline" selected={q.sort === 'headline'}>
              Headline
            </option>
          </select>
        </div>
        {can(actor, 'article.review') && (
          <div class="nr-filter-check">
            <input id="filter-mine" name="mine" type="checkbox" value="1" checked={q.mine === true} />
            <label for="filter-mine">Only mine</label>
          </div>
        )}
        <button type="submit" class="button button-small">
          Show
        </button>
      </form>
      {p.items.length === 0 ? (
        <p>No articles{q.q || q.state || q.section || q.author || q.topic ? ' match these filters' : ' yet'}.</p>
      ) : (
        <div class="nr-table-wrap">
          <table class="nr-table nr-articles">
            <caption class="visually-hidden">Articles</caption>
            <thead>
              <tr>
                <th scope="col">Headline</th>
                <th scope="col">Section</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {p.items.map((item) => (
                <tr>
                  <td>
                    <a href={`/newsroom/articles/${item.id}`}>{item.headline}</a>
                    {item.createdBy && <span class="nr-muted"> by {item.createdBy}</span>}
                    {item.editingBy && <span class="nr-lock"> Being edited by {item.editingBy}</span>}
                  </td>
                  <td>{item.section}</td>
                  <td>
                    <span class={`nr-state nr-state-${item.state}`}>{STATE_LABELS[item.state]}</span>
                  </td>
                  <td>{when(item)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="nr-pagination" aria-label="Pages">
        {p.page > 1 && <a href={listUrl(q, { page: p.page - 1 })}>Previous page</a>}
        {p.hasMore && <a href={listUrl(q, { page: p.page + 1 })}>Next page</a>}
      </nav>
    </NewsroomLayout>
  );
}
