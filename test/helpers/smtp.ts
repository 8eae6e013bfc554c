import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message the test server took: what was parsed, and the envelope it came with. */
export interface Received {
  mail: ParsedMail;
  raw: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
}

/** A reply the server gives a recipient instead of accepting it: `451 …` (try later) or `550 …` (never). */
export type Refusal = { code: number; message: string };

/**
 * A real SMTP server in the test process (smtp-server), on a free local port, that keeps what
 * it is sent, parsed with mailparser. `refuse` decides, per recipient, whether to refuse.
 */
export async function startSmtpServer(opts: { refuse?: (to: string) => Refusal | null } = {}) {
  const received: Received[] = [];
  let refuse = opts.refuse;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // A pooled client keeps its connections open; closing the server ends them at once.
    closeTimeout: 50,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = refuse?.(address.address) ?? null;
      if (!refusal) return callback();
      const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (mail) => {
            const from = session.envelope.mailFrom;
            received.push({
              mail,
              raw,
              envelopeFrom: from ? from.address : null,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    /** Changes which recipients are refused from now on. */
    setRefuse(next: ((to: string) => Refusal | null) | undefined) {
      refuse = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * An SMTP server that only counts what it accepts, per recipient, without parsing: for sends
 * of thousands (the crash test, the benchmark), where parsing each message would be the
 * bottleneck. A message counts once its DATA is complete, whether or not the client lived
 * to read the reply: exactly what "delivered" means to the reader.
 */
export async function startCountingSmtpServer() {
  const perRecipient = new Map<string, number>();
  let total = 0;
  let bytes = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 50,
    maxClients: 200,
    onData(stream, session, callback) {
      stream.on('data', (c: Buffer) => (bytes += c.length));
      stream.on('end', () => {
        for (const r of session.envelope.rcptTo) perRecipient.set(r.address, (perRecipient.get(r.address) ?? 0) + 1);
        total++;
        callback();
      });
    },
  });
  // A client killed mid-conversation resets its connection: expected here, not a failure.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    perRecipient,
    get total() {
      return total;
    },
    get bytes() {
      return bytes;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
