/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

export interface SectionsTable {
  section_id: string;
  slug: string;
  name: string;
  /** nameKey(name): unique, so two writers racing to create "Army" and "army" make one section. */
  name_key: string;
  description: string;
  position: number;
  created_at: Timestamp;
}

/** What a topic is about; the reader site and structured data treat people and places differently. */
export type TopicKind = 'person' | 'place' | 'organisation' | 'subject';

/** Every topic kind, in the order forms list them. */
export const TOPIC_KINDS: readonly TopicKind[] = ['person', 'place', 'organisation', 'subject'];

export interface TopicsTable {
  topic_id: string;
  slug: string;
  name: string;
  /** nameKey(name): unique across topics. */
  name_key: string;
  kind: TopicKind;
  description: string;
  created_at: Timestamp;
  /**
   * 1 when a bare surname or acronym alone names the topic in a text ("Putin", "NATO"); 0 when
   * its full name must appear too (topic suggestions). An integer, the same type on both databases.
   */
  distinctive: number;
}

export interface TopicAliasesTable {
  /** nameKey() of the alias: unique across topics so a name points at one topic. */
  alias_key: string;
  topic_id: string;
  alias: string;
}

export interface SeriesTable {
  series_id: string;
  slug: string;
  name: string;
  /** nameKey(name): unique. */
  name_key: string;
  description: string;
  created_at: Timestamp;
  /** JSON: where the series is watched, [{ name, url }]. */
  channels: string;
}
