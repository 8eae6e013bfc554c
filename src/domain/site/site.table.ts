export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
}

export interface ChannelsTable {
  channel_id: string;
  name: string;
  url: string;
  position: number;
}

export interface FooterLinksTable {
  footer_link_id: string;
  label: string;
  url: string;
  position: number;
}

/** One of the outlet's own pages; a page never saved shows its default text. */
export interface SitePagesTable {
  slug: string;
  title: string;
  body_md: string;
  updated_at: string;
}
