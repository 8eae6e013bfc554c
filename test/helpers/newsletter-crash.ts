/**
 * The newsletter crash loop, shared by the test (CI-sized) and `npm run bench` (full-sized):
 * a send to N confirmed subscribers is run by `despatch newsletter send` processes that are
 * killed with SIGKILL at random moments, then finished by one left alone. Afterwards every
 * recipient must have exactly one message, or be listed in doubt with at most one.
 */
import { spawn } from 'node:child_process';
import type { DatabaseHandle } from '../../src/db/database.js';
import { start } from '../../src/boot.js';
import { systemActor } from '../../src/domain/access/index.js';
import { silentLogger } from '../../src/kernel/logger.js';
import { newId } from '../../src/kernel/ids.js';
import { unusedMediaDir } from './media-dir.js';
import { startCountingSmtpServer } from './smtp.js';

const BIN = new URL('../../bin/despatch.mjs', import.meta.url).pathname;
const SITE_URL = 'https://crash.example';
const EDITOR = systemActor('crash test');

export interface CrashOptions {
  /** Opens the database in this process (to seed and to check). */
  open: () => Promise<DatabaseHandle>;
  /** The same database as child processes reach it (DATABASE_URL). */
  url: string;
  recipients: number;
  kills: number;
  /** Messages a second each sender may hand over. */
  rate: number;
  connections: number;
  /** Random numbers (seeded by the caller for a reproducible run). */
  random?: () => number;
}

export interface CrashResult {
  recipients: number;
  kills: number;
  killedWhileSending: number;
  sent: number;
  inDoubt: number;
  /** Recipients the SMTP server got more than one message for: must be none. */
  duplicates: string[];
  /** Recipients with no message and not in doubt: must be none. */
  lost: string[];
  /** In-doubt recipients, and how many of them the server did get (0 or 1 each). */
  inDoubtDelivered: number;
  /** Rows left open (queued or handing) after the final run: must be none. */
  open: number;
  seconds: number;
}

/** Seeds `n` confirmed daily subscribers at `domain` in batches (the sign-up path is tested elsewhere). */
export async function seedSubscribers(handle: DatabaseHandle, n: number, domain = 'crash.example'): Promise<void> {
  const now = new Date().toISOString();
  for (let from = 0; from < n; from += 500) {
    const rows = Array.from({ length: Math.min(500, n - from) }, (_, i) => ({
      subscriber_id: newId(),
      email: `reader${from + i}@${domain}`,
      status: 'confirmed' as const,
      source_path: '/',
      frequency: 'daily' as const,
      topic_alerts: 0,
      created_at: now,
      updated_at: now,
      signed_up_at: now,
      confirmed_at: now,
      paused_at: null,
      confirmation_sent_at: now,
      suppressed_at: null,
      last_alert_at: null,
    }));
    await handle.db.insertInto('subscribers').values(rows).execute();
  }
}

export async function crashLoop(o: CrashOptions): Promise<CrashResult> {
  const random = o.random ?? Math.random;
  const smtp = await startCountingSmtpServer();
  const began = Date.now();
  try {
    const booted = await start(await o.open(), { siteUrl: SITE_URL, log: silentLogger, mediaDir: unusedMediaDir() });
    await seedSubscribers(booted.handle, o.recipients);
    const issue = await booted.services.issues.create(EDITOR, { subject: 'Crash test', intro: 'Hello.', audience: 'daily' });
    await booted.close();

    const env = {
      PATH: process.env.PATH,
      DATABASE_URL: o.url,
      SITE_URL,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Crash Test <news@crash.example>',
      NEWSLETTER_RATE: String(o.rate),
      NEWSLETTER_CONNECTIONS: String(o.connections),
      NEWSLETTER_LEASE_MS: '1000',
      LOG_LEVEL: 'silent',
    };
    const run = (killAfter: (started: () => boolean) => Promise<void> | null) =>
      new Promise<{ code: number | null; killedWhileSending: boolean }>((resolve, reject) => {
        const before = smtp.total;
        const child = spawn(process.execPath, [BIN, 'newsletter', 'send', issue.id], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        let killedWhileSending = false;
        const sending = () => smtp.total > before;
        const killer = killAfter(sending);
        killer?.then(() => {
          if (child.exitCode === null) {
            killedWhileSending = sending();
            child.kill('SIGKILL');
          }
        }, reject);
        child.on('error', reject);
        const spawned = Date.now();
        child.on('exit', (code, signal) => {
          if (process.env.CRASH_DEBUG)
            process.stderr.write(
              `run: ${signal ?? code} after ${Date.now() - spawned} ms, ${smtp.total - before} messages, sending ${sending()}\n`,
            );
          if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the sender exited ${code}: ${stderr.slice(-2000)}`));
          else resolve({ code, killedWhileSending });
        });
      });

    let killedWhileSending = 0;
    for (let k = 0; k < o.kills; k++) {
      // Most kills land while messages flow (0–400 ms after the first); one in five earlier, in
      // start-up, the snapshot or the first claim.
      const early = k % 5 === 0;
      const r = await run(async (started) => {
        if (early) return void (await sleep(200 + random() * 1500));
        const deadline = Date.now() + 20_000;
        while (!started() && Date.now() < deadline) await sleep(5);
        await sleep(random() * 400);
      });
      if (r.killedWhileSending) killedWhileSending++;
    }
    // The survivor waits out the dead senders' leases, then finishes the send.
    await run(() => null);

    const check = await o.open();
    try {
      const rows = await check.db.selectFrom('newsletter_recipients').select(['email', 'state']).where('issue_id', '=', issue.id).execute();
      const confirmed = await check.db.selectFrom('subscribers').select('email').where('status', '=', 'confirmed').execute();
      const byEmail = new Map(rows.map((r) => [r.email, r.state]));
      const duplicates = [...smtp.perRecipient].filter(([, n]) => n > 1).map(([e]) => e);
      const lost = confirmed.map((c) => c.email).filter((e) => byEmail.get(e) !== 'in_doubt' && (smtp.perRecipient.get(e) ?? 0) !== 1);
      const doubted = rows.filter((r) => r.state === 'in_doubt');
      return {
        recipients: confirmed.length,
        kills: o.kills,
        killedWhileSending,
        sent: rows.filter((r) => r.state === 'sent').length,
        inDoubt: doubted.length,
        duplicates,
        lost,
        inDoubtDelivered: doubted.filter((r) => smtp.perRecipient.has(r.email)).length,
        open: rows.filter((r) => r.state === 'queued' || r.state === 'handing').length,
        seconds: (Date.now() - began) / 1000,
      };
    } finally {
      await check.close();
    }
  } finally {
    await smtp.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
