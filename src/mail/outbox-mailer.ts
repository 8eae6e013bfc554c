import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import DKIM from 'nodemailer/lib/dkim';
import { buildMessage } from './mime.js';
import type { DkimSettings } from '../config.js';
import { domainOf, type Mail, type Mailer } from './mailer.js';

/**
 * Mail written as .eml files into a folder (MAIL_OUTBOX_DIR, `data/outbox/` by default) when no
 * SMTP server is set, so a fresh `npm start` can invite staff and sign up readers with nothing
 * else running: the newsroom's Outbox page lists and shows the files, and any mail program
 * opens them. Each file is complete before it appears (written aside, then renamed). With
 * `dkim` each file is signed as the SMTP mailer would sign it, so a signing setup can be
 * checked before any server is set.
 */
export function createOutboxMailer(opts: { dir: string; from: string; dkim?: DkimSettings | null }): Mailer {
  // nodemailer's own signer, the one its transports use for their `dkim` option.
  const signer = opts.dkim
    ? new DKIM({ domainName: opts.dkim.domainName, keySelector: opts.dkim.keySelector, privateKey: opts.dkim.privateKey })
    : null;
  return {
    kind: 'outbox',
    from: opts.from,
    outboxDir: opts.dir,
    async send(mail: Mail) {
      await mkdir(opts.dir, { recursive: true });
      const id = randomUUID();
      const messageId = mail.messageId ?? `<${id}@${domainOf(opts.from)}>`;
      const composed = buildMessage({
        from: opts.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        messageId,
        date: new Date(),
      });
      const raw = signer ? await buffer(signer.sign(composed)) : composed;
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`;
      const aside = join(opts.dir, `.${name}.part`);
      await writeFile(aside, raw);
      await rename(aside, join(opts.dir, name));
      return { messageId, response: `written to the outbox as ${name}` };
    },
    async close() {},
  };
}

/** One file in the outbox. */
export interface OutboxFile {
  name: string;
  bytes: number;
  writtenAt: Date;
}

/** An outbox file's name as the mailer makes them: nothing that could step out of the folder. */
const isOutboxName = (name: string) => /^[0-9TZ-]+-[0-9a-f-]{36}\.eml$/.test(name);

/** The newest `limit` files in the outbox (none when the folder does not exist yet). */
export async function listOutbox(dir: string, limit = 100): Promise<OutboxFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter(isOutboxName);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  // Names start with the time they were written, so the newest sort last.
  const newest = names.sort().reverse().slice(0, limit);
  return Promise.all(
    newest.map(async (name) => {
      const s = await stat(join(dir, name));
      return { name, bytes: s.size, writtenAt: s.mtime };
    }),
  );
}

/** An outbox file's bytes, or null when there is no such file (or the name is not one the mailer makes). */
export async function readOutboxFile(dir: string, name: string): Promise<Buffer | null> {
  if (!isOutboxName(name)) return null;
  try {
    return await readFile(join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
