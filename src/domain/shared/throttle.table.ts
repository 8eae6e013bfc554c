type Timestamp = string;

export interface AuthThrottleTable {
  /** What is counted: `pair:<email key>|<ip>`, `ip:<ip>`, `reset-account:<email key>`, `reset-ip:<ip>`, `newsletter-ip:<keyed hash>`. */
  throttle_key: string;
  window_started_at: Timestamp;
  failures: number;
}
