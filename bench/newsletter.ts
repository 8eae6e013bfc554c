/**
 * `npm run bench` (newsletter part): how fast the sender hands messages to a local SMTP
 * server and how much memory it holds during a large send, then the full-sized crash loop.
 *
 * - Throughput: BENCH_NEWSLETTER_RECIPIENTS (100,000) confirmed subscribers on a temporary
 *   SQLite file (and PostgreSQL when TEST_DATABASE_URL is set), one issue, sent by this
 *   process over BENCH_NEWSLETTER_CONNECTIONS (10) SMTP connections, unthrottled, to an SMTP
 *   server in a child process that counts what it accepts. Reports messages a second (target
 *   ≥ 1,000) and the heap and RSS above what the process held before the send started.
 * - Crash loop: BENCH_CRASH_RECIPIENTS (20,000) recipients, BENCH_CRASH_KILLS (10) kill -9s of
 *   `despatch newsletter send` (test/newsletter-crash.test.ts runs 5,000 in CI).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start } from '../src/boot.js';
import { dropPostgresSchema, openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { systemActor } from '../src/domain/access/index.js';
import { silentLogger } from '../src/kernel/logger.js';
import { createSmtpMailer } from '../src/mail/index.js';
import { urlWithSchema } from '../test/helpers/concurrent-imports.js';
import { unusedMediaDir } from '../test/helpers/media-dir.js';
import { crashLoop, seedSubscribers } from '../test/helpers/newsletter-crash.js';

const RECIPIENTS = Number(process.env.BENCH_NEWSLETTER_RECIPIENTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_NEWSLETTER_CONNECTIONS ?? 10);
const CRASH_RECIPIENTS = Number(process.env.BENCH_CRASH_RECIPIENTS ?? 20_000);
const CRASH_KILLS = Number(process.env.BENCH_CRASH_KILLS ?? 10);
const PG = process.env.TEST_DATABASE_URL;
const TARGET = 1000;
const MB = 1024 * 1024;

async function sink() {
  const child = fork(new URL('./smtp-sink.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    count: () =>
      new Promise<{ total: number; bytes: number }>((resolve) => {
        child.once('message', (m: { total: number; bytes: number }) => resolve(m));
        child.send('count');
      }),
    stop: () => child.send('stop'),
  };
}

async function throughput(name: string, open: () => Promise<DatabaseHandle>) {
  const smtp = await sink();
  const mailer = createSmtpMailer({ url: smtp.url, from: 'Bench <news@bench.example>' });
  const booted = await start(await open(), {
    siteUrl: 'https://bench.example',
    log: silentLogger,
    mediaDir: unusedMediaDir(),
    mailer,
    newsletterSender: { connections: CONNECTIONS, ratePerSecond: 1_000_000 },
  });
  try {
    await seedSubscribers(booted.handle, RECIPIENTS, 'bench.example');
    const editor = systemActor('bench');
    const issue = await booted.services.issues.create(editor, { subject: 'Bench', intro: 'Good morning.', audience: 'daily' });
    await booted.services.issues.start(editor, issue.id, null);
    global.gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 100);
    const began = performance.now();
    await booted.services.newsletterSender.drain();
    const seconds = (performance.now() - began) / 1000;
    clearInterval(sampler);
    const { total, bytes } = await smtp.count();
    const rate = total / seconds;
    console.log(
      `${name.padEnd(10)} ${String(total).padStart(7)} messages in ${seconds.toFixed(1)} s: ${Math.round(rate)} messages/s ` +
        `(${rate >= TARGET ? 'meets' : 'MISSES'} ≥ ${TARGET}/s), ${Math.round(bytes / total / 1024)} KB each; ` +
        `held during the send: heap +${((peakHeap - base.heapUsed) / MB).toFixed(1)} MB, RSS +${((peakRss - base.rss) / MB).toFixed(1)} MB ` +
        `(peak RSS ${(peakRss / MB).toFixed(0)} MB)`,
    );
  } finally {
    await booted.close();
    smtp.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'despatch-bench-newsletter-'));
try {
  console.log(`Newsletter sender: ${RECIPIENTS} recipients, ${CONNECTIONS} SMTP connections, unthrottled`);
  await throughput('SQLite', () => openDatabase(`sqlite:${join(dir, 'send.db')}`));
  if (PG) {
    const schema = `bench_newsletter_${process.pid}`;
    try {
      await throughput('PostgreSQL', () => openDatabase(PG, { schema }));
    } finally {
      await dropPostgresSchema(PG, schema);
    }
  } else console.log('PostgreSQL: skipped (TEST_DATABASE_URL is not set)');

  console.log(`\nCrash loop: ${CRASH_RECIPIENTS} recipients, ${CRASH_KILLS} kill -9s of \`despatch newsletter send\``);
  const loops: Array<[string, Parameters<typeof crashLoop>[0]]> = [
    [
      'SQLite',
      {
        open: () => openDatabase(`sqlite:${join(dir, 'crash.db')}`),
        url: `sqlite:${join(dir, 'crash.db')}`,
        recipients: CRASH_RECIPIENTS,
        kills: CRASH_KILLS,
        rate: 2000,
        connections: 5,
      },
    ],
  ];
  const crashSchema = `bench_crash_${process.pid}`;
  if (PG)
    loops.push([
      'PostgreSQL',
      {
        open: () => openDatabase(PG, { schema: crashSchema }),
        url: urlWithSchema(PG, crashSchema),
        recipients: CRASH_RECIPIENTS,
        kills: CRASH_KILLS,
        rate: 2000,
        connections: 5,
      },
    ]);
  for (const [name, options] of loops) {
    try {
      const r = await crashLoop(options);
      const safe = r.duplicates.length === 0 && r.lost.length === 0 && r.open === 0;
      console.log(
        `${name.padEnd(10)} ${safe ? 'safe' : 'UNSAFE'}: ${r.sent} sent, ${r.inDoubt} in doubt (${r.inDoubtDelivered} of them delivered), ` +
          `${r.duplicates.length} twice, ${r.lost.length} lost; ${r.killedWhileSending} of ${r.kills} kills while sending; ${r.seconds.toFixed(0)} s`,
      );
      if (!safe) process.exitCode = 1;
    } finally {
      if (name === 'PostgreSQL') await dropPostgresSchema(PG!, crashSchema);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
