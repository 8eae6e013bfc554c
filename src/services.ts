import { z } from 'zod';
import type { Executor } from './db/schema.js';
import type { ChangeFeed } from './db/change-feed.js';
import type { JobHandler, JobQueue } from './jobs/index.js';
import type { Clock } from './kernel/clock.js';
import { createEventBus } from './kernel/events.js';
import { cacheBudget, type CacheBudget } from './kernel/cache-budget.js';
import { TaggedMemo } from './kernel/tagged-memo.js';
import type { Logger } from './kernel/logger.js';
import {
  ARTICLE_PUBLISH_JOB,
  createArticleDesk,
  createArticleReader,
  createArticleService,
  createPreviewLinks,
} from './domain/articles/index.js';
import { createAuditService } from './domain/audit/index.js';
import { createImporterService } from './domain/importer/index.js';
import { createExportImporter } from './domain/exports/index.js';
import {
  buildEdition,
  createBounceIntake,
  createIssueService,
  createNewsletterSender,
  createSubscriberAdmin,
  createSubscriberService,
  NEWSLETTER_ALERTS_JOB,
  NEWSLETTER_START_JOB,
  createTopicAlerts,
  NEWSLETTER_SWEEP_JOB,
  type SenderSettings,
} from './domain/newsletter/index.js';
import { createRelatedStories, createSearchService, type SearchIndex } from './domain/search/index.js';
import type { Mailer } from './mail/index.js';
import { createSentMailService } from './domain/sent-mail/index.js';
import { createOutbox } from './domain/outbox/index.js';
import { createAuthorService } from './domain/people/index.js';
import { createSiteKeys, createSiteService } from './domain/site/index.js';
import { createRateCounter } from './domain/shared/index.js';
import { systemActor } from './domain/access/index.js';
import { createApiKeyService } from './domain/api-keys/index.js';
import { CDN_PURGE_JOB, createCdnPurge, createWebhookService, staleKeys, WEBHOOK_DELIVER_JOB } from './domain/webhooks/index.js';
import type { DomainEvent } from './kernel/events.js';
import { createStaffService, type StaffTimings } from './domain/staff/index.js';
import { createTaxonomyService } from './domain/taxonomy/index.js';
import { createTopicSuggestions } from './domain/suggestions/index.js';
import { createMediaService, MEDIA_CROPS_JOB, MEDIA_VARIANTS_JOB, type MediaStore } from './domain/media/index.js';

export interface ServiceDeps {
  db: Executor;
  /** Which database: the few queries whose SQL differs (newsletter claims) ask. */
  dialect: 'sqlite' | 'postgres';
  clock: Clock;
  siteUrl: string;
  /** Where failures that no caller sees are reported: event listeners, batch items. */
  log: Logger;
  /** True for errors meaning the database could not be reached (see DatabaseHandle.isUnavailable). */
  isUnavailable?: (err: unknown) => boolean;
  /** Session and link lifetimes (defaults: 12 h idle, 7 days absolute, 24 h invitations, 1 h resets). */
  staffTimings?: Partial<StaffTimings>;
  /** The table of due jobs (see `jobs/`): scheduled publications and other work for later. */
  jobs: JobQueue;
  /** Where the media library keeps its files. */
  media: MediaStore;
  /** Webhooks may target loopback addresses: tests and local development only. */
  webhooksAllowLoopback?: boolean;
  /** Where to tell a CDN which cached answers went stale (CDN_PURGE_URL); none by default. */
  cdnPurgeUrl?: string | null;
  /** The full-text index for this database (see domain/search). */
  searchIndex: SearchIndex;
  /** How mail goes out: an SMTP server, or the outbox folder (see mail/). */
  mailer: Mailer;
  /** How the newsletter sender paces itself (NEWSLETTER_RATE, NEWSLETTER_CONNECTIONS); defaults otherwise. */
  newsletterSender?: Partial<SenderSettings>;
  /** How other processes on the database hear of this one's changes (`db/change-feed.ts`). */
  changes: Pick<ChangeFeed, 'announce'>;
  /** How much read models and rendered bodies may hold (CACHE_MB's share); `cacheBudget()`'s default otherwise. */
  cacheBudget?: Pick<CacheBudget, 'readModels' | 'bodies'>;
}

const purgeJobPayload = z.object({ keys: z.array(z.string()).min(1) });

const webhookJobPayload = z.object({ deliveryId: z.string().min(1) });

const mediaJobPayload = z.object({ mediaId: z.string().min(1) });

const articleJobPayload = z.object({ articleId: z.string().min(1) });

const issueJobPayload = z.object({ issueId: z.string().min(1) });

/** The composition root for domain services: each is built once and shared. */
export function createServices(deps: ServiceDeps) {
  const { db, clock, log } = deps;
  const events = createEventBus((err, event) => log.error({ err, event: event.type }, `a listener of ${event.type} failed`));
  // What is kept in memory (rendered pages, the section list, settings) listens here: this
  // process's events after commit, and what other processes changed (`boot.ts` relays their
  // news). Search, webhooks and the CDN follow `events` only, so each change is handled once.
  const changed = createEventBus((err, event) => log.error({ err, event: event.type }, `a cache purge on ${event.type} failed`));
  // What a change made stale, as tags, worked out once per event for every cache that purges by them.
  const staleTagsOf = new WeakMap<DomainEvent, Promise<string[]>>();
  const staleTags = (event: DomainEvent): Promise<string[]> => {
    let tags = staleTagsOf.get(event);
    if (!tags) staleTagsOf.set(event, (tags = staleKeys(db, event)));
    return tags;
  };
  // Read models the reader site's pages are made of, purged by the same tags as the pages,
  // before the page cache is (its listener comes first), so no page is rendered from a stale one.
  const budget = deps.cacheBudget ?? cacheBudget();
  const readModels = new TaggedMemo(budget.readModels);
  changed.on(async (event) => {
    readModels.changing();
    if (event.type === 'database.changed_elsewhere') return readModels.clear();
    try {
      readModels.purge(await staleTags(event));
    } catch (err) {
      readModels.clear();
      throw err;
    }
  });
  const outbox = createOutbox({
    db,
    events,
    clock,
    log,
    announce: deps.changes.announce,
    ...(deps.isUnavailable ? { isUnavailable: deps.isUnavailable } : {}),
  });
  const audit = createAuditService({ db, clock, outbox });
  const taxonomy = createTaxonomyService({ db, clock, outbox, audit });
  const suggestions = createTopicSuggestions({ taxonomy, clock, log });
  const authors = createAuthorService({ db, clock, outbox, audit });
  const site = createSiteService({ db, clock, outbox, audit });
  const media = createMediaService({ db, clock, outbox, audit, jobs: deps.jobs, store: deps.media, memo: readModels });
  const articles = createArticleService({ db, clock, outbox, audit, taxonomy, authors, jobs: deps.jobs, media });
  /** What each kind of job does; the runner (boot.ts) calls these. */
  const jobHandlers: Record<string, JobHandler> = {
    [ARTICLE_PUBLISH_JOB]: async (payload) => {
      await articles.publishDue(articleJobPayload.parse(payload).articleId);
    },
    [MEDIA_VARIANTS_JOB]: async (payload) => {
      await media.makeVariants(mediaJobPayload.parse(payload).mediaId);
    },
    [MEDIA_CROPS_JOB]: async (payload) => {
      await media.makeCrops(mediaJobPayload.parse(payload).mediaId);
    },
  };
  const staff = createStaffService({
    db,
    clock,
    outbox,
    audit,
    siteUrl: deps.siteUrl,
    log,
    policy: async () => ({ requireAdminTwoFactor: (await site.getSite()).requireAdminTwoFactor }),
    mail: { mailer: deps.mailer, outletName: async () => (await site.getSite()).outletName },
    ...(deps.staffTimings ? { timings: deps.staffTimings } : {}),
  });
  // Cached lists and settings are read on every page; any change may touch them.
  changed.on(() => {
    taxonomy.forgetCached();
    suggestions.forgetCached();
    site.forgetCached();
  });
  const articleReader = createArticleReader({ db, memo: readModels, bodyBytes: budget.bodies });
  const webhooks = createWebhookService({
    db,
    clock,
    outbox,
    audit,
    jobs: deps.jobs,
    reader: articleReader,
    siteUrl: deps.siteUrl,
    log,
    outbound: { allowLoopback: deps.webhooksAllowLoopback ?? false },
  });
  // Article events become deliveries, queued before the outbox forgets the event (so a crash
  // in between queues them on the next start; a failure is logged by the bus).
  events.on(async (event) => void (await webhooks.onEvent(event)));
  jobHandlers[WEBHOOK_DELIVER_JOB] = async (payload) => {
    await webhooks.deliver(webhookJobPayload.parse(payload).deliveryId);
  };
  const cdnPurge = createCdnPurge({
    db,
    jobs: deps.jobs,
    outbox,
    clock,
    url: deps.cdnPurgeUrl ?? null,
    outbound: { allowLoopback: deps.webhooksAllowLoopback ?? false },
  });
  events.on(async (event) => void (await cdnPurge.onEvent(event)));
  const search = createSearchService({ db, index: deps.searchIndex, log });
  // The index follows the articles' own events, after each change commits.
  events.on((event) => search.onEvent(event));
  const related = createRelatedStories({ db, log, outbox, memo: readModels });
  events.on((event) => related.onEvent(event));
  const keys = createSiteKeys({ db, clock });
  const outletName = async () => (await site.getSite()).outletName;
  const subscribers = createSubscriberService({
    db,
    clock,
    outbox,
    mailer: deps.mailer,
    keys,
    jobs: deps.jobs,
    siteUrl: deps.siteUrl,
    outletName,
    log,
  });
  const edition = (issue: { lead_article_id: string | null; since: string | null; started_at: string | null }, topicIds: string[]) =>
    buildEdition(
      { reader: articleReader, taxonomy, siteUrl: deps.siteUrl },
      issue,
      { since: issue.since ?? clock.now().toISOString(), until: issue.started_at ?? clock.now().toISOString() },
      topicIds,
    );
  const issues = createIssueService({
    db,
    dialect: deps.dialect,
    clock,
    outbox,
    audit,
    jobs: deps.jobs,
    mailer: deps.mailer,
    siteUrl: deps.siteUrl,
    outletName,
    edition,
  });
  const newsletterSender = createNewsletterSender(
    {
      db,
      dialect: deps.dialect,
      clock,
      log,
      mailer: deps.mailer,
      keys,
      siteUrl: deps.siteUrl,
      outletName,
      edition,
      manageToken: (id) => subscribers.manageToken(id),
      suppress: (p) => subscribers.suppress({ email: p.email, subscriberId: p.subscriberId, reason: 'bounced', detail: p.detail }),
    },
    deps.newsletterSender ?? {},
  );
  const topicAlerts = createTopicAlerts({
    db,
    clock,
    outbox,
    jobs: deps.jobs,
    mailer: deps.mailer,
    reader: articleReader,
    siteUrl: deps.siteUrl,
    outletName,
    manageToken: (id) => subscribers.manageToken(id),
    suppress: (p) => subscribers.suppress({ email: p.email, subscriberId: p.subscriberId, reason: 'bounced', detail: p.detail }),
    log,
  });
  // Followers who chose alerts get a new story on their topics queued as it is published.
  events.on((event) => topicAlerts.onEvent(event));
  jobHandlers[NEWSLETTER_ALERTS_JOB] = async () => {
    await topicAlerts.sendDue();
  };
  jobHandlers[NEWSLETTER_START_JOB] = async (payload) => {
    await issues.startScheduled(systemActor('scheduler'), issueJobPayload.parse(payload).issueId);
  };
  jobHandlers[NEWSLETTER_SWEEP_JOB] = async () => {
    const deleted = await subscribers.sweepUnconfirmed();
    if (deleted > 0) log.info({ deleted }, 'deleted newsletter sign-ups left unconfirmed for seven days');
  };
  jobHandlers[CDN_PURGE_JOB] = async (payload) => {
    await cdnPurge.purge(purgeJobPayload.parse(payload).keys);
  };
  // Last of `events`' listeners: caches are purged once what is derived from the change (the
  // search index, related stories) has been brought up to date, so nothing older is re-read.
  events.on((event) => changed.emit(event));
  return {
    clock,
    events,
    /** Every change that may leave memory stale: this process's events and other processes' (see above). */
    changed,
    /** Request limits counted in the database (the rate-limit plugin's store), so N instances keep one limit. */
    rateCounter: createRateCounter({ db, clock, hash: (value) => keys.mac('address-hash', `rate:${value}`) }),
    /** What a change made stale, as cache tags (`web/surrogate-keys.ts`): the page cache and the CDN purge agree. */
    staleKeys: staleTags,
    jobs: deps.jobs,
    jobHandlers,
    outbox,
    taxonomy,
    /** Topic suggestions for the editor and (later) the importer. */
    suggestions,
    authors,
    articles,
    articleReader,
    media,
    previewLinks: createPreviewLinks({ db, clock, outbox, audit, articles, reader: articleReader, siteUrl: deps.siteUrl }),
    articleDesk: createArticleDesk({ db, clock, search }),
    site,
    audit,
    staff,
    mailer: deps.mailer,
    sentMail: createSentMailService({ mailer: deps.mailer }),
    subscribers,
    subscriberAdmin: createSubscriberAdmin({ db, outbox, audit }),
    /** Newsletter issues: compose, preview, schedule, start a send, its progress. */
    issues,
    /** Sends the issues being sent; the server runs it, the CLI and tests drain it. */
    newsletterSender,
    /** Bounces and complaints reported after sending (POST /api/v1/newsletter/bounces) become suppressions. */
    bounceIntake: createBounceIntake({ db, keys, subscribers }),
    importer: createImporterService({ articles, siteUrl: deps.siteUrl, log, taxonomy, suggestions }),
    exportImporter: createExportImporter({ articles, media, siteUrl: deps.siteUrl, log }),
    apiKeys: createApiKeyService({ db, clock, outbox, audit }),
    webhooks,
    search,
    related,
  };
}

export type Services = ReturnType<typeof createServices>;
