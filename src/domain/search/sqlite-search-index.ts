import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import { andAll, filterConditions, RECENCY } from './search-filter.js';
import { SNIPPET_END, SNIPPET_MARK, TOTAL_CAP, type SearchIndex } from './search-index.js';
import type { SearchTerms } from './search-query.js';

/**
 * Search on SQLite's FTS5: the virtual table `article_search` (headline, standfirst, topics,
 * body; Porter stemming over unicode61, diacritics folded) whose rowid is
 * `search_documents.doc_id`, the integer key FTS5 needs for each article id.
 */

/** bm25 weights per column, in the table's order: headline, standfirst, topics, body. */
const WEIGHTS = sql`10.0, 4.0, 1.5, 1.0`;

/**
 * FTS5's query language for the parsed terms. Every word is letters and digits only, so a
 * double-quoted string is always a plain token; nothing typed can become an operator.
 */
export function ftsQuery(terms: SearchTerms, columns?: string): string {
  const positive = [
    ...terms.words.map((w) => `"${w.word}"${w.prefix ? '*' : ''}`),
    ...terms.phrases.map((p) => `"${p.words.join(' ')}"`),
  ].join(' AND ');
  // Exclusions always look at every column: a word left out of the body is left out.
  return [columns ? `{${columns}} : (${positive})` : positive, ...terms.excluded.map((w) => `"${w}"`)].join(' NOT ');
}

/** The columns weighted above the body (see `search` for how they are used). */
const HEAD_COLUMNS = 'headline standfirst topics';

export function createSqliteSearchIndex(db: Executor): SearchIndex {
  return {
    async put(ex, doc) {
      const facts = sql`${doc.status}, ${doc.sectionId}, ${doc.seriesId}, ${doc.publishedAt}, ${doc.updatedAt}`;
      const found = await sql<{ doc_id: number }>`select doc_id from search_documents where article_id = ${doc.articleId}`.execute(ex);
      let docId = found.rows[0]?.doc_id;
      if (docId === undefined) {
        const made = await sql<{
          doc_id: number;
        }>`insert into search_documents (article_id, status, section_id, series_id, published_at, updated_at)
          values (${doc.articleId}, ${facts}) returning doc_id`.execute(ex);
        docId = made.rows[0]!.doc_id;
      } else {
        await sql`update search_documents set (status, section_id, series_id, published_at, updated_at) = (${facts}) where doc_id = ${docId}`.execute(
          ex,
        );
        await sql`delete from article_search where rowid = ${docId}`.execute(ex);
      }
      await sql`insert into article_search (rowid, headline, standfirst, topics, body)
        values (${docId}, ${doc.headline}, ${doc.standfirst}, ${doc.topics}, ${doc.body})`.execute(ex);
    },

    async remove(ex, articleId) {
      await sql`delete from article_search where rowid in (select doc_id from search_documents where article_id = ${articleId})`.execute(
        ex,
      );
      await sql`delete from search_documents where article_id = ${articleId}`.execute(ex);
    },

    async search(terms, { filter, scope, limit, offset }) {
      const where = andAll(filterConditions(filter, scope));
      // CROSS JOIN fixes the order: the full-text match first, then each match's document
      // (by its integer key). Left to itself, SQLite may start from another table's index when
      // a filter is given and run the match once per row (seconds on a large archive).
      const from = (match: string) => sql`article_search s
        cross join search_documents d on d.doc_id = s.rowid
        where article_search match ${match}${where}`;
      const countUpTo = async (match: string, cap: number) =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from (select 1 from ${from(match)} limit ${cap})`.execute(db)).rows[0]?.n ?? 0,
        );
      // Ranking scores every match, which for a common word is most of the archive. When the
      // headline, standfirst and topics alone hold enough matches to fill the page, the page
      // is ranked among those: weighted 10, 4 and 1.5 against the body's 1, they rank above
      // stories matching only in their bodies in all but unusual cases (a body repeating a word
      // many times against a long standfirst naming it once), for a fraction of the work. The
      // total still counts every match.
      const full = ftsQuery(terms);
      const head = ftsQuery(terms, HEAD_COLUMNS);
      const [total, headCount] = await Promise.all([countUpTo(full, TOTAL_CAP + 1), countUpTo(head, offset + limit)]);
      const match = headCount >= offset + limit ? head : full;
      const snippet = sql`snippet(article_search, 3, ${SNIPPET_MARK}, ${SNIPPET_END}, '…', 30)`;
      const rows = (
        await sql<{ doc_id: number; article_id: string; score: number; snippet: string }>`
          select d.doc_id, d.article_id, -bm25(article_search, ${WEIGHTS}) as score, ${snippet} as snippet
          from ${from(match)}
          order by bm25(article_search, ${WEIGHTS}), ${RECENCY}
          limit ${limit} offset ${offset}`.execute(db)
      ).rows;
      // A match limited to the head columns marks nothing in the body: the page's passages are
      // cut again with the whole query (ten rows, looked up by key).
      if (match === head && rows.length > 0) {
        const ids = rows.map((r) => r.doc_id);
        const cut = await sql<{ doc_id: number; snippet: string }>`
          select s.rowid as doc_id, ${snippet} as snippet from article_search s
          where article_search match ${full} and s.rowid in (${sql.join(ids)})`.execute(db);
        const passages = new Map(cut.rows.map((r) => [r.doc_id, r.snippet]));
        for (const r of rows) r.snippet = passages.get(r.doc_id) ?? r.snippet;
      }
      return {
        hits: rows.map((r) => ({ articleId: r.article_id, score: Number(r.score), snippet: r.snippet })),
        total,
      };
    },

    async size() {
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}
