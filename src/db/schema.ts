/** Timestamps are ISO-8601 UTC strings in both databases (see docs/ARCHITECTURE.md). */
type Timestamp = string;

export interface SectionsTable {
  section_id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  created_at: Timestamp;
}

export type TopicKind = 'person' | 'place' | 'organisation' | 'subject';

export interface TopicsTable {
  topic_id: string;
  slug: string;
  name: string;
  kind: TopicKind;
  description: string;
  created_at: Timestamp;
}

export interface TopicAliasesTable {
  /** nameKey() of the alias: unique across topics so a name points at one topic. */
  alias_key: string;
  topic_id: string;
  alias: string;
}

export interface AuthorsTable {
  author_id: string;
  slug: string;
  name: string;
  role: string;
  bio: string;
  created_at: Timestamp;
}

export interface SeriesTable {
  series_id: string;
  slug: string;
  name: string;
  description: string;
  created_at: Timestamp;
}

export type ArticleStatus = 'draft' | 'published' | 'unpublished';

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
  status: ArticleStatus;
  published_at: Timestamp | null;
  updated_at: Timestamp;
  created_at: Timestamp;
  /** Fingerprint of the imported source, so importing the same page twice finds the first article. */
  import_key: string | null;
  /** The file name an imported article came from. */
  import_source: string | null;
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

export interface RelatedHeadlinesTable {
  article_id: string;
  position: number;
  /** A teaser headline as printed; it links once an article with that headline is published. */
  headline: string;
  headline_key: string;
}

export interface RedirectsTable {
  from_path: string;
  to_path: string;
  created_at: Timestamp;
}

export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
}

export interface ChannelsTable {
  channel_id: string;
  name: string;
  url: string;
  position: number;
}

export interface FooterLinksTable {
  footer_link_id: string;
  label: string;
  url: string;
  position: number;
}

export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface SubscribersTable {
  subscriber_id: string;
  /** Lower-cased address: the unique key. */
  email: string;
  status: SubscriberStatus;
  source_path: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Every table, for Kysely's typing. */
export interface Database {
  sections: SectionsTable;
  topics: TopicsTable;
  topic_aliases: TopicAliasesTable;
  authors: AuthorsTable;
  series: SeriesTable;
  articles: ArticlesTable;
  article_bodies: ArticleBodiesTable;
  article_authors: ArticleAuthorsTable;
  article_topics: ArticleTopicsTable;
  pull_quotes: PullQuotesTable;
  related_headlines: RelatedHeadlinesTable;
  redirects: RedirectsTable;
  site_settings: SiteSettingsTable;
  channels: ChannelsTable;
  footer_links: FooterLinksTable;
  subscribers: SubscribersTable;
}
