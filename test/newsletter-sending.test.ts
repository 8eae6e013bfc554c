import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor } from '../src/domain/access/index.js';
import { formHeaders, TEST_NOW } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { aSection, aTopic, anArticle } from './factories.js';
import { subscribed, withSmtp, type SmtpServer } from './helpers/newsletter.js';

/**
 * Issues, digests and the sender over a real SMTP server: what a subscriber receives follows
 * their choices and carries the headers mailbox providers ask of bulk senders; one-click
 * unsubscribe stops the next issue; a 4xx is retried; a 5xx suppresses the address; a sender
 * that dies mid-message leaves that one message in doubt and the rest are sent once.
 */

const EDITOR = systemActor('test editor');
const HOUR = 3600_000;

const issueTo = (server: SmtpServer, email: string) => server.received.filter((r) => r.envelopeTo.includes(email));

forEachDatabase('newsletter sending', (database) => {
  test('sign-up → confirm → digest by choices, with bulk-sender headers → one-click unsubscribe → no more mail', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    const army = await aSection(ctx, { name: 'Army' });
    await aSection(ctx, { name: 'Navy' });
    const drones = await aTopic(ctx, { name: 'Drones' });
    await subscribed(ctx, server, 'soldier@example.org', `&sections=${army.slug}&topics=${drones.slug}&topicAlerts=digest`);
    await subscribed(ctx, server, 'everything@example.org', '&frequency=daily');
    await subscribed(ctx, server, 'weekly@example.org', '&frequency=weekly');
    clock.advance(HOUR);
    await aSection(ctx, { name: 'Tri-Service' });
    const lead = await anArticle(ctx, {
      section: 'Tri-Service',
      headline: 'Defence review published',
      hero: { url: 'https://images.example/review.jpg', alt: 'The Secretary of State at the despatch box' },
    });
    await anArticle(ctx, { section: 'Army', headline: 'Reservists called up for winter exercise' });
    await anArticle(ctx, { section: 'Navy', headline: 'Frigate leaves Portsmouth for the Gulf' });
    await anArticle(ctx, { section: 'Navy', headline: 'Navy trials drone swarm off Cornwall', topics: ['Drones'] });
    clock.advance(HOUR);

    const issue = await ctx.services.issues.create(EDITOR, {
      subject: 'Morning briefing',
      intro: 'Good morning.\n\nThree stories today.',
      audience: 'daily',
      leadArticleId: lead.id,
    });
    const started = await ctx.services.issues.start(EDITOR, issue.id, null);
    assert.equal(started.recipientCount, 2, 'the daily, confirmed subscribers: snapshotted at the start');
    await ctx.services.newsletterSender.drain();
    assert.equal(server.received.length, 2);
    assert.equal(issueTo(server, 'weekly@example.org').length, 0, 'a weekly subscriber is not in a daily issue');

    const soldier = issueTo(server, 'soldier@example.org')[0]!;
    const { mail } = soldier;
    assert.equal(mail.subject, 'Morning briefing');
    assert.match(
      mail.text ?? '',
      /^Good morning\.\n\nThree stories today\.\n\nDefence review published\n/,
      'the intro, then the lead for everyone',
    );
    assert.match(mail.text ?? '', /== Army ==\n\nReservists called up for winter exercise/);
    assert.match(mail.text ?? '', /== Topics you follow: Drones ==\n\nNavy trials drone swarm off Cornwall/);
    assert.doesNotMatch(mail.text ?? '', /Frigate leaves Portsmouth/, 'a Navy story the soldier neither chose nor follows');
    assert.match(mail.html || '', /<table role="presentation"/);
    assert.match(mail.html || '', /Reservists called up for winter exercise/);
    assert.match(
      mail.html || '',
      /<img src="https:\/\/images\.example\/review\.jpg" alt="The Secretary of State at the despatch box" width="544"/,
      'the lead’s picture, with its alt text',
    );
    const headers = mail.headers;
    assert.match(String(headers.get('message-id')), new RegExp(`^<${issue.id}\\.\\d+@despatch\\.test>$`));
    assert.ok(headers.get('date') instanceof Date);
    // mailparser gathers the List-* headers (RFC 2369, 2919) under `list`.
    const list = headers.get('list') as { id?: { id?: string }; unsubscribe?: { url?: string } } | undefined;
    assert.equal(list?.id?.id, 'newsletter.despatch.test');
    const unsubscribe = list?.unsubscribe?.url ?? '';
    assert.match(unsubscribe, /^http:\/\/despatch\.test\/newsletter\/unsubscribe\/[\w.-]+$/, 'one address to unsubscribe');
    assert.match(soldier.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    assert.match(soldier.envelopeFrom ?? '', /^bounces\+[0-9a-f]{32}\.[\w-]{12}@despatch\.test$/, 'a VERP return path names the recipient');
    assert.match(soldier.raw, /^X-Despatch-Recipient: [0-9a-f]{32}\.[\w-]{12}\r?$/m);

    const everything = issueTo(server, 'everything@example.org')[0]!.mail.text ?? '';
    assert.match(everything, /Frigate leaves Portsmouth/, 'no sections chosen: every section');

    // The mailbox provider's one-click POST: no Origin, no cookie, no redirect.
    const one = await ctx.app.inject({
      method: 'POST',
      url: new URL(unsubscribe).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(one.statusCode, 200);
    assert.equal(one.headers.location, undefined);

    server.received.length = 0;
    clock.advance(24 * HOUR);
    await anArticle(ctx, { section: 'Army', headline: 'Tank regiment completes conversion course' });
    clock.advance(HOUR);
    const next = await ctx.services.issues.create(EDITOR, { subject: 'Next morning', intro: '', audience: 'daily' });
    await ctx.services.issues.start(EDITOR, next.id, null);
    await ctx.services.newsletterSender.drain();
    assert.deepEqual(
      server.received.map((r) => r.envelopeTo[0]),
      ['everything@example.org'],
      'the unsubscribed address gets no more mail',
    );
    assert.doesNotMatch(server.received[0]!.mail.text ?? '', /Reservists called up/, 'the next issue starts where the last one did');
    const progress = await ctx.services.issues.progress(EDITOR, next.id);
    assert.equal(progress.sent, 1);
    assert.equal(progress.remaining, 0);
    assert.equal((await ctx.services.issues.get(EDITOR, next.id)).status, 'sent');
  });

  test('a 4xx is retried later; a 5xx marks the message bounced and suppresses the address for good', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    for (const email of ['greylisted@example.org', 'gone@example.org', 'fine@example.org']) await subscribed(ctx, server, email);
    let greylisted = 0;
    let refuseGone = true;
    server.setRefuse((to) => {
      if (to === 'gone@example.org' && refuseGone) return { code: 550, message: 'No such user here' };
      if (to === 'greylisted@example.org' && greylisted++ === 0) return { code: 451, message: 'Greylisted, try again later' };
      return null;
    });

    const issue = await ctx.services.issues.create(EDITOR, { subject: 'Briefing', intro: 'Hello.', audience: 'daily' });
    await ctx.services.issues.start(EDITOR, issue.id, null);
    await ctx.services.newsletterSender.drain();
    let p = await ctx.services.issues.progress(EDITOR, issue.id);
    assert.deepEqual([p.sent, p.bounced, p.remaining], [1, 1, 1], 'one sent, one bounced, one waiting to be retried');
    const row = await ctx.handle.db
      .selectFrom('newsletter_recipients')
      .selectAll()
      .where('email', '=', 'greylisted@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /Greylisted/);

    await ctx.services.newsletterSender.drain();
    assert.equal((await ctx.services.issues.progress(EDITOR, issue.id)).remaining, 1, 'not before its time');
    clock.advance(61_000);
    await ctx.services.newsletterSender.drain();
    p = await ctx.services.issues.progress(EDITOR, issue.id);
    assert.deepEqual([p.sent, p.bounced, p.remaining], [2, 1, 0]);
    assert.equal(issueTo(server, 'greylisted@example.org').length, 1);
    assert.equal((await ctx.services.issues.get(EDITOR, issue.id)).status, 'sent');

    const gone = await ctx.handle.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'gone@example.org')
      .executeTakeFirstOrThrow();
    assert.ok(gone.suppressed_at, 'the refused address is suppressed');
    const suppressions = await ctx.handle.db.selectFrom('newsletter_suppressions').selectAll().execute();
    assert.equal(suppressions.length, 1);
    assert.ok(!JSON.stringify(suppressions).includes('gone@example.org'), 'the suppression list holds a keyed hash, not the address');

    // Erased, then signed up again: still suppressed, and sent nothing.
    refuseGone = false;
    await ctx.services.subscriberAdmin.erase(EDITOR, gone.subscriber_id, null);
    server.received.length = 0;
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: formHeaders,
      payload: 'email=gone%40example.org&source=%2F',
    });
    assert.equal(again.statusCode, 303, 'the same answer as anyone');
    assert.equal(server.received.length, 0);
    const next = await ctx.services.issues.create(EDITOR, { subject: 'Later', intro: '', audience: 'daily' });
    await ctx.services.issues.start(EDITOR, next.id, null);
    await ctx.services.newsletterSender.drain();
    assert.equal(issueTo(server, 'gone@example.org').length, 0);
  });

  test('a sender that dies mid-message leaves that message in doubt; another sends the rest once; the editor resends it', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database, newsletterSender: { leaseMs: 10_000 } });
    for (const n of [1, 2, 3, 4, 5]) await subscribed(ctx, server, `reader${n}@example.org`);
    const issue = await ctx.services.issues.create(EDITOR, { subject: 'Briefing', intro: 'Hello.', audience: 'daily' });
    await ctx.services.issues.start(EDITOR, issue.id, null);

    // A sender that claimed the batch and marked one message as being handed over, then died.
    const dead = 'sender-dead';
    await ctx.handle.db
      .insertInto('newsletter_senders')
      .values({ sender_id: dead, heartbeat_at: new Date(TEST_NOW).toISOString(), started_at: new Date(TEST_NOW).toISOString() })
      .execute();
    await ctx.handle.db.updateTable('newsletter_recipients').set({ claimed_by: dead }).where('issue_id', '=', issue.id).execute();
    await ctx.handle.db
      .updateTable('newsletter_recipients')
      .set({ state: 'handing' })
      .where('issue_id', '=', issue.id)
      .where('position', '=', 2)
      .execute();

    await ctx.services.newsletterSender.drain();
    assert.equal(server.received.length, 0, 'while the dead sender’s heartbeat is fresh, its claims hold');
    clock.advance(10_001);
    await ctx.services.newsletterSender.drain();
    const p = await ctx.services.issues.progress(EDITOR, issue.id);
    assert.deepEqual([p.sent, p.inDoubt, p.remaining], [4, 1, 0]);
    assert.equal(server.received.length, 4);
    const doubtful = await ctx.services.issues.inDoubt(EDITOR, issue.id);
    assert.deepEqual(
      doubtful.map((d) => d.position),
      [2],
    );
    assert.ok(!server.received.some((r) => r.envelopeTo[0] === doubtful[0]!.email), 'the in-doubt message is not resent by itself');

    assert.equal(await ctx.services.issues.resolveInDoubt(EDITOR, issue.id, 'resend'), 1);
    await ctx.services.newsletterSender.drain();
    assert.equal(server.received.length, 5);
    assert.equal(new Set(server.received.map((r) => r.envelopeTo[0])).size, 5, 'each reader once');
    assert.equal((await ctx.services.issues.get(EDITOR, issue.id)).status, 'sent');
  });

  test('topic alerts: a follower who chose them gets new stories by email, at most one an hour', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    await aSection(ctx, { name: 'Army' });
    const drones = await aTopic(ctx, { name: 'Drones' });
    await subscribed(ctx, server, 'alerts@example.org', `&topics=${drones.slug}&topicAlerts=alert`);
    await subscribed(ctx, server, 'digest@example.org', `&topics=${drones.slug}&topicAlerts=digest`);

    await anArticle(ctx, { section: 'Army', headline: 'Army buys counter-drone lasers', topics: ['Drones'] });
    await anArticle(ctx, { section: 'Army', headline: 'Pay rise for junior ranks' });
    await ctx.runner.runDue();
    assert.deepEqual(
      server.received.map((r) => [r.envelopeTo[0], r.mail.subject]),
      [['alerts@example.org', 'Army buys counter-drone lasers']],
      'one alert, to the follower who chose alerts, for the story on their topic',
    );
    assert.match(server.received[0]!.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);

    clock.advance(10 * 60_000);
    await anArticle(ctx, { section: 'Army', headline: 'Drone pilots graduate at Larkhill', topics: ['Drones'] });
    clock.advance(60_000);
    await anArticle(ctx, { section: 'Army', headline: 'Drones to patrol the Baltic', topics: ['Drones'] });
    await ctx.runner.runDue();
    assert.equal(server.received.length, 1, 'not within the hour');
    clock.advance(HOUR);
    await ctx.runner.runDue();
    assert.equal(server.received.length, 2);
    const second = server.received[1]!.mail;
    assert.equal(second.subject, '2 new stories on topics you follow');
    assert.match(second.text ?? '', /Drone pilots graduate at Larkhill/);
    assert.match(second.text ?? '', /Drones to patrol the Baltic/);
    clock.advance(2 * HOUR);
    await ctx.runner.runDue();
    assert.equal(server.received.length, 2, 'each story is sent once');
  });
});
