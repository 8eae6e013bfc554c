/** Timestamps are ISO-8601 UTC text in both databases (see docs/ARCHITECTURE.md §8). */
type Timestamp = string;

/** Double opt-in: pending until the address is confirmed. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

/** How often the digest comes. */
export type Frequency = 'daily' | 'weekly';

export interface SubscribersTable {
  subscriber_id: string;
  /** Lower-cased address: the unique key. */
  email: string;
  status: SubscriberStatus;
  /** The page of the latest sign-up. */
  source_path: string | null;
  frequency: Frequency;
  /** 1: an email when a followed topic gets a story (at most one an hour); 0: followed topics go in the digest. */
  topic_alerts: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The latest sign-up; a pending row is deleted seven days after it. */
  signed_up_at: Timestamp | null;
  confirmed_at: Timestamp | null;
  /** Set while the subscriber has paused their newsletters. */
  paused_at: Timestamp | null;
  /** When the last sign-up email went out: an address gets at most one a day. */
  confirmation_sent_at: Timestamp | null;
  /** Set when the mail server refused the address for good or its owner complained: never mailed again. */
  suppressed_at: Timestamp | null;
  /** When the last topic alert went: the next waits an hour from it. */
  last_alert_at: Timestamp | null;
}

export interface SubscriberSectionsTable {
  subscriber_id: string;
  section_id: string;
}

export interface SubscriberTopicsTable {
  subscriber_id: string;
  topic_id: string;
  followed_at: Timestamp;
}

/** `confirm`: confirms a sign-up; `change`: applies new choices an already confirmed subscriber asked for. */
export type SubscriberTokenPurpose = 'confirm' | 'change';

export interface SubscriberTokensTable {
  /** SHA-256 of the link's secret; the secret itself is only ever in the email. */
  token_hash: string;
  subscriber_id: string;
  purpose: SubscriberTokenPurpose;
  /** JSON of the choices the link applies. */
  choices: string | null;
  source_path: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  /** Set when the link is used: it works once. */
  used_at: Timestamp | null;
}

/** `signed_up`: the form was sent; `confirmed`: the emailed link was followed; `changed`: the choices changed. */
export type ConsentEvent = 'signed_up' | 'confirmed' | 'changed';

/** The record of each agreement: when, from which page, to which words, from which (hashed) network address. */
export interface SubscriberConsentsTable {
  consent_id: string;
  subscriber_id: string;
  event: ConsentEvent;
  at: Timestamp;
  source_path: string | null;
  /** The words the subscriber agreed to, as shown, with their choices. */
  wording: string;
  /** Keyed hash of the IP address the request came from (site key `address-hash`). */
  ip_hash: string | null;
}

export type SuppressionReason = 'bounced' | 'complained';

/** Addresses the newsletter never mails again; only a keyed hash, so an erased subscriber stays suppressed without their address being kept. */
export interface NewsletterSuppressionsTable {
  address_hash: string;
  reason: SuppressionReason;
  /** The server's words (a bounce's status line) or where the complaint came from. */
  detail: string;
  created_at: Timestamp;
}
