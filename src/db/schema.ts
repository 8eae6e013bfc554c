import type { Kysely } from 'kysely';
import type {
  ArticleAuthorsTable,
  ArticleBodiesTable,
  ArticlesTable,
  ArticleTeasersTable,
  ArticleRevisionsTable,
  ArticleNotesTable,
  ArticleLocksTable,
  PreviewLinksTable,
  ArticleTopicsTable,
  PullQuotesTable,
} from '../domain/articles/articles.table.js';
import type { RedirectsTable } from '../domain/shared/redirects.table.js';
import type { ArticleMediaTable, MediaCropsTable, MediaTable, MediaVariantsTable } from '../domain/media/media.table.js';
import type {
  NewsletterSuppressionsTable,
  SubscriberConsentsTable,
  SubscriberSectionsTable,
  SubscribersTable,
  SubscriberTokensTable,
  SubscriberTopicsTable,
} from '../domain/newsletter/subscribers.table.js';
import type { SiteKeysTable } from '../domain/site/site-keys.table.js';
import type {
  NewsletterAlertItemsTable,
  NewsletterIssuesTable,
  NewsletterRecipientsTable,
  NewsletterSendersTable,
} from '../domain/newsletter/issues.table.js';
import type { AuditLogTable } from '../domain/audit/audit.table.js';
import type { EventOutboxTable } from '../domain/outbox/outbox.table.js';
import type { AuthorsTable } from '../domain/people/authors.table.js';
import type { ChannelsTable, FooterLinksTable, SitePagesTable, SiteSettingsTable } from '../domain/site/site.table.js';
import type { AuthThrottleTable } from '../domain/shared/throttle.table.js';
import type { StaffRecoveryCodesTable, StaffSessionsTable, StaffTokensTable, StaffUsersTable } from '../domain/staff/staff.table.js';
import type { JobsTable } from '../jobs/jobs.table.js';
import type { ChangeLogTable } from './change-log.table.js';
import type { RelatedArticlesTable } from '../domain/search/related.table.js';
import type { ApiKeysTable } from '../domain/api-keys/api-keys.table.js';
import type { WebhookDeliveriesTable, WebhooksTable } from '../domain/webhooks/webhooks.table.js';
import type { SectionsTable, SeriesTable, TopicAliasesTable, TopicsTable } from '../domain/taxonomy/taxonomy.table.js';

/** Every table, for Kysely's typing; each feature owns its tables in its `*.table.ts`. */
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
  article_teasers: ArticleTeasersTable;
  article_revisions: ArticleRevisionsTable;
  article_notes: ArticleNotesTable;
  article_locks: ArticleLocksTable;
  preview_links: PreviewLinksTable;
  redirects: RedirectsTable;
  media: MediaTable;
  media_variants: MediaVariantsTable;
  media_crops: MediaCropsTable;
  article_media: ArticleMediaTable;
  site_settings: SiteSettingsTable;
  site_pages: SitePagesTable;
  channels: ChannelsTable;
  footer_links: FooterLinksTable;
  subscribers: SubscribersTable;
  subscriber_sections: SubscriberSectionsTable;
  subscriber_topics: SubscriberTopicsTable;
  subscriber_tokens: SubscriberTokensTable;
  subscriber_consents: SubscriberConsentsTable;
  newsletter_suppressions: NewsletterSuppressionsTable;
  site_keys: SiteKeysTable;
  newsletter_issues: NewsletterIssuesTable;
  newsletter_recipients: NewsletterRecipientsTable;
  newsletter_senders: NewsletterSendersTable;
  newsletter_alert_items: NewsletterAlertItemsTable;
  event_outbox: EventOutboxTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_tokens: StaffTokensTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  auth_throttle: AuthThrottleTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  /** SQLite only (PostgreSQL uses NOTIFY): `db/sqlite-change-feed.ts`. */
  change_log: ChangeLogTable;
  api_keys: ApiKeysTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  related_articles: RelatedArticlesTable;
}

/**
 * Where a query runs: the database, or a transaction a service opened. Every repository
 * function takes one as its required first argument, so the caller always decides.
 */
export type Executor = Kysely<Database>;
