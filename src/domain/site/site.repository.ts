import type { Executor } from '../../db/schema.js';
import type { ChannelsTable, FooterLinksTable, SitePagesTable, SiteSettingsTable } from './site.table.js';

export function readSettings(ex: Executor): Promise<SiteSettingsTable[]> {
  return ex.selectFrom('site_settings').selectAll().execute();
}

export function readSetting(ex: Executor, key: string): Promise<SiteSettingsTable | undefined> {
  return ex.selectFrom('site_settings').selectAll().where('key', '=', key).executeTakeFirst();
}

/** Sets one setting (JSON text), adding or replacing it. */
export async function writeSetting(ex: Executor, key: string, value: string): Promise<void> {
  await ex
    .insertInto('site_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export function readChannels(ex: Executor): Promise<Array<Pick<ChannelsTable, 'name' | 'url'>>> {
  return ex.selectFrom('channels').select(['name', 'url']).orderBy('position').execute();
}

export async function replaceChannels(ex: Executor, rows: ChannelsTable[]): Promise<void> {
  await ex.deleteFrom('channels').execute();
  if (rows.length > 0) await ex.insertInto('channels').values(rows).execute();
}

export function readFooterLinks(ex: Executor): Promise<Array<Pick<FooterLinksTable, 'label' | 'url'>>> {
  return ex.selectFrom('footer_links').select(['label', 'url']).orderBy('position').execute();
}

export async function replaceFooterLinks(ex: Executor, rows: FooterLinksTable[]): Promise<void> {
  await ex.deleteFrom('footer_links').execute();
  if (rows.length > 0) await ex.insertInto('footer_links').values(rows).execute();
}

/** The outlet's pages that have been saved (the others show their default text). */
export function readPages(ex: Executor): Promise<SitePagesTable[]> {
  return ex.selectFrom('site_pages').selectAll().execute();
}

/** Saves one page, adding or replacing it. */
export async function writePage(ex: Executor, row: SitePagesTable): Promise<void> {
  await ex
    .insertInto('site_pages')
    .values(row)
    .onConflict((oc) => oc.column('slug').doUpdateSet({ title: row.title, body_md: row.body_md, updated_at: row.updated_at }))
    .execute();
}
