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

/** Everything the page chrome needs: outlet name, "Watch Us On" channels, footer links. */
export interface Site extends SiteSettings {
  channels: Channel[];
  footerLinks: FooterLink[];
}

const DEFAULT_SETTINGS: SiteSettings = { outletName: 'Despatch', tagline: '', description: '', requireAdminTwoFactor: false };

/** Everything the settings page edits, in one schema. */
const siteEditSchema = siteSettingsSchema.extend({
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
    const [settingRows, channels, footerLinks] = await Promise.all([
      repo.readSettings(db),
      repo.readChannels(db),
      repo.readFooterLinks(db),
    ]);
    const stored = Object.fromEntries(settingRows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const settings = siteSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    return { ...(settings.success ? settings.data : DEFAULT_SETTINGS), channels, footerLinks };
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

    /** The current site settings (cached). */
    getSite(): Promise<Site> {
      return site.get();
    },

    /** Forgets the cached settings; called on every domain event. */
    forgetCached(): void {
      site.clear();
    },

    /** The settings as an admin edits them, read afresh (admins only). */
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
