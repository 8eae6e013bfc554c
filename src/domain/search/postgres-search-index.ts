import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/schema.js';
import { andAll, filterConditions, RECENCY } from './search-filter.js';
import { SNIPPET_END, SNIPPET_MARK, TOTAL_CAP, type SearchIndex } from './search-index.js';
import type { SearchTerms } from './search-query.js';

/**
 * Search on PostgreSQL's full text: `search_documents.document` is a tsvector of the
 * headline (weight A), standfirst (B), topics (C) and body (D) in the `english`
 * configuration, under a GIN index; the body's text is kept beside it for snippets.
 */

/** ts_rank_cd's weights for D, C, B, A: the headline counts ten times the body. */
const WEIGHTS = sql`'{0.1, 0.15, 0.4, 1.0}'::float4[]`;

/**
 * The tsquery for the parsed terms, built from PostgreSQL's own parsers with every word as
 * a bound value, so nothing typed can become an operator. A word that is a stop word parses
 * to nothing and drops out of the query, as it does in English.
 */
export function tsQuery(terms: SearchTerms): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    ...terms.words.map((w) => (w.prefix ? sql`to_tsquery('english', ${w.word + ':*'})` : sql`plainto_tsquery('english', ${w.word})`)),
    ...terms.phrases.map((p) => sql`phraseto_tsquery('english', ${p.text})`),
    ...terms.excluded.map((w) => sql`(!! plainto_tsquery('english', ${w}))`),
  ];
  return sql.join(parts, sql` && `);
}

const HEADLINE_OPTIONS = `StartSel="${SNIPPET_MARK}", StopSel="${SNIPPET_END}", MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "`;

export function createPostgresSearchIndex(db: Executor): SearchIndex {
  return {
    async put(ex, doc) {
      const head = sql`setweight(to_tsvector('english', ${doc.headline}), 'A') ||
          setweight(to_tsvector('english', ${doc.standfirst}), 'B') ||
          setweight(to_tsvector('english', ${doc.topics}), 'C')`;
      await sql`insert into search_documents (article_id, status, section_id, series_id, published_at, updated_at, body, head, document)
        values (${doc.articleId}, ${doc.status}, ${doc.sectionId}, ${doc.seriesId}, ${doc.publishedAt}, ${doc.updatedAt}, ${doc.body},
          ${head}, ${head} || setweight(to_tsvector('english', ${doc.body}), 'D'))
        on conflict (article_id) do update set status = excluded.status, section_id = excluded.section_id, series_id = excluded.series_id,
          published_at = excluded.published_at, updated_at = excluded.updated_at, body = excluded.body, head = excluded.head,
          document = excluded.document`.execute(ex);
    },

    async remove(ex, articleId) {
      await sql`delete from search_documents where article_id = ${articleId}`.execute(ex);
    },

    async search(terms, { filter, scope, limit, offset }) {
      const where = andAll(filterConditions(filter, scope));
      const fullQuery = sql`(select ${tsQuery(terms)} as query) q`;
      const countUpTo = async (matches: RawBuilder<unknown>, cap: number) =>
        Number(
          (
            await sql<{
              n: string;
            }>`select count(*) as n from (select 1 from ${fullQuery}, search_documents d where ${matches}${where} limit ${cap}) capped`.execute(
              db,
            )
          ).rows[0]?.n ?? 0,
        );
      // Ranking unpacks every match's vector, which for a common word is most of the archive.
      // When the headline, standfirst and topics alone hold enough matches to fill the page,
      // the page is ranked among those, on their short vector (an excluded word is still
      // looked for in the whole document, but only for those): weighted far above the body,
      // they rank above stories matching only in their bodies in all but unusual cases. The
      // total still counts every match.
      const excluded = terms.excluded.map((w) => sql`plainto_tsquery('english', ${w})`);
      const headMatch =
        excluded.length === 0
          ? sql`d.head @@ (${tsQuery({ ...terms, excluded: [] })})`
          : sql`d.head @@ (${tsQuery({ ...terms, excluded: [] })}) and not (d.document @@ (${sql.join(excluded, sql` || `)}))`;
      const needed = offset + limit;
      const [total, headCount] = await Promise.all([countUpTo(sql`d.document @@ q.query`, TOTAL_CAP + 1), countUpTo(headMatch, needed)]);
      const useHead = headCount >= needed;
      const vector = useHead ? sql`d.head` : sql`d.document`;
      const matches = useHead ? headMatch : sql`d.document @@ q.query`;
      // The snippet is worked out for the page's rows only: ts_headline re-parses the text.
      const rows = await sql<{ article_id: string; score: number; snippet: string }>`
          select page.article_id, page.score, ts_headline('english', page.body, page.query, ${HEADLINE_OPTIONS}) as snippet
          from (
            select d.article_id, d.body, q.query, ts_rank_cd(${WEIGHTS}, ${vector}, q.query) as score,
              coalesce(d.published_at, d.updated_at) as at
            from ${fullQuery}, search_documents d
            where ${matches}${where}
            order by score desc, ${RECENCY}
            limit ${limit} offset ${offset}
          ) page
          order by page.score desc, page.at desc, page.article_id`.execute(db);
      return {
        hits: rows.rows.map((r) => ({ articleId: r.article_id, score: Number(r.score), snippet: r.snippet })),
        total,
      };
    },

    async size() {
      const { rows } = await sql<{ n: string }>`select count(*) as n from search_documents`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}
