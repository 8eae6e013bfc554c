import { z } from 'zod';

/** The outlet's own pages, each at an address no section may take. */
export const SITE_PAGE_SLUGS = ['about', 'contact', 'privacy', 'terms'] as const;
export type SitePageSlug = (typeof SITE_PAGE_SLUGS)[number];

export const isSitePageSlug = (slug: string): slug is SitePageSlug => (SITE_PAGE_SLUGS as readonly string[]).includes(slug);

/** One of the outlet's pages: what the footer links to and the page shows. */
export interface SitePage {
  slug: SitePageSlug;
  path: string;
  title: string;
  bodyMarkdown: string;
  /** Null until an admin first saves it (it shows its default text until then). */
  updatedAt: string | null;
}

/** What an admin edits. */
export const sitePageEditSchema = z.object({
  title: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'may be at most 200 characters'),
  bodyMarkdown: z.string({ error: 'is required' }).trim().min(1, 'is required').max(100_000, 'may be at most 100,000 characters'),
});
export type SitePageEdit = z.input<typeof sitePageEditSchema>;

/**
 * What each page says before an admin writes it: honest, general words an outlet can keep
 * or replace, never a placeholder a reader would take for a broken page.
 */
export function defaultPage(slug: SitePageSlug, outletName: string): Pick<SitePage, 'title' | 'bodyMarkdown'> {
  switch (slug) {
    case 'about':
      return {
        title: `About ${outletName}`,
        bodyMarkdown: `${outletName} reports on defence and the armed forces: operations, equipment, people and policy.\n\nOur journalists follow the Editors' Code of Practice. When we get something wrong we say so, and every correction is listed on our [corrections page](/corrections).`,
      };
    case 'contact':
      return {
        title: 'Contact us',
        bodyMarkdown: `To tell us about a story, or about a mistake in one, write to the newsroom. We read everything, though we cannot answer every message.\n\nCorrections we have made are listed on our [corrections page](/corrections).`,
      };
    case 'privacy':
      return {
        title: 'Privacy notice',
        bodyMarkdown: `${outletName} keeps as little about you as it can.\n\n## Reading\n\nThe site sets no advertising or tracking cookies and loads no third-party scripts. Our servers keep ordinary access logs for a short time to keep the site running and secure.\n\n## The newsletter\n\nIf you sign up, we keep your email address, the choices you made and a record of when and where you agreed, so that we can send you the newsletter and show that you asked for it. Every email has a link to change your choices or unsubscribe, and you can ask us to delete everything we hold about you.\n\n## Your rights\n\nUnder UK data protection law you may ask what we hold about you, have it corrected or deleted, and complain to the Information Commissioner's Office.`,
      };
    case 'terms':
      return {
        title: 'Terms of use',
        bodyMarkdown: `The articles, pictures and video on ${outletName} are protected by copyright. You may read, share links to and quote short extracts from them with credit; please ask before republishing more.\n\nWe take care to be accurate, and correct our mistakes openly on our [corrections page](/corrections).`,
      };
  }
}
