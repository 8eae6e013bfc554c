import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { hashSecret, newSecret } from '../../kernel/secrets.js';
import { assertCan, can, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import type { ArticleReader, ArticleView } from './article-reader.service.js';
import type { ArticleService } from './article.service.js';
import { countLivePreviewLinks, findPreviewArticle, insertPreviewLink, revokePreviewLinks } from './article.repository.js';

/** How long a preview link works. */
export const PREVIEW_LINK_MS = 24 * 3600_000;

/**
 * Preview links: an unguessable address (256 random bits; only its hash is stored) that shows
 * an unpublished article as its page will look, for 24 hours or until revoked. Whoever may
 * open the article in the editor may make one; the pages are never cached or indexed.
 */
export function createPreviewLinks(deps: {
  db: Executor;
  clock: Clock;
  outbox: Outbox;
  audit: AuditService;
  articles: ArticleService;
  reader: ArticleReader;
  siteUrl: string;
}) {
  const { db, clock, outbox, audit } = deps;
  return {
    /** A new link to the article; the secret is in the returned URL and nowhere else. */
    async create(actor: Actor, articleId: string): Promise<{ url: string; expiresAt: string }> {
      const { state } = await deps.articles.openForEdit(actor, articleId);
      const secret = newSecret();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + PREVIEW_LINK_MS).toISOString();
      await outbox.transaction(async (tx) => {
        await insertPreviewLink(tx.db, {
          token_hash: hashSecret(secret),
          article_id: articleId,
          created_by: actor.kind === 'staff' ? actor.id : null,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          revoked_at: null,
        });
        await audit.record(tx, {
          actor,
          action: 'article.preview_link_created',
          subject: { type: 'article', id: articleId },
          summary: `Made a preview link to ${state.path}, valid until ${expiresAt}`,
        });
      });
      return { url: `${deps.siteUrl}/preview/${secret}`, expiresAt };
    },

    /** Ends every live link to the article at once. */
    async revokeAll(actor: Actor, articleId: string): Promise<number> {
      const { state } = await deps.articles.openForEdit(actor, articleId);
      if (!can(actor, 'article.review')) assertCan(actor, 'article.edit', { ownerId: state.createdBy, status: state.status });
      return outbox.transaction(async (tx) => {
        const revoked = await revokePreviewLinks(tx.db, articleId, clock.now().toISOString());
        await audit.record(tx, {
          actor,
          action: 'article.preview_links_revoked',
          subject: { type: 'article', id: articleId },
          summary: `Revoked ${revoked} preview link(s) to ${state.path}`,
        });
        return revoked;
      });
    },

    /** How many links to the article work now. */
    async countLive(actor: Actor, articleId: string): Promise<number> {
      await deps.articles.openForEdit(actor, articleId);
      return countLivePreviewLinks(db, articleId, clock.now().toISOString());
    },

    /** The article a link shows, or null for a link that is unknown, expired or revoked. */
    async open(secret: string): Promise<ArticleView | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
      const articleId = await findPreviewArticle(db, hashSecret(secret), clock.now().toISOString());
      return articleId ? deps.reader.previewById(articleId) : null;
    },
  };
}

export type PreviewLinks = ReturnType<typeof createPreviewLinks>;
