import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Query parameters that carry secrets: the content APIs' `key` (Ghost clients can send a key
 * no other way), and the one-time `token`s of sign-in and newsletter links.
 */
const SECRET_PARAMS = /([?&](?:key|token)=)[^&#\s"]*/gi;

/** `/ghost/api/content/posts/?key=abc&limit=2` → `/ghost/api/content/posts/?key=[redacted]&limit=2`. */
export const redactUrl = (text: string): string => text.replace(SECRET_PARAMS, '$1[redacted]');

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/**
 * Every string in a log record, redacted: top-level fields and those of plain objects one
 * level down (a serialised request's `url`). Requests and errors are redacted by their
 * serialisers below, which run on the objects themselves.
 */
function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (typeof v === 'string') out[k] = redactUrl(v);
    else if (isPlain(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([k2, v2]) => [k2, typeof v2 === 'string' ? redactUrl(v2) : v2]));
    else out[k] = v;
  }
  return out;
}

/** A request as a log line shows it: no headers (cookies, authorisation), the address redacted. */
function requestSerializer(req: { method?: string; url?: string; ip?: string; id?: unknown }) {
  return { method: req.method, url: redactUrl(req.url ?? ''), remoteAddress: req.ip, id: req.id };
}

/** An error as a log line shows it, with addresses in its message and stack redacted. */
function errorSerializer(err: Error) {
  const plain = pino.stdSerializers.err(err);
  return { ...plain, message: redactUrl(plain.message), stack: redactUrl(plain.stack ?? '') };
}

/**
 * The app's logger: pino, with secrets in addresses redacted from every line (fields and
 * messages alike), so an access log or an error report never holds a usable API key.
 */
export function createAppLogger(level: string, destination?: DestinationStream): PinoLogger {
  const options: pino.LoggerOptions = {
    level,
    formatters: { log: redactRecord },
    serializers: { req: requestSerializer, err: errorSerializer },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactUrl(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
