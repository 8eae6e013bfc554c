export { createSiteService } from './site.service.js';
export type { DemoState, Site, SiteService } from './site.service.js';
export type { Channel, FooterLink, SiteSettings } from './site.schemas.js';
export { SITE_PAGE_SLUGS, isSitePageSlug } from './site-pages.js';
export type { SitePage, SitePageEdit, SitePageSlug } from './site-pages.js';
export { createSiteKeys } from './site-keys.js';
export type { SiteKeyName, SiteKeys } from './site-keys.js';
