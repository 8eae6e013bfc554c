/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

/** Where an article is in its life: written, public, or taken down after publication. */
export type ArticleStatus = 'draft' | 'published' | 'unpublished';

/** Where a draft is in the newsroom: being written, waiting for an editor, or due to publish at a time. */
export type ArticleStage = 'writing' | 'in_review' | 'scheduled';

export interface ArticlesTable {
  article_id: string;
  slug: string;
  section_id: string;
  series_id: string | null;
  /** Set only when an editor labels the kicker differently from the section name. */
  kicker: string | null;
  headline: string;
  /** nameKey(headline): what teaser headlines match on. */
  headline_key: string | null;
  standfirst: string;
  /** A byline that overrides the authors' names (e.g. "By our Defence Staff"). */
  byline: string | null;
  hero_image_url: string | null;
  hero_image_alt: string | null;
  hero_image_caption: string | null;
  hero_image_credit: string | null;
  /** The hero picture from the media library; its alt text and credit come from there, the caption may be overridden here. */
  hero_media_id: string | null;
  status: ArticleStatus;
  published_at: Timestamp | null;
  updated_at: Timestamp;
  created_at: Timestamp;
  /** Fingerprint of the imported source, so importing the same page twice finds the first article. */
  import_key: string | null;
  /** The file name an imported article came from. */
  import_source: string | null;
  /** The member of staff who created it; null for the system (imports, the demo) or a removed account. */
  created_by: string | null;
  /** Incremented by every save; a save based on an older version is refused (VERSION_CONFLICT). */
  version: number;
  /** Meaningful while the article is a draft; published and withdrawn articles are back at 'writing'. */
  stage: ArticleStage;
  /** An editor's note when sending a draft back to its writer. */
  review_note: string | null;
  /** When a scheduled draft publishes (stage 'scheduled'); its job runs then. */
  scheduled_for: Timestamp | null;
  /** Not published before this, by any door. */
  embargo_until: Timestamp | null;
  /** The title search engines and link previews show, when it should differ from the headline. */
  seo_title: string | null;
  /** Their description, when it should differ from the standfirst. */
  seo_description: string | null;
}

/** The Markdown body, apart from the article row so listings never read it. */
export interface ArticleBodiesTable {
  article_id: string;
  body_md: string;
}

export interface ArticleAuthorsTable {
  article_id: string;
  author_id: string;
  position: number;
}

export interface ArticleTopicsTable {
  article_id: string;
  topic_id: string;
  position: number;
}

export interface PullQuotesTable {
  pull_quote_id: string;
  article_id: string;
  position: number;
  text: string;
  speaker: string;
}

/** A teaser: a headline printed under "More stories"; it links once an article with that headline is published. */
export interface ArticleTeasersTable {
  article_id: string;
  position: number;
  headline: string;
  headline_key: string;
}

/** A saved state of an article (see the migration): one per version once it has been in review or published. */
export interface ArticleRevisionsTable {
  revision_id: string;
  article_id: string;
  version: number;
  created_at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  /** Why it was stored: "Saved", "Submitted for review", "Published", "Restored version 3" … */
  note: string;
  headline: string;
  /** JSON: the article's editable fields at this version (RevisionSnapshot). */
  snapshot: string;
}

/** Whether an editor's note corrects an error or tells of new information. */
export type ArticleNoteKind = 'correction' | 'update';

/** A correction or update note appended to a published article. */
export interface ArticleNotesTable {
  note_id: string;
  article_id: string;
  kind: ArticleNoteKind;
  body: string;
  created_at: Timestamp;
  actor_id: string | null;
  actor_label: string;
}

/** Who has an article open in the editor, until when (a soft lock: it informs, never blocks). */
export interface ArticleLocksTable {
  article_id: string;
  user_id: string;
  user_name: string;
  expires_at: Timestamp;
}

/** A link that shows an unpublished article to its holder until it expires or is revoked. */
export interface PreviewLinksTable {
  /** SHA-256 of the link's secret; the secret itself is never stored. */
  token_hash: string;
  article_id: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}
