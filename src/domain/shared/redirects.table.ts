/** An old address and where it now lives: an article, section, topic, series or author whose slug changed, or a merged topic. */
export interface RedirectsTable {
  from_path: string;
  to_path: string;
  /** ISO-8601 UTC. */
  created_at: string;
}
