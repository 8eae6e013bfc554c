import type { Kysely } from 'kysely';
import { z } from 'zod';
import { cachedValue } from '../../kernel/cached-value.js';
import type { EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import { parseInput as parse } from '../../kernel/validation.js';
import type { Database } from '../../db/schema.js';
import { channelSchema, footerLinkSchema, siteSettingsSchema, type Channel, type FooterLink, type SiteSettings } from './site.schemas.js';

/** Everything the page chrome needs: outlet name, "Watch Us On" channels, footer links. */
export interface Site extends SiteSettings {
  channels: Channel[];
  footerLinks: FooterLink[];
}

const DEFAULT_SETTINGS: SiteSettings = { outletName: 'Despatch', tagline: '', description: '' };

type Db = Kysely<Database>;

/** Progress of the demo loader. */
export type DemoState = 'none' | 'started' | 'loaded';
// Not a site setting: the settings schema ignores it.
const DEMO_STATE_KEY = 'internal.demo_state';

/** Site settings, read on every page: kept in memory and reloaded after a change. */
export function createSiteService(deps: { db: Db; events: EventBus }) {
  const site = cachedValue(load);

  async function load(): Promise<Site> {
    const [settingRows, channels, footerLinks] = await Promise.all([
      deps.db.selectFrom('site_settings').selectAll().execute(),
      deps.db.selectFrom('channels').select(['name', 'url']).orderBy('position').execute(),
      deps.db.selectFrom('footer_links').select(['label', 'url']).orderBy('position').execute(),
    ]);
    const stored = Object.fromEntries(settingRows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const settings = siteSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    return { ...(settings.success ? settings.data : DEFAULT_SETTINGS), channels, footerLinks };
  }

  async function changed(): Promise<void> {
    site.clear();
    await deps.events.emit({ type: 'site.updated' });
  }

  return {
    /** How far loading the demo outlet got: never started, started, or finished. */
    async demoState(): Promise<DemoState> {
      const row = await deps.db.selectFrom('site_settings').select('value').where('key', '=', DEMO_STATE_KEY).executeTakeFirst();
      const state = row ? (JSON.parse(row.value) as unknown) : 'none';
      return state === 'started' || state === 'loaded' ? state : 'none';
    },

    /** Records the demo loader's progress, so a load cut short is finished on the next start. */
    async setDemoState(state: Exclude<DemoState, 'none'>): Promise<void> {
      const value = JSON.stringify(state);
      await deps.db
        .insertInto('site_settings')
        .values({ key: DEMO_STATE_KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** The current site settings (cached). */
    getSite(): Promise<Site> {
      return site.get();
    },

    /** Replaces the outlet's name, tagline and description. */
    async updateSettings(input: unknown): Promise<void> {
      const settings = parse(siteSettingsSchema, input);
      await deps.db.transaction().execute(async (trx) => {
        for (const [key, value] of Object.entries(settings)) {
          await trx
            .insertInto('site_settings')
            .values({ key, value: JSON.stringify(value) })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
            .execute();
        }
      });
      await changed();
    },

    /** Replaces the "Watch Us On" channels, in the given order. */
    async replaceChannels(input: unknown): Promise<void> {
      const channels = parse(z.array(channelSchema).max(20), input);
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('channels').execute();
        if (channels.length > 0)
          await trx
            .insertInto('channels')
            .values(channels.map((c, position) => ({ channel_id: newId(), ...c, position })))
            .execute();
      });
      await changed();
    },

    /** Replaces the footer links, in the given order. */
    async replaceFooterLinks(input: unknown): Promise<void> {
      const links = parse(z.array(footerLinkSchema).max(30), input);
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('footer_links').execute();
        if (links.length > 0)
          await trx
            .insertInto('footer_links')
            .values(links.map((l, position) => ({ footer_link_id: newId(), ...l, position })))
            .execute();
      });
      await changed();
    },
  };
}

export type SiteService = ReturnType<typeof createSiteService>;
