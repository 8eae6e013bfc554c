import { sql } from 'kysely';
import type { Executor } from '../../db/schema.js';
import { headScorer } from './head-ranking.js';
import { wantedWords } from './query-words.js';
import { andAll, filterConditions } from './search-filter.js';
import { passageOf } from './passages.js';
import { rankWindow, TOTAL_CAP, type SearchIndex } from './search-index.js';
import type { SearchTerms } from './search-query.js';

/**
 * Search on SQLite's FTS5: the virtual table `article_search` (headline, standfirst, topics,
 * body; Porter stemming over unicode61, diacritics folded) whose rowid is
 * `search_documents.doc_id`, the integer key FTS5 needs for each article id.
 */

/**
 * FTS5's query language for the parsed terms. Every word is letters and digits only, so a
 * double-quoted string is always a plain token; nothing typed can become an operator.
 */
export function ftsQuery(terms: SearchTerms): string {
  const positive = [
    ...terms.words.map((w) => `"${w.word}"${w.prefix ? '*' : ''}`),
    ...terms.phrases.map((p) => `"${p.words.join(' ')}"`),
  ].join(' AND ');
  return [positive, ...terms.excluded.map((w) => `"${w}"`)].join(' NOT ');
}

/**
 * A document's key (its FTS5 rowid) is its time, the publication time or a draft's last
 * change, in seconds times KEY_SLOTS, plus a free slot within that second: FTS5 lists matches
 * in rowid order, so newest first is its own order and a date range is a range of keys.
 */
const KEY_SLOTS = 1_048_576;

/** The first key of the second holding `iso` (0 for a time that does not parse). */
function keyBase(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) * KEY_SLOTS : 0;
}

export function createSqliteSearchIndex(db: Executor): SearchIndex {
  return {
    async put(ex, doc) {
      const base = keyBase(doc.publishedAt ?? doc.updatedAt);
      const found = await sql<{ doc_id: number }>`select doc_id from search_documents where article_id = ${doc.articleId}`.execute(ex);
      const old = found.rows[0]?.doc_id;
      if (old !== undefined) {
        await sql`delete from article_search where rowid = ${old}`.execute(ex);
        await sql`delete from search_documents where doc_id = ${old}`.execute(ex);
      }
      // The same second keeps its key; otherwise the next free slot in the new second.
      let docId = old !== undefined && old >= base && old < base + KEY_SLOTS ? old : undefined;
      if (docId === undefined) {
        const last = await sql<{ k: number | null }>`select max(doc_id) as k from search_documents
          where doc_id >= ${base} and doc_id < ${base + KEY_SLOTS}`.execute(ex);
        const k = last.rows[0]?.k;
        docId = k === null || k === undefined ? base : k + 1;
      }
      await sql`insert into search_documents
          (doc_id, article_id, status, section_id, series_id, published_at, updated_at, headline, standfirst, topics)
        values (${docId}, ${doc.articleId}, ${doc.status}, ${doc.sectionId}, ${doc.seriesId}, ${doc.publishedAt}, ${doc.updatedAt},
          ${doc.headline}, ${doc.standfirst}, ${doc.topics})`.execute(ex);
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
      const match = ftsQuery(terms);
      // A date range is a range of keys, so FTS5 reads only that stretch of each word's list.
      const range = [];
      if (filter.since) range.push(sql`s.rowid >= ${keyBase(filter.since)}`);
      if (filter.until) range.push(sql`s.rowid < ${keyBase(filter.until) + KEY_SLOTS}`);
      // CROSS JOIN fixes the order: the full-text match first, newest first (FTS5's rowid
      // order), then each match's document by its key, stopping at the window's end. The
      // window's short fields, kept in the document's row, are read for ranking
      // (head-ranking.ts explains why not bm25).
      const rows = (
        await sql<{ doc_id: number; headline: string; standfirst: string; topics: string }>`
          select s.rowid as doc_id, d.headline, d.standfirst, d.topics
          from article_search s cross join search_documents d on d.doc_id = s.rowid
          where article_search match ${match}${andAll([...range, ...filterConditions(filter, scope)])}
          order by s.rowid desc
          limit ${TOTAL_CAP + 1}`.execute(db)
      ).rows;
      const wanted = wantedWords(terms);
      const score = headScorer(wanted);
      const window = rows.map((r) => ({ doc_id: r.doc_id, score: score([r.headline, r.standfirst, r.topics]) }));
      const { page, total } = rankWindow(window, offset, limit);
      if (page.length === 0) return { hits: [], total };
      // The page's bodies, by key (no MATCH: FTS5 would re-run the query for every key asked).
      const bodies = await sql<{ doc_id: number; article_id: string; body: string }>`
        select s.rowid as doc_id, d.article_id, s.body
        from article_search s cross join search_documents d on d.doc_id = s.rowid
        where s.rowid in (${sql.join(page.map((r) => r.doc_id))})`.execute(db);
      const byKey = new Map(bodies.rows.map((r) => [r.doc_id, r]));
      return {
        hits: page.flatMap((r) => {
          const row = byKey.get(r.doc_id);
          return row ? [{ articleId: row.article_id, score: r.score, snippet: passageOf(row.body, wanted) }] : [];
        }),
        total,
      };
    },

    async size() {
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_documents`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}
