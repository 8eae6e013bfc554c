import { z } from 'zod';
import { linkTarget } from '../../kernel/validation.js';

export const siteSettingsSchema = z.object({
  outletName: z.string().trim().min(1, 'is required').max(100),
  tagline: z.string().trim().max(200).default(''),
  description: z.string().trim().max(500).default(''),
  /** Admins must set up a second factor before they can use the newsroom. */
  requireAdminTwoFactor: z.boolean().default(false),
  /** The outlet's logo, a picture from the media library shown in the header; the name in type when unset. */
  logoMediaId: z.string().max(100).nullable().default(null),
  /** What feeds carry of each story: the whole body, or its standfirst and a link to the page. */
  feedContent: z.enum(['full', 'summary']).default('full'),
});

export const channelSchema = z.object({ name: z.string().trim().min(1).max(100), url: linkTarget });
export const footerLinkSchema = z.object({ label: z.string().trim().min(1).max(100), url: linkTarget });

export type SiteSettings = z.infer<typeof siteSettingsSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type FooterLink = z.infer<typeof footerLinkSchema>;
