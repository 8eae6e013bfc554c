export interface AuthorsTable {
  author_id: string;
  slug: string;
  name: string;
  /** nameKey(name): unique, so racing imports crediting one writer make one author. */
  name_key: string;
  role: string;
  bio: string;
  /** The author's photograph by its address (set before the media library existed). */
  photo_url: string | null;
  /** The author's photograph from the media library, shown as its square crop; preferred to `photo_url`. */
  photo_media_id: string | null;
  /** A public address readers may write to; '' when not given. */
  email: string;
  /** The writer's X handle, without the @; '' when not given. */
  x_handle: string;
  /** ISO-8601 UTC. */
  created_at: string;
}
