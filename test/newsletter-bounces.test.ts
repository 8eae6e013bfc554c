import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor } from '../src/domain/access/index.js';
import { createSiteKeys } from '../src/domain/site/index.js';
import { createSmtpMailer } from '../src/mail/index.js';
import { BOUNCE_REPORTS_PER_MINUTE } from '../src/web/api/bounces.routes.js';
import { anArticle } from './factories.js';
import { buildTestApp, TEST_NOW, type TestAppOptions, type TestContext } from './helpers/app.js';
import { testClock } from './helpers/clock.js';
import { forEachDatabase } from './helpers/databases.js';
import { startSmtpServer } from './helpers/smtp.js';

/**
 * The bounce and complaint intake, `POST /api/v1/newsletter/bounces`: JSON events from a
 * provider's webhook and reports an MTA pipes in (RFC 3464 DSNs, RFC 5965 ARF complaints)
 * name their recipient by the signed token the sender put in the return path and headers;
 * a valid one suppresses the subscriber, anything else is counted and left alone.
 */

const INTAKE_TOKEN = 'intake-0123456789abcdef0123456789abcdef';
const URL = '/api/v1/newsletter/bounces';
const EDITOR = systemActor('test editor');
const HOUR = 3600_000;

/** The token sender.ts puts in a message to `subscriberId` (recipientToken): compact id, 12 characters of its MAC. */
async function recipientToken(ctx: TestContext, subscriberId: string): Promise<string> {
  const keys = createSiteKeys({ db: ctx.handle.db, clock: ctx.services.clock });
  const compact = subscriberId.replace(/-/g, '');
  return `${compact}.${(await keys.mac('newsletter-links', `bounce:${compact}`)).slice(0, 12)}`;
}

/** Signs `email` up through the service and follows the emailed link: a confirmed subscriber, with their token. */
async function confirmed(ctx: TestContext, email: string) {
  await ctx.services.subscribers.subscribe({ email, sourcePath: '/' }, { ip: null });
  const mail = (await ctx.sentMail()).filter((m) => m.text?.includes(email) || JSON.stringify(m.to).includes(email)).at(-1);
  const link = /\/newsletter\/confirm\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
  assert.ok(link, `a sign-up link reached ${email}`);
  await ctx.services.subscribers.confirm(link, { ip: null });
  const row = await subscriberRow(ctx, email);
  assert.equal(row?.status, 'confirmed');
  return { id: row!.subscriber_id, token: await recipientToken(ctx, row!.subscriber_id) };
}

const subscriberRow = (ctx: TestContext, email: string) =>
  ctx.handle.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();

const suppressions = (ctx: TestContext) => ctx.handle.db.selectFrom('newsletter_suppressions').selectAll().execute();

const postEvents = (ctx: TestContext, events: unknown, token = INTAKE_TOKEN) =>
  ctx.app.inject({ method: 'POST', url: URL, headers: { authorization: `Bearer ${token}` }, payload: { events } });

const postMessage = (ctx: TestContext, raw: string) =>
  ctx.app.inject({
    method: 'POST',
    url: URL,
    headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'message/rfc822' },
    payload: raw,
  });

/** A token of the right shape whose MAC the site never made. */
const forged = (token: string) => `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;

const crlf = (lines: string[]) => lines.join('\r\n');

/** A Postfix-style non-delivery report (RFC 3464) for a message sent with `token`, quoting the original's headers. */
function dsn(token: string, opts: { action: string; status: string; diagnostic: string; subject?: string }) {
  return crlf([
    'Return-Path: <>',
    `Delivered-To: bounces+${token}@despatch.test`,
    'Received: by mx.despatch.test (Postfix, from userid 0) id 4Xk2; Fri, 27 Nov 2026 12:01:02 +0000 (UTC)',
    'Date: Fri, 27 Nov 2026 12:01:02 +0000 (UTC)',
    'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)',
    `Subject: ${opts.subject ?? 'Undelivered Mail Returned to Sender'}`,
    `To: bounces+${token}@despatch.test`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    '\tboundary="4Xk2.1795780862/mx.example.org"',
    'Message-Id: <20261127120102.4Xk2@mx.example.org>',
    '',
    'This is a MIME-encapsulated message.',
    '',
    '--4Xk2.1795780862/mx.example.org',
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.example.org.',
    '',
    "I'm sorry to have to inform you that your message could not",
    'be delivered to one or more recipients.',
    '',
    '<reader@example.org>: host mail.example.org[192.0.2.25] said: ' + opts.diagnostic,
    '',
    '--4Xk2.1795780862/mx.example.org',
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    'X-Postfix-Queue-ID: 4Xk2',
    `X-Postfix-Sender: rfc822; bounces+${token}@despatch.test`,
    'Arrival-Date: Fri, 27 Nov 2026 12:00:59 +0000 (UTC)',
    '',
    'Final-Recipient: rfc822; reader@example.org',
    'Original-Recipient: rfc822;reader@example.org',
    `Action: ${opts.action}`,
    `Status: ${opts.status}`,
    'Remote-MTA: dns; mail.example.org',
    `Diagnostic-Code: smtp; ${opts.diagnostic}`,
    '',
    '--4Xk2.1795780862/mx.example.org',
    'Content-Description: Undelivered Message Headers',
    'Content-Type: text/rfc822-headers',
    '',
    `Return-Path: <bounces+${token}@despatch.test>`,
    'From: The Garrison Wire <newsroom@despatch.test>',
    'To: reader@example.org',
    'Subject: Morning briefing',
    'Message-ID: <issue.1@despatch.test>',
    'List-Id: "The Garrison Wire newsletter" <newsletter.despatch.test>',
    `X-Despatch-Recipient: ${token}`,
    '',
    '--4Xk2.1795780862/mx.example.org--',
    '',
  ]);
}

/** A mailbox provider's complaint (an RFC 5965 feedback report) quoting the original message, sent to the abuse desk. */
function arf(token: string, feedbackType = 'abuse') {
  return crlf([
    'From: <staff@fbl.mailbox.example>',
    'Date: Fri, 27 Nov 2026 13:00:00 +0000',
    'Subject: FW: Morning briefing',
    'To: <abuse@despatch.test>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report;',
    '     boundary="part1_13d.2e68ed54_boundary"',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: text/plain; charset="US-ASCII"',
    'Content-Transfer-Encoding: 7bit',
    '',
    'This is an email abuse report for an email message received from IP',
    '192.0.2.1 on Fri, 27 Nov 2026 12:00:00 +0000.',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: message/feedback-report',
    '',
    `Feedback-Type: ${feedbackType}`,
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    'Original-Rcpt-To: <reader@mailbox.example>',
    'Arrival-Date: Fri, 27 Nov 2026 12:00:01 +0000',
    'Reported-Domain: despatch.test',
    'Source-IP: 192.0.2.1',
    '',
    '--part1_13d.2e68ed54_boundary',
    'Content-Type: message/rfc822',
    'Content-Disposition: inline',
    '',
    'From: The Garrison Wire <newsroom@despatch.test>',
    'Received: from mta.despatch.test (mta.despatch.test [192.0.2.1]) by mx.mailbox.example',
    'To: reader@mailbox.example',
    'Subject: Morning briefing',
    'MIME-Version: 1.0',
    'Message-ID: <issue.2@despatch.test>',
    'Date: Fri, 27 Nov 2026 12:00:00 +0000',
    `X-Despatch-Recipient: ${token}`,
    'Content-Type: text/plain',
    '',
    'Good morning.',
    '',
    '--part1_13d.2e68ed54_boundary--',
    '',
  ]);
}

forEachDatabase('newsletter bounces and complaints', (database) => {
  const setUp = (t: Parameters<typeof buildTestApp>[0], opts: TestAppOptions = {}) =>
    buildTestApp(t, { database, bounceIntakeToken: INTAKE_TOKEN, ...opts });

  test('JSON events: a bounce and a complaint suppress their subscribers; forged and unknown tokens are counted and ignored', async (t) => {
    const ctx = await setUp(t);
    const bounced = await confirmed(ctx, 'bounced@example.org');
    const complained = await confirmed(ctx, 'complained@example.org');
    const kept = await confirmed(ctx, 'kept@example.org');

    const res = await postEvents(ctx, [
      {
        type: 'bounce',
        recipient: `bounces+${bounced.token}@despatch.test`,
        detail: '550 5.1.1 <bounced@example.org>: Recipient address rejected',
      },
      { type: 'complaint', recipient: complained.token },
      { type: 'bounce', recipient: `bounces+${forged(kept.token)}@despatch.test` },
      { type: 'bounce', recipient: 'kept@example.org' },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { suppressed: 2, ignored: 2 });
    assert.equal(res.headers['cache-control'], 'no-store');

    assert.ok((await subscriberRow(ctx, 'bounced@example.org'))?.suppressed_at, 'the bounced subscriber is suppressed');
    assert.ok((await subscriberRow(ctx, 'complained@example.org'))?.suppressed_at);
    assert.equal((await subscriberRow(ctx, 'kept@example.org'))?.suppressed_at, null, 'a forged token and a bare address suppress nobody');
    const rows = await suppressions(ctx);
    assert.deepEqual(rows.map((r) => r.reason).sort(), ['bounced', 'complained']);
    assert.ok(!JSON.stringify(rows).includes('@example.org'), 'a suppression keeps a keyed hash, and the detail has the address blanked');
    assert.match(rows.find((r) => r.reason === 'bounced')!.detail, /^550 5\.1\.1 <\[address\]>: Recipient address rejected$/);
    assert.equal(await ctx.services.subscribers.isSuppressed('bounced@example.org'), true);
    assert.equal(await ctx.services.subscribers.isSuppressed('kept@example.org'), false);

    // A provider retrying its webhook gets the same answer and changes nothing more.
    const again = await postEvents(ctx, [{ type: 'bounce', recipient: `bounces+${bounced.token}@despatch.test` }]);
    assert.deepEqual(again.json(), { suppressed: 1, ignored: 0 });
    assert.equal((await suppressions(ctx)).length, 2);

    // An erased subscriber's token is still genuine, but there is nobody left to suppress.
    await ctx.services.subscriberAdmin.erase(EDITOR, kept.id, null);
    assert.deepEqual((await postEvents(ctx, [{ type: 'complaint', recipient: kept.token }])).json(), { suppressed: 0, ignored: 1 });
    assert.equal((await suppressions(ctx)).length, 2);
  });

  test('the bearer token guards the intake; without BOUNCE_INTAKE_TOKEN it is not there at all', async (t) => {
    const ctx = await setUp(t);
    const reader = await confirmed(ctx, 'reader@example.org');
    const events = [{ type: 'bounce', recipient: reader.token }];

    const wrong = await postEvents(ctx, events, `${INTAKE_TOKEN}x`);
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'UNAUTHENTICATED');
    assert.match(wrong.headers['www-authenticate'] as string, /^Bearer /);
    const none = await ctx.app.inject({ method: 'POST', url: URL, payload: { events } });
    assert.equal(none.statusCode, 401);
    const basic = await ctx.app.inject({
      method: 'POST',
      url: URL,
      headers: { authorization: `Basic ${Buffer.from(`x:${INTAKE_TOKEN}`).toString('base64')}` },
      payload: { events },
    });
    assert.equal(basic.statusCode, 401);
    assert.equal((await subscriberRow(ctx, 'reader@example.org'))?.suppressed_at, null);

    // No Origin or Sec-Fetch-Site: a mail server is no browser, and is not refused as a cross-site form.
    const right = await postEvents(ctx, events);
    assert.equal(right.statusCode, 200);

    const off = await buildTestApp(t, { database });
    const absent = await postEvents(off, events);
    assert.equal(absent.statusCode, 404);
    assert.equal(absent.json().error.code, 'PAGE_NOT_FOUND');
  });

  test('each sending address may post a limited number of reports a minute', async (t) => {
    const ctx = await setUp(t);
    for (let i = 0; i < BOUNCE_REPORTS_PER_MINUTE; i++) assert.equal((await postEvents(ctx, [])).statusCode, 200);
    const over = await postEvents(ctx, []);
    assert.equal(over.statusCode, 429);
    assert.equal(over.json().error.code, 'RATE_LIMITED');
  });

  test('a malformed event refuses the whole request, naming its index; at most 1000 events', async (t) => {
    const ctx = await setUp(t);
    const reader = await confirmed(ctx, 'reader@example.org');
    const bad = await postEvents(ctx, [
      { type: 'bounce', recipient: reader.token },
      { type: 'delivered', recipient: reader.token },
    ]);
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().error.code, 'VALIDATION_FAILED');
    assert.match(bad.json().error.message, /events\.1\.type must be "bounce" or "complaint"/);
    assert.equal((await subscriberRow(ctx, 'reader@example.org'))?.suppressed_at, null, 'nothing was applied, not even the good event');

    const missing = await postEvents(ctx, [{ type: 'bounce' }]);
    assert.match(missing.json().error.message, /events\.0\.recipient/);
    const many = await postEvents(
      ctx,
      Array.from({ length: 1001 }, () => ({ type: 'bounce', recipient: reader.token })),
    );
    assert.equal(many.statusCode, 422);
    assert.match(many.json().error.message, /at most 1000 events/);
    assert.equal(
      (await ctx.app.inject({ method: 'POST', url: URL, headers: { authorization: `Bearer ${INTAKE_TOKEN}` }, payload: { events: 'x' } }))
        .statusCode,
      422,
    );
    const text = await ctx.app.inject({
      method: 'POST',
      url: URL,
      headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    assert.equal(text.statusCode, 415, 'JSON or message/rfc822 only');
    assert.match(text.json().error.message, /Content-Type: message\/rfc822/);
    const form = await ctx.app.inject({
      method: 'POST',
      url: URL,
      headers: { authorization: `Bearer ${INTAKE_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'Return-Path: <>',
    });
    assert.equal(form.statusCode, 415, 'a message piped through curl without its content type is refused, not misread');
  });

  test('piped reports: a 5.x.x DSN suppresses, a 4.x.x delay does not, an ARF report is a complaint', async (t) => {
    const ctx = await setUp(t);
    const gone = await confirmed(ctx, 'gone@example.org');
    const slow = await confirmed(ctx, 'slow@example.org');
    const annoyed = await confirmed(ctx, 'annoyed@example.org');
    const grateful = await confirmed(ctx, 'grateful@example.org');

    const delayed = await postMessage(
      ctx,
      dsn(slow.token, {
        action: 'delayed',
        status: '4.4.1',
        diagnostic: '451 4.4.1 Try again later',
        subject: 'Delayed Mail (still being retried)',
      }),
    );
    assert.equal(delayed.statusCode, 200, delayed.body);
    assert.deepEqual(delayed.json(), { suppressed: 0, ignored: 1 });
    assert.equal((await subscriberRow(ctx, 'slow@example.org'))?.suppressed_at, null, 'a delay says nothing lasting');
    const gaveUp = await postMessage(ctx, dsn(slow.token, { action: 'failed', status: '4.4.7', diagnostic: 'delivery time expired' }));
    assert.deepEqual(gaveUp.json(), { suppressed: 0, ignored: 1 }, 'nor does an MTA giving up on a 4.x.x');

    const failed = await postMessage(
      ctx,
      dsn(gone.token, {
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
      }),
    );
    assert.equal(failed.statusCode, 200, failed.body);
    assert.deepEqual(failed.json(), { suppressed: 1, ignored: 0 });
    assert.ok((await subscriberRow(ctx, 'gone@example.org'))?.suppressed_at);

    const complaint = await postMessage(ctx, arf(annoyed.token));
    assert.deepEqual(complaint.json(), { suppressed: 1, ignored: 0 });
    assert.ok((await subscriberRow(ctx, 'annoyed@example.org'))?.suppressed_at);
    assert.deepEqual((await postMessage(ctx, arf(grateful.token, 'not-spam'))).json(), { suppressed: 0, ignored: 1 });

    const rows = await suppressions(ctx);
    assert.deepEqual(rows.map((r) => r.reason).sort(), ['bounced', 'complained']);
    const bounce = rows.find((r) => r.reason === 'bounced')!;
    assert.match(bounce.detail, /^Status 5\.1\.1: smtp; 550 5\.1\.1 <\[address\]>: Recipient address rejected: User unknown$/);
    assert.match(rows.find((r) => r.reason === 'complained')!.detail, /Feedback-Type abuse from SomeGenerator\/1\.0/);
    assert.ok(!JSON.stringify(rows).includes('@example.org'));

    const forgedReport = await postMessage(ctx, arf(forged(grateful.token)));
    assert.deepEqual(forgedReport.json(), { suppressed: 0, ignored: 1 });
    assert.equal((await subscriberRow(ctx, 'grateful@example.org'))?.suppressed_at, null);
  });

  test('a bounce of a real newsletter message: the token the sender wrote is the one the intake reads', async (t) => {
    const server = await startSmtpServer();
    t.after(() => server.close());
    const clock = testClock(TEST_NOW);
    const ctx = await setUp(t, {
      clock,
      mailer: createSmtpMailer({ url: server.url, from: 'The Garrison Wire <newsroom@despatch.test>' }),
    });
    await ctx.services.subscribers.subscribe({ email: 'reader@example.org', sourcePath: '/' }, { ip: null });
    const link = /\/newsletter\/confirm\/([\w-]+)/.exec(server.received.at(-1)!.mail.text ?? '')![1]!;
    await ctx.services.subscribers.confirm(link, { ip: null });
    clock.advance(HOUR);
    await anArticle(ctx, { headline: 'Defence review published' });
    clock.advance(HOUR);
    const issue = await ctx.services.issues.create(EDITOR, { subject: 'Morning briefing', intro: 'Good morning.', audience: 'daily' });
    await ctx.services.issues.start(EDITOR, issue.id, null);
    await ctx.services.newsletterSender.drain();
    const sent = server.received.at(-1)!;
    assert.equal(sent.mail.subject, 'Morning briefing');
    const token = /^bounces\+(.+)@despatch\.test$/.exec(sent.envelopeFrom ?? '')![1]!;

    // The receiving server's report quotes the headers exactly as they arrived.
    const quoted = sent.raw.slice(0, sent.raw.search(/\r?\n\r?\n/));
    const report = dsn(token, {
      action: 'failed',
      status: '5.2.1',
      diagnostic: '550 5.2.1 The email account that you tried to reach is disabled',
    })
      .replace(
        /(Content-Type: text\/rfc822-headers\r\n\r\n)[\s\S]*?(\r\n\r\n--)/,
        `$1${quoted.replace(/\r?\n/g, '\r\n').replace(/\$/g, '$$$$')}$2`,
      )
      .replace(/^(Delivered-To|To): .*$/gm, '$1: postmaster@despatch.test')
      .replace(/^X-Postfix-Sender: .*\r\n/m, '');
    assert.equal(report.split(token).length, 2, 'the token is now only in the quoted original');
    assert.match(report, new RegExp(`^X-Despatch-Recipient: ${token.replace('.', '\\.')}\r$`, 'm'));
    const res = await postMessage(ctx, report);
    assert.deepEqual(res.json(), { suppressed: 1, ignored: 0 });
    assert.ok((await subscriberRow(ctx, 'reader@example.org'))?.suppressed_at);
  });
});
