export { createSiteService } from './site.service.js';
export type { DemoState, Site, SiteService } from './site.service.js';
export type { Channel, FooterLink, SiteSettings } from './site.schemas.js';
