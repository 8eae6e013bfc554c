import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/schema.js';
import { andAll, filterConditions, RECENCY } from './search-filter.js';
import { passageOf } from './passages.js';
import { wantedWords } from './query-words.js';
import { rankWindow, TOTAL_CAP, type SearchIndex } from './search-index.js';
import type { SearchTerms } from './search-query.js';

/**
 * Search on PostgreSQL's full text: `search_documents.document` is a tsvector of the
 * headline (weight A), standfirst (B), topics (C) and body (D) in the `english`
 * configuration, under a GIN index, and the documents' times are indexed newest first; the
 * body's text is kept beside it for snippets.
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

/** About how many documents the first stretch of time a search looks over holds. */
const FIRST_STRETCH_DOCUMENTS = 2_000;
/** How long what is known of the archive's pace (its newest and oldest times, stories a day) is kept. */
const PACE_TTL_MS = 10 * 60_000;
const DAY_MS = 86_400_000;
const TIME = sql`coalesce(d.published_at, d.updated_at) collate "C"`;

/** The archive's newest and oldest times (ms) and how many documents a day it has had lately. */
interface Pace {
  newest: number;
  oldest: number;
  perDay: number;
  at: number;
}

export function createPostgresSearchIndex(db: Executor): SearchIndex {
  // What is known of the archive's pace: a hint for where to look first, never a limit on what
  // is found (a stale one only makes a search take another step).
  let known: Pace | null = null;
  /** The archive's pace, read afresh every PACE_TTL_MS. */
  const pace = async (): Promise<Pace> => {
    if (known && Date.now() - known.at < PACE_TTL_MS) return known;
    const { rows } = await sql<{ newest: string | null; oldest: string | null }>`
        select (select max(${TIME}) from search_documents d) as newest, (select min(${TIME}) from search_documents d) as oldest`.execute(
      db,
    );
    const newest = rows[0]?.newest ? Date.parse(rows[0].newest) : Date.now();
    const oldest = rows[0]?.oldest ? Date.parse(rows[0].oldest) : newest;
    const since = new Date(Math.max(oldest, newest - 90 * DAY_MS)).toISOString();
    const recent = Number(
      (await sql<{ n: string }>`select count(*) as n from search_documents d where ${TIME} >= ${since}`.execute(db)).rows[0]?.n ?? 0,
    );
    const span = Math.max(1, (newest - Date.parse(since)) / DAY_MS);
    known = { newest, oldest, perDay: recent / span, at: Date.now() };
    return known;
  };
  return {
    async put(ex, doc) {
      const document = sql`setweight(to_tsvector('english', ${doc.headline}), 'A') ||
          setweight(to_tsvector('english', ${doc.standfirst}), 'B') ||
          setweight(to_tsvector('english', ${doc.topics}), 'C') ||
          setweight(to_tsvector('english', ${doc.body}), 'D')`;
      await sql`insert into search_documents (article_id, status, section_id, series_id, published_at, updated_at, body, document)
        values (${doc.articleId}, ${doc.status}, ${doc.sectionId}, ${doc.seriesId}, ${doc.publishedAt}, ${doc.updatedAt}, ${doc.body}, ${document})
        on conflict (article_id) do update set status = excluded.status, section_id = excluded.section_id, series_id = excluded.series_id,
          published_at = excluded.published_at, updated_at = excluded.updated_at, body = excluded.body, document = excluded.document`.execute(
        ex,
      );
    },

    async remove(ex, articleId) {
      await sql`delete from search_documents where article_id = ${articleId}`.execute(ex);
    },

    async search(terms, { filter, scope, limit, offset }) {
      // The dates asked for, restated on the indexed time (a publication time where there is one),
      // so the index reads only their stretch rather than filtering its way back to them.
      const conditions = [
        ...filterConditions(filter, scope),
        ...(filter.since ? [sql`${TIME} >= ${filter.since}`] : []),
        ...(filter.until ? [sql`${TIME} < ${filter.until}`] : []),
      ];
      // Ranked as found: within a stretch, the rows ranked are few, and a second visit to each
      // row to rank only the window's would cost more.
      const rowsBetween = async (from: string | null, to: string | null, limit: number) =>
        (
          await sql<{ article_id: string; score: number }>`
            select d.article_id, ts_rank_cd(${WEIGHTS}, d.document, q.query) as score
            from (select ${tsQuery(terms)} as query) q, search_documents d
            where d.document @@ q.query${andAll([
              ...conditions,
              ...(from === null ? [] : [sql`${TIME} >= ${from}`]),
              ...(to === null ? [] : [sql`${TIME} < ${to}`]),
            ])}
            order by ${RECENCY}
            limit ${limit}`.execute(db)
        ).rows.map((r) => ({ articleId: r.article_id, score: Number(r.score) }));
      // The newest matches, looked for over a recent stretch of time first (about
      // FIRST_STRETCH_DOCUMENTS stories' worth) and over longer ones only while too few are
      // found. The time index keeps each try to its stretch, whether the planner walks it newest
      // first checking each row's vector, or reads the word's GIN entries and the stretch's
      // together: a common word is settled in the first stretch, a rare one costs a few index
      // reads, and no try reads a whole archive's matches unless the word is rare.
      const { newest, oldest, perDay } = await pace();
      // Counted back from the newest document (or the end of the dates asked for), so an
      // archive that stopped some time ago is searched as quickly as a live one. Each stretch
      // starts where the last one ended, and is sized from how often the words matched so far.
      const anchor = Math.min(newest, filter.until ? Date.parse(filter.until) : Infinity);
      const floor = Math.max(oldest, filter.since ? Date.parse(filter.since) : -Infinity);
      const found: Array<{ articleId: string; score: number }> = [];
      let to: string | null = null;
      let span = perDay > 0 ? (FIRST_STRETCH_DOCUMENTS / perDay) * DAY_MS : Infinity;
      for (;;) {
        const start = anchor - span;
        const whole = !(start > floor);
        const from = whole ? null : new Date(start).toISOString();
        found.push(...(await rowsBetween(from, to, TOTAL_CAP + 1 - found.length)));
        if (whole || found.length > TOTAL_CAP) break;
        const perMs = Math.max(found.length, 1) / span;
        span += ((TOTAL_CAP + 1 - found.length) / perMs) * 1.3;
        to = from;
      }
      const { page, total } = rankWindow(found, offset, limit);
      if (page.length === 0) return { hits: [], total };
      // Passages for the page's rows only, cut as SQLite's are (ts_headline re-parses each body,
      // about a millisecond a row).
      const bodies = await sql<{ article_id: string; body: string }>`
        select d.article_id, d.body from search_documents d
        where d.article_id in (${sql.join(page.map((r) => r.articleId))})`.execute(db);
      const wanted = wantedWords(terms);
      const passages = new Map(bodies.rows.map((r) => [r.article_id, passageOf(r.body, wanted)]));
      return { hits: page.map((r) => ({ ...r, snippet: passages.get(r.articleId) ?? '' })), total };
    },

    async size() {
      const { rows } = await sql<{ n: string }>`select count(*) as n from search_documents`.execute(db);
      return Number(rows[0]?.n ?? 0);
    },
  };
}
