import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as createTaxonomy from './migrations/20261127_2310_create_taxonomy.js';
import * as createArticles from './migrations/20261127_2320_create_articles.js';
import * as createSite from './migrations/20261127_2330_create_site.js';
import * as createSubscribers from './migrations/20261127_2340_create_subscribers.js';
import * as addArticleHeadlineKey from './migrations/20261127_2350_add_article_headline_key.js';
import * as moveArticleBodies from './migrations/20261127_2355_move_article_bodies.js';
import * as addArticleImportSource from './migrations/20261127_2358_add_article_import_source.js';
import * as addNameKeys from './migrations/20261201_0900_add_name_keys.js';
import * as renameTeasers from './migrations/20261201_0910_rename_teasers.js';
import * as createEventOutbox from './migrations/20261201_0920_create_event_outbox.js';
import * as createStaffUsers from './migrations/20261201_1000_create_staff_users.js';
import * as createStaffSessions from './migrations/20261201_1010_create_staff_sessions.js';
import * as createStaffTokens from './migrations/20261201_1020_create_staff_tokens.js';
import * as createAuthThrottle from './migrations/20261201_1030_create_auth_throttle.js';
import * as createAuditLog from './migrations/20261201_1040_create_audit_log.js';
import * as addStaffTotpLastStep from './migrations/20261201_1050_add_staff_totp_last_step.js';
import * as createJobs from './migrations/20261201_1100_create_jobs.js';
import * as addArticleOwnerAndVersion from './migrations/20261201_1110_add_article_owner_and_version.js';
import * as addArticleStage from './migrations/20261201_1120_add_article_stage.js';
import * as addArticleSchedule from './migrations/20261201_1200_add_article_schedule.js';
import * as createArticleRevisions from './migrations/20261201_1210_create_article_revisions.js';
import * as createArticleNotes from './migrations/20261201_1220_create_article_notes.js';
import * as addArticleSeo from './migrations/20261201_1230_add_article_seo.js';
import * as createArticleLocks from './migrations/20261201_1240_create_article_locks.js';
import * as createPreviewLinks from './migrations/20261201_1250_create_preview_links.js';
import * as addSeriesChannels from './migrations/20261201_1300_add_series_channels.js';
import * as addAuthorPhoto from './migrations/20261201_1310_add_author_photo.js';
import * as createMedia from './migrations/20261201_1400_create_media.js';
import * as createArticleMedia from './migrations/20261201_1410_create_article_media.js';
import * as addArticleHeroMedia from './migrations/20261201_1420_add_article_hero_media.js';
import * as createMediaCrops from './migrations/20261201_1500_create_media_crops.js';
import * as addAuthorPhotoMedia from './migrations/20261201_1510_add_author_photo_media.js';
import * as createSitePages from './migrations/20261201_1520_create_site_pages.js';
import * as addAuthorContact from './migrations/20261201_1530_add_author_contact.js';
import * as createApiKeys from './migrations/20261201_1540_create_api_keys.js';
import * as createWebhooks from './migrations/20261201_1550_create_webhooks.js';
import * as createSearchIndex from './migrations/20261201_1600_create_search_index.js';
import * as createRelatedArticles from './migrations/20261201_1610_create_related_articles.js';
import * as addSearchDocumentFacts from './migrations/20261201_1630_add_search_document_facts.js';
import * as addSearchHeadVector from './migrations/20261201_1640_add_search_head_vector.js';
import * as searchNewestFirst from './migrations/20261202_0900_search_newest_first.js';
import * as newsletterConsent from './migrations/20261203_0900_newsletter_consent.js';
import * as newsletterSending from './migrations/20261203_0910_newsletter_sending.js';
import * as newsletterAlerts from './migrations/20261203_0920_newsletter_alerts.js';
import * as changeLog from './migrations/20261204_0900_change_log.js';
import * as addTopicDistinctive from './migrations/20261201_1620_add_topic_distinctive.js';

/** Every migration, by name; names sort in the order they must run. Forward-only: no `down`. */
export const migrations: Record<string, Migration> = {
  '20261127_2310_create_taxonomy': createTaxonomy,
  '20261127_2320_create_articles': createArticles,
  '20261127_2330_create_site': createSite,
  '20261127_2340_create_subscribers': createSubscribers,
  '20261127_2350_add_article_headline_key': addArticleHeadlineKey,
  '20261127_2355_move_article_bodies': moveArticleBodies,
  '20261127_2358_add_article_import_source': addArticleImportSource,
  '20261201_0900_add_name_keys': addNameKeys,
  '20261201_0910_rename_teasers': renameTeasers,
  '20261201_0920_create_event_outbox': createEventOutbox,
  '20261201_1000_create_staff_users': createStaffUsers,
  '20261201_1010_create_staff_sessions': createStaffSessions,
  '20261201_1020_create_staff_tokens': createStaffTokens,
  '20261201_1030_create_auth_throttle': createAuthThrottle,
  '20261201_1040_create_audit_log': createAuditLog,
  '20261201_1050_add_staff_totp_last_step': addStaffTotpLastStep,
  '20261201_1100_create_jobs': createJobs,
  '20261201_1110_add_article_owner_and_version': addArticleOwnerAndVersion,
  '20261201_1120_add_article_stage': addArticleStage,
  '20261201_1200_add_article_schedule': addArticleSchedule,
  '20261201_1210_create_article_revisions': createArticleRevisions,
  '20261201_1220_create_article_notes': createArticleNotes,
  '20261201_1230_add_article_seo': addArticleSeo,
  '20261201_1240_create_article_locks': createArticleLocks,
  '20261201_1250_create_preview_links': createPreviewLinks,
  '20261201_1300_add_series_channels': addSeriesChannels,
  '20261201_1310_add_author_photo': addAuthorPhoto,
  '20261201_1400_create_media': createMedia,
  '20261201_1410_create_article_media': createArticleMedia,
  '20261201_1420_add_article_hero_media': addArticleHeroMedia,
  '20261201_1500_create_media_crops': createMediaCrops,
  '20261201_1510_add_author_photo_media': addAuthorPhotoMedia,
  '20261201_1520_create_site_pages': createSitePages,
  '20261201_1530_add_author_contact': addAuthorContact,
  '20261201_1540_create_api_keys': createApiKeys,
  '20261201_1550_create_webhooks': createWebhooks,
  '20261201_1600_create_search_index': createSearchIndex,
  '20261201_1610_create_related_articles': createRelatedArticles,
  '20261201_1620_add_topic_distinctive': addTopicDistinctive,
  '20261201_1630_add_search_document_facts': addSearchDocumentFacts,
  '20261201_1640_add_search_head_vector': addSearchHeadVector,
  '20261202_0900_search_newest_first': searchNewestFirst,
  '20261203_0900_newsletter_consent': newsletterConsent,
  '20261203_0910_newsletter_sending': newsletterSending,
  '20261203_0920_newsletter_alerts': newsletterAlerts,
  '20261204_0900_change_log': changeLog,
};

/** What the migrator needs of an open database (a `DatabaseHandle` has both). */
export interface MigratableDatabase {
  db: Kysely<any>;
  /** PostgreSQL: the schema the connections write to; the migrator's own tables go there. */
  migrationSchema?: string | undefined;
}

/**
 * A Kysely migrator over `set`. On PostgreSQL it is pinned to the connection's schema:
 * otherwise it looks for its bookkeeping tables in every schema, finds another schema's
 * and then fails to use them in its own.
 */
export function createMigrator(database: MigratableDatabase, set: Record<string, Migration> = migrations): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => set },
    ...(database.migrationSchema ? { migrationTableSchema: database.migrationSchema } : {}),
  });
}

/** Brings the database up to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(database: MigratableDatabase): Promise<string[]> {
  const migrator = createMigrator(database);
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migrations this build has that the database has not run (`/readyz` says not ready while any remain). */
export async function pendingMigrations(database: MigratableDatabase): Promise<string[]> {
  const known = await createMigrator(database).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
