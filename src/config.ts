import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_CACHE_MB } from './kernel/cache-budget.js';

/** An on/off switch: 1/true/yes or 0/false/no; unset means `fallback`. */
const flag = (fallback: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === '1' || v === 'true' || v === 'yes'));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  SITE_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must be a postgres:// URL or sqlite:PATH')
    .default('sqlite:./data/despatch.db'),
  DEMO: flag(true),
  MEDIA_DIR: z.string().min(1).default('./data/media'),
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): TrustProxy => {
      if (v === undefined || v === '' || v === '0' || v === 'false' || v === 'no') return false;
      if (/^[1-9][0-9]?$/.test(v)) return Number(v);
      const addresses = v.split(',').map((a) => a.trim());
      if (addresses.every(isAddressOrRange)) return addresses;
      ctx.addIssue({
        code: 'custom',
        message:
          'must be 0 (no proxy), the number of proxies in front (e.g. 1), or their addresses (e.g. 10.0.0.5,172.16.0.0/12); trusting every hop would let any client pick its own address',
      });
      return z.NEVER;
    }),
  WEBHOOKS_ALLOW_LOOPBACK: flag(false),
  CDN_PURGE_URL: z.url({ protocol: /^https?$/, error: 'must be an http or https address' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s/]+/, 'must be an smtp:// or smtps:// address, e.g. smtp://user:password@mail.example:587')
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'must be an address, e.g. Newsroom <newsroom@outlet.example>')
    .optional(),
  MAIL_OUTBOX_DIR: z.string().min(1).default('./data/outbox'),
  DKIM_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name, e.g. outlet.example')
    .optional(),
  DKIM_SELECTOR: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
      'must be a selector, e.g. despatch2026',
    )
    .optional(),
  // Never echoed back in an error: it may be the key itself.
  DKIM_PRIVATE_KEY: z.string().trim().min(1).optional(),
  BOUNCE_INTAKE_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{32,}$/, 'must be at least 32 printable characters without spaces, e.g. the output of openssl rand -hex 32')
    .optional(),
  METRICS_TOKEN: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]{32,}$/, 'must be at least 32 printable characters without spaces, e.g. the output of openssl rand -hex 32')
    .optional(),
  NEWSLETTER_RATE: z.coerce.number().int().min(1).max(100_000).default(50),
  NEWSLETTER_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(5),
  NEWSLETTER_LEASE_MS: z.coerce.number().int().min(500).max(3600_000).default(30_000),
  // Megabytes the reader site's caches may hold (`kernel/cache-budget.ts`).
  CACHE_MB: z.coerce.number().int().min(1).max(65_536).default(DEFAULT_CACHE_MB),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: flag(false),
  API_CORS_ORIGINS: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): string[] | '*' => {
      if (!v) return [];
      if (v === '*') return '*';
      const origins = v.split(',').map((o) => o.trim().replace(/\/+$/, ''));
      for (const origin of origins)
        if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
          ctx.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin (scheme and host, e.g. https://app.example); use * for any`,
          });
          return z.NEVER;
        }
      return origins;
    }),
});

/** Proxies whose X-Forwarded-For/-Proto are believed: none (false), the nearest N, or these addresses and ranges. */
export type TrustProxy = false | number | string[];

/** An IPv4/IPv6 address, or one with a /prefix. */
function isAddressOrRange(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Settings read from the environment once, at start-up. */
export interface Config {
  port: number;
  host: string;
  /** Public origin used in canonical URLs, feeds and emails, without a trailing slash. */
  siteUrl: string;
  /** False when SITE_URL is unset and `siteUrl` is the local default (the CLI says so). */
  siteUrlSet: boolean;
  databaseUrl: string;
  /** Load the demo outlet into an empty database. */
  demo: boolean;
  /** Folder for uploaded and generated images, served under /media/. */
  mediaDir: string;
  /** Which X-Forwarded-* hops to believe: none, a hop count, or the proxies' addresses. */
  trustProxy: TrustProxy;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Log a line per request (an access log, secrets in addresses redacted); off by default, as a proxy in front keeps one. */
  logRequests: boolean;
  /** Webhooks may be sent to this machine (127.0.0.1, ::1): for tests and local development only. */
  webhooksAllowLoopback: boolean;
  /** Where to POST the surrogate keys a change made stale; none by default. */
  cdnPurgeUrl: string | null;
  /** Web pages on these origins may call the content APIs from a browser: none, a list, or any ('*'). */
  apiCorsOrigins: string[] | '*';
  /** The SMTP server mail goes through; null: mail is written to `mailOutboxDir` instead. Holds a password: never logged. */
  smtpUrl: string | null;
  /** The From of every message the platform sends. */
  mailFrom: string;
  /** Where mail is written when there is no SMTP server. */
  mailOutboxDir: string;
  /** DKIM signing of every message (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY); null: messages go unsigned. */
  dkim: DkimSettings | null;
  /** The bearer token mail servers and providers present to report bounces and complaints; null: the intake is off (404). A secret: never logged. */
  bounceIntakeToken: string | null;
  /** The bearer token Prometheus scrapes `/metrics` with; null: `/metrics` answers 404. A secret: never logged. */
  metricsToken: string | null;
  /** Newsletter messages a second each process hands to the SMTP server (NEWSLETTER_RATE, default 50). */
  newsletterRate: number;
  /** SMTP connections the newsletter sender keeps open, each carrying one message at a time (NEWSLETTER_CONNECTIONS, default 5). */
  newsletterConnections: number;
  /** A newsletter sender silent this long is presumed dead: its claims pass to others (NEWSLETTER_LEASE_MS, default 30 s). */
  newsletterLeaseMs: number;
  /** Megabytes the reader site's caches may hold: rendered pages, read models, SQLite's page cache, rendered bodies (CACHE_MB, default 12). */
  cacheMb: number;
}

/**
 * What DKIM signing needs, in nodemailer's names. The key is a KeyObject, not PEM text: logged
 * or serialised by mistake it shows no key material.
 */
export interface DkimSettings {
  domainName: string;
  keySelector: string;
  privateKey: KeyObject;
}

const DKIM_SETTINGS = ['DKIM_DOMAIN', 'DKIM_SELECTOR', 'DKIM_PRIVATE_KEY'] as const;

/**
 * The DKIM settings, all three or none: a half-set signer would send mail unsigned while the
 * newsroom believes it signed. The key is PEM text (a literal "\n" for each line break, as
 * one-line environments need) or the path of a file holding it; it must be an RSA private key,
 * as nodemailer signs with rsa-sha256 only. Errors never quote the key.
 */
function dkimSettings(e: {
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY?: string | undefined;
}): DkimSettings | null {
  const missing = DKIM_SETTINGS.filter((name) => e[name] === undefined);
  if (missing.length === DKIM_SETTINGS.length) return null;
  if (missing.length > 0)
    throw new Error(
      `Invalid configuration: DKIM signing needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together; missing ${missing.join(', ')}`,
    );
  const setting = e.DKIM_PRIVATE_KEY!;
  let pem: string;
  if (setting.includes('-----BEGIN')) pem = setting.replace(/\\n/g, '\n');
  else {
    try {
      pem = readFileSync(setting, 'utf8');
    } catch (err) {
      throw new Error(
        `Invalid configuration: DKIM_PRIVATE_KEY: is not PEM text, and no file could be read at that path (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
        { cause: err },
      );
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    // The parser's own message is not passed on: some quote what they could not read.
    throw new Error('Invalid configuration: DKIM_PRIVATE_KEY: is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY----- …)');
  }
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new Error(
      `Invalid configuration: DKIM_PRIVATE_KEY: must be an RSA key (mail is signed with rsa-sha256), not ${privateKey.asymmetricKeyType}`,
    );
  if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 1024)
    throw new Error('Invalid configuration: DKIM_PRIVATE_KEY: is shorter than 1024 bits, which receivers refuse; use a 2048-bit key');
  return { domainName: e.DKIM_DOMAIN!, keySelector: e.DKIM_SELECTOR!, privateKey };
}

/** MAIL_FROM when it is unset: the newsroom at the site's own host. */
export const defaultMailFrom = (siteUrl: string): string => `Newsroom <newsroom@${new URL(siteUrl).hostname}>`;

/** The only reader of process.env: parses and documents every setting (see README). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    siteUrl,
    siteUrlSet: e.SITE_URL !== undefined,
    databaseUrl: e.DATABASE_URL,
    demo: e.DEMO,
    mediaDir: e.MEDIA_DIR,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    logRequests: e.LOG_REQUESTS,
    apiCorsOrigins: e.API_CORS_ORIGINS,
    webhooksAllowLoopback: e.WEBHOOKS_ALLOW_LOOPBACK,
    cdnPurgeUrl: e.CDN_PURGE_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? defaultMailFrom(siteUrl),
    mailOutboxDir: e.MAIL_OUTBOX_DIR,
    dkim: dkimSettings(e),
    bounceIntakeToken: e.BOUNCE_INTAKE_TOKEN ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    newsletterRate: e.NEWSLETTER_RATE,
    newsletterConnections: e.NEWSLETTER_CONNECTIONS,
    newsletterLeaseMs: e.NEWSLETTER_LEASE_MS,
    cacheMb: e.CACHE_MB,
  };
}
