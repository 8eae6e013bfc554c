import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import { cachedValue } from '../../kernel/cached-value.js';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import { assertCan, type Actor } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { Outbox } from '../outbox/index.js';
import { channelSchema, footerLinkSchema, siteSettingsSchema, type Channel, type FooterLink, type SiteSettings } from './site.schemas.js';
import * as repo from './site.repository.js';
import {
  defaultPage,
  isSitePageSlug,
  SITE_PAGE_SLUGS,
  sitePageEditSchema,
  type SitePage,
  type SitePageEdit,
  type SitePageSlug,
} from './site-pages.js';
import type { SitePagesTable } from './site.table.js';
import { invalid, notFound } from '../../kernel/errors.js';
import { mediaExists } from '../media/index.js';

/** Everything the page chrome needs: outlet name, "Watch Us On" channels, footer links, the outlet's pages. */
export interface Site extends SiteSettings {
  channels: Channel[];
  footerLinks: FooterLink[];
  /** About, Contact, Privacy and Terms, for the footer. */
  pages: Array<Pick<SitePage, 'slug' | 'path' | 'title'>>;
}

const DEFAULT_SETTINGS: SiteSettings = {
  outletName: 'Despatch',
  tagline: '',
  description: '',
  requireAdminTwoFactor: false,
  logoMediaId: null,
  feedContent: 'full',
};

/** Everything the settings page edits, in one schema; the logo is chosen on its own (`setLogo`). */
const siteEditSchema = siteSettingsSchema.omit({ logoMediaId: true }).extend({
  channels: z.array(channelSchema).max(20, 'may list at most 20 channels').default([]),
  footerLinks: z.array(footerLinkSchema).max(30, 'may list at most 30 links').default([]),
});

/** Progress of the demo loader. */
export type DemoState = 'none' | 'started' | 'loaded';
// Not a site setting: the settings schema ignores it.
const DEMO_STATE_KEY = 'internal.demo_state';

/** Site settings, read on every page: kept in memory and reloaded after a change. */
export function createSiteService(deps: { db: Executor; clock: Clock; outbox: Outbox; audit: AuditService }) {
  const { db, outbox } = deps;
  const site = cachedValue(load, deps.clock);

  async function load(): Promise<Site> {
    const [settingRows, channels, footerLinks, pageRows] = await Promise.all([
      repo.readSettings(db),
      repo.readChannels(db),
      repo.readFooterLinks(db),
      repo.readPages(db),
    ]);
    const stored = Object.fromEntries(settingRows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const parsed = siteSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    const settings = parsed.success ? parsed.data : DEFAULT_SETTINGS;
    const pages = SITE_PAGE_SLUGS.map((slug) => pageOf(slug, settings.outletName, pageRows));
    return { ...settings, channels, footerLinks, pages: pages.map(({ slug, path, title }) => ({ slug, path, title })) };
  }

  /** A page as saved, or its default text. */
  function pageOf(slug: SitePageSlug, outletName: string, rows: SitePagesTable[]): SitePage {
    const row = rows.find((r) => r.slug === slug);
    const text = row ? { title: row.title, bodyMarkdown: row.body_md } : defaultPage(slug, outletName);
    return { slug, path: `/${slug}`, ...text, updatedAt: row?.updated_at ?? null };
  }

  async function findPage(slug: string): Promise<SitePage> {
    if (!isSitePageSlug(slug)) throw notFound('PAGE_NOT_FOUND', 'No such page.');
    const [current, rows] = await Promise.all([site.get(), repo.readPages(db)]);
    return pageOf(slug, current.outletName, rows);
  }

  return {
    /** How far loading the demo outlet got: never started, started, or finished. */
    async demoState(): Promise<DemoState> {
      const row = await repo.readSetting(db, DEMO_STATE_KEY);
      const state = row ? (JSON.parse(row.value) as unknown) : 'none';
      return state === 'started' || state === 'loaded' ? state : 'none';
    },

    /** Records the demo loader's progress, so a load cut short is finished on the next start. */
    async setDemoState(state: Exclude<DemoState, 'none'>): Promise<void> {
      await outbox.transaction((tx) => repo.writeSetting(tx.db, DEMO_STATE_KEY, JSON.stringify(state)));
    },

    /** One of the outlet's pages (About, Contact, Privacy, Terms), as saved or in its default words. */
    getPage: findPage,

    /** Every one of the outlet's pages, as the settings page lists them (one read). */
    async listPagesForEdit(actor: Actor): Promise<SitePage[]> {
      assertCan(actor, 'settings.manage');
      const [current, rows] = await Promise.all([site.get(), repo.readPages(db)]);
      return SITE_PAGE_SLUGS.map((slug) => pageOf(slug, current.outletName, rows));
    },

    /** A page as an admin edits it. */
    async getPageForEdit(actor: Actor, slug: string): Promise<SitePage> {
      assertCan(actor, 'settings.manage');
      return findPage(slug);
    },

    /** Saves one of the outlet's pages (admins); the reader site shows it at once. */
    async updatePage(actor: Actor, slug: string, input: SitePageEdit, meta: { ip?: string | null } = {}): Promise<SitePage> {
      assertCan(actor, 'settings.manage');
      if (!isSitePageSlug(slug)) throw notFound('PAGE_NOT_FOUND', 'No such page.');
      const edit = parseInput(sitePageEditSchema, input);
      await outbox.transaction(async (tx) => {
        await repo.writePage(tx.db, { slug, title: edit.title, body_md: edit.bodyMarkdown, updated_at: deps.clock.now().toISOString() });
        await deps.audit.record(tx, {
          actor,
          action: 'site.page_updated',
          subject: { type: 'site', id: `page:${slug}` },
          summary: `Updated the page "${edit.title}" (/${slug})`,
          ip: meta.ip,
        });
        tx.emit({ type: 'site.updated' });
      });
      return findPage(slug);
    },

    /** The current site settings (cached). */
    getSite(): Promise<Site> {
      return site.get();
    },

    /** Forgets the cached settings; called on every domain event. */
    forgetCached(): void {
      site.clear();
    },

    /** The settings as an admin edits them, read afresh (admins only). */
    /** Makes a library picture the outlet's logo, or (null) goes back to the name in type (admins). */
    async setLogo(actor: Actor, mediaId: string | null, meta: { ip?: string | null } = {}): Promise<Site> {
      assertCan(actor, 'settings.manage');
      const id = mediaId?.trim() || null;
      await outbox.transaction(async (tx) => {
        if (id && !(await mediaExists(tx.db, id)))
          throw invalid('VALIDATION_FAILED', 'That picture is not in the media library.', { logoMediaId: 'is not in the media library' });
        await repo.writeSetting(tx.db, 'logoMediaId', JSON.stringify(id));
        await deps.audit.record(tx, {
          actor,
          action: 'site.settings_updated',
          subject: { type: 'site', id: 'settings' },
          summary: id ? `Set the site's logo to picture ${id}` : "Removed the site's logo",
          ip: meta.ip,
        });
        tx.emit({ type: 'site.updated' });
      });
      return load();
    },

    async getSiteForEdit(actor: Actor): Promise<Site> {
      assertCan(actor, 'settings.manage');
      return load();
    },

    /**
     * Replaces the outlet's name, tagline, description, "Watch Us On" channels and footer links
     * in one write (admins only); the reader site shows the change at once.
     */
    async updateSite(actor: Actor, input: unknown, meta: { ip?: string | null } = {}): Promise<Site> {
      assertCan(actor, 'settings.manage');
      const next = parseInput(siteEditSchema, input);
      const { channels, footerLinks, ...settings } = next;
      await outbox.transaction(async (tx) => {
        for (const [key, value] of Object.entries(settings)) await repo.writeSetting(tx.db, key, JSON.stringify(value));
        await repo.replaceChannels(
          tx.db,
          channels.map((c, position) => ({ channel_id: newId(), ...c, position })),
        );
        await repo.replaceFooterLinks(
          tx.db,
          footerLinks.map((l, position) => ({ footer_link_id: newId(), ...l, position })),
        );
        await deps.audit.record(tx, {
          actor,
          action: 'site.settings_updated',
          subject: { type: 'site', id: 'settings' },
          summary: `Updated the site settings (outlet name "${settings.outletName}", ${channels.length} channel${channels.length === 1 ? '' : 's'}, ${footerLinks.length} footer link${footerLinks.length === 1 ? '' : 's'})`,
          ip: meta.ip,
        });
        tx.emit({ type: 'site.updated' });
      });
      return load();
    },
  };
}

export type SiteService = ReturnType<typeof createSiteService>;
