export interface AuthorsTable {
  author_id: string;
  slug: string;
  name: string;
  /** nameKey(name): unique, so racing imports crediting one writer make one author. */
  name_key: string;
  role: string;
  bio: string;
  /** The author's photograph, when there is one. */
  photo_url: string | null;
  /** ISO-8601 UTC. */
  created_at: string;
}
