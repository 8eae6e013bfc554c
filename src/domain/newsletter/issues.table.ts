/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

export type IssueStatus = 'draft' | 'scheduled' | 'sending' | 'sent';

/** An issue of the newsletter: an editor's intro over an automatic digest of the stories since the last issue. */
export interface NewsletterIssuesTable {
  issue_id: string;
  subject: string;
  /** Plain text, paragraphs separated by blank lines; escaped wherever it is shown. */
  intro: string;
  /** Who receives it: the daily or the weekly subscribers. */
  audience: 'daily' | 'weekly';
  lead_article_id: string | null;
  status: IssueStatus;
  scheduled_at: Timestamp | null;
  /** Stories published at or after this, and before `started_at`, are in the digest. */
  since: Timestamp | null;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
  recipient_count: number;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * One recipient's message. `queued` → `handing` (about to be handed to the SMTP server,
 * committed first) → `sent`. A 4xx puts it back to `queued` later; a 5xx makes it `bounced`;
 * `failed` after the last attempt. A `handing` row whose sender died is `in_doubt`: the
 * server may or may not have taken it, so an editor resends it or drops it.
 */
export type RecipientState = 'queued' | 'handing' | 'sent' | 'failed' | 'bounced' | 'in_doubt' | 'dropped';

export interface NewsletterRecipientsTable {
  issue_id: string;
  position: number;
  subscriber_id: string;
  email: string;
  /** Section ids, comma-separated; empty for every section. */
  sections: string;
  /** Followed topic ids, comma-separated. */
  topics: string;
  topic_alerts: number;
  state: RecipientState;
  attempts: number;
  next_attempt_at: Timestamp;
  /** The sender process that holds the row (its claim lapses when its heartbeat stops). */
  claimed_by: string | null;
  message_id: string | null;
  last_error: string | null;
  updated_at: Timestamp;
}

/** A process that sends: its claims hold while its heartbeat is fresh. */
export interface NewsletterSendersTable {
  sender_id: string;
  heartbeat_at: Timestamp;
  started_at: Timestamp;
}

/** A story waiting for a follower's next topic alert. */
export interface NewsletterAlertItemsTable {
  subscriber_id: string;
  article_id: string;
  queued_at: Timestamp;
  sent_at: Timestamp | null;
}
