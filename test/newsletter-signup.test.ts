import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formHeaders, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { aSection, aTopic, anArticle } from './factories.js';
import { post, signedIn } from './helpers/newsroom.js';
import { confirmLinkIn, withSmtp } from './helpers/newsletter.js';

/**
 * Double opt-in over a real SMTP server: the form, the emailed link, the page whose button
 * confirms, the consent record, the limits, the subscriber's own page, RFC 8058 one-click
 * unsubscribe, and what admins may do with subscribers.
 */

const HOUR = 3600_000;

const signUp = (ctx: TestContext, fields: Record<string, string | string[]>, ip = '198.51.100.7') => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return ctx.app.inject({ method: 'POST', url: '/newsletter', headers: formHeaders, remoteAddress: ip, payload: body.toString() });
};

const subscriber = (ctx: TestContext, email: string) =>
  ctx.handle.db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();

forEachDatabase('newsletter sign-up', (database) => {
  test('sign-up → email → the link’s page changes nothing → its button confirms, once; consent is recorded', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    const army = await aSection(ctx, { name: 'Army' });
    const story = await anArticle(ctx, { section: army.name });
    const res = await signUp(ctx, { email: 'Reader@Example.org', source: story.path, frequency: 'weekly', sections: 'army' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/newsletter/thanks');

    assert.equal(server.received.length, 1);
    const { mail, envelopeTo } = server.received[0]!;
    assert.deepEqual(envelopeTo, ['reader@example.org']);
    assert.equal(
      mail.subject,
      'Confirm your The Garrison Wire newsletter sign-up'.replace('The Garrison Wire', (await ctx.services.site.getSite()).outletName),
    );
    assert.match(mail.text ?? '', /The weekly newsletter\.\n- Sections: Army\./);
    assert.match(mail.html || '', /<table role="presentation"/, 'an HTML part laid out in tables');
    assert.match(mail.html || '', /name="color-scheme" content="light dark"/);
    const path = confirmLinkIn(server, 'reader@example.org');

    const page = await ctx.app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(page.body, /<strong>reader@example\.org<\/strong>/);
    assert.match(page.body, new RegExp(`<form method="post" action="${path}"`));
    assert.equal((await subscriber(ctx, 'reader@example.org'))!.status, 'pending', 'opening the link (a mail scanner) confirms nothing');

    const done = await ctx.app.inject({ method: 'POST', url: path, headers: formHeaders, remoteAddress: '198.51.100.7' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /You are subscribed/);
    const row = (await subscriber(ctx, 'reader@example.org'))!;
    assert.equal(row.status, 'confirmed');
    assert.equal(row.frequency, 'weekly');
    assert.ok(row.confirmed_at);
    const manage = /href="(\/newsletter\/manage\/[^"]+)"/.exec(done.body)![1]!;
    assert.equal((await ctx.app.inject(manage)).statusCode, 200);

    const consents = await ctx.handle.db
      .selectFrom('subscriber_consents')
      .selectAll()
      .where('subscriber_id', '=', row.subscriber_id)
      .execute();
    assert.deepEqual(consents.map((c) => c.event).sort(), ['confirmed', 'signed_up']);
    const signed = consents.find((c) => c.event === 'signed_up')!;
    assert.equal(signed.source_path, story.path);
    assert.match(signed.wording, /^I would like to receive the newsletter at this address\./);
    assert.match(signed.wording, /Sections: Army\./);
    assert.ok(signed.ip_hash && signed.ip_hash.length >= 40, 'the network address is kept as a keyed hash');
    assert.ok(!JSON.stringify(consents).includes('198.51.100.7'), 'never as it was');

    const again = await ctx.app.inject({ method: 'POST', url: path, headers: formHeaders });
    assert.equal(again.statusCode, 410, 'the link works once');
    assert.match(again.body, /expired or has already been used/);
    assert.equal((await ctx.app.inject(path)).statusCode, 410);
  });

  test('known and unknown addresses get the same answer; one sign-up email per address a day', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    const first = await signUp(ctx, { email: 'twice@example.org', source: '/' });
    const second = await signUp(ctx, { email: 'twice@example.org', source: '/' });
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(server.received.length, 1, 'the second sign-up in a day sends nothing');
    clock.advance(24 * HOUR + 1000);
    await signUp(ctx, { email: 'twice@example.org', source: '/' });
    assert.equal(server.received.length, 2, 'a day later, one more');
    // Both links work until used or expired: the reader may follow either.
    const path = confirmLinkIn(server, 'twice@example.org');
    assert.equal((await ctx.app.inject({ method: 'POST', url: path, headers: formHeaders })).statusCode, 200);
  });

  test('a confirmed subscriber who follows a topic is asked to confirm the change by email', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    const topic = await aTopic(ctx, { name: 'Royal Navy' });
    await signUp(ctx, { email: 'sailor@example.org', source: '/' });
    await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, 'sailor@example.org'), headers: formHeaders });
    clock.advance(25 * HOUR);

    const follow = await ctx.app.inject(`/newsletter/follow/${topic.slug}`);
    assert.equal(follow.statusCode, 200);
    assert.match(follow.body, /<h1>Follow Royal Navy by email<\/h1>/);
    assert.match(follow.body, new RegExp(`name="topics" value="${topic.slug}" checked`));

    const res = await signUp(ctx, {
      email: 'sailor@example.org',
      source: `/newsletter/follow/${topic.slug}`,
      topics: topic.slug,
      topicAlerts: 'alert',
    });
    assert.equal(res.statusCode, 303);
    const change = server.received.at(-1)!.mail;
    assert.equal(change.subject, `Confirm the changes to your ${(await ctx.services.site.getSite()).outletName} newsletter`);
    assert.match(change.text ?? '', /Topics you follow: Royal Navy, with an email when one has a new story/);
    const row = (await subscriber(ctx, 'sailor@example.org'))!;
    const before = await ctx.handle.db.selectFrom('subscriber_topics').selectAll().where('subscriber_id', '=', row.subscriber_id).execute();
    assert.deepEqual(before, [], 'nothing changes until the owner of the address says so');

    const path = confirmLinkIn(server, 'sailor@example.org');
    const page = await ctx.app.inject(path);
    assert.match(page.body, /Confirm your changes/);
    await ctx.app.inject({ method: 'POST', url: path, headers: formHeaders });
    const after = await ctx.handle.db
      .selectFrom('subscriber_topics')
      .select('topic_id')
      .where('subscriber_id', '=', row.subscriber_id)
      .execute();
    assert.deepEqual(after, [{ topic_id: topic.id }]);
    assert.equal((await subscriber(ctx, 'sailor@example.org'))!.topic_alerts, 1);
    assert.equal((await subscriber(ctx, 'sailor@example.org'))!.status, 'confirmed');
  });

  test('every Related topics chip on an article offers Follow', async (t) => {
    const { ctx } = await withSmtp(t, { database });
    const topic = await aTopic(ctx, { name: 'Ukraine' });
    const story = await anArticle(ctx, { topics: [topic.name] });
    const page = await ctx.app.inject(story.path);
    assert.match(
      page.body,
      new RegExp(`<a class="topic-follow" href="/newsletter/follow/${topic.slug}" aria-label="Follow Ukraine by email">Follow</a>`),
    );
  });

  test('bad input: a clear message, every choice kept, nothing written or sent', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    await aSection(ctx, { name: 'Navy' });
    const bad = await signUp(ctx, { email: 'not-an-address', source: '/', frequency: 'weekly', sections: 'navy' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Enter an email address in the form name@example\.com/);
    assert.match(bad.body, /value="not-an-address"/);
    assert.match(bad.body, /value="weekly" checked/);
    assert.match(bad.body, /value="navy" checked/);
    const unknown = await signUp(ctx, { email: 'ok@example.org', source: '/', topics: 'no-such-topic' });
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /One of the topics chosen no longer exists/);
    assert.deepEqual(await ctx.handle.db.selectFrom('subscribers').selectAll().execute(), []);
    assert.equal(server.received.length, 0);
  });

  test('a filled honeypot gets the usual answer and nothing else', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    const res = await signUp(ctx, { email: 'bot@example.org', source: '/', website: 'http://spam.example' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/newsletter/thanks');
    assert.equal(await subscriber(ctx, 'bot@example.org'), undefined);
    assert.equal(server.received.length, 0);
  });

  test('one network address may sign up 20 times an hour, counted in the database', async (t) => {
    const { clock, ctx } = await withSmtp(t, { database });
    for (let i = 0; i < 20; i++) await ctx.services.subscribers.subscribe({ email: `office${i}@example.org` }, { ip: '203.0.113.9' });
    const res = await signUp(ctx, { email: 'office20@example.org', source: '/' }, '203.0.113.9');
    assert.equal(res.statusCode, 429);
    assert.match(res.body, /Too many sign-ups from your network\. Please try again in 60 minutes\./);
    assert.match(res.body, /value="office20@example\.org"/, 'what was typed is kept');
    assert.equal(await subscriber(ctx, 'office20@example.org'), undefined);
    assert.equal(
      (await signUp(ctx, { email: 'elsewhere@example.org', source: '/' }, '203.0.113.10')).statusCode,
      303,
      'other addresses are not held up',
    );
    clock.advance(HOUR + 1000);
    assert.equal(
      (await signUp(ctx, { email: 'office20@example.org', source: '/' }, '203.0.113.9')).statusCode,
      303,
      'an hour later it may again',
    );
    const keys = await ctx.handle.db.selectFrom('auth_throttle').select('throttle_key').execute();
    assert.ok(
      keys.every((k) => !k.throttle_key.includes('203.0.113')),
      'the counter holds a keyed hash, not the address',
    );
  });

  test('links expire after 48 hours; sign-ups left unconfirmed are deleted after seven days', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    await signUp(ctx, { email: 'late@example.org', source: '/' });
    await signUp(ctx, { email: 'keen@example.org', source: '/' });
    await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, 'keen@example.org'), headers: formHeaders });
    clock.advance(48 * HOUR + 1000);
    const late = confirmLinkIn(server, 'late@example.org');
    assert.equal((await ctx.app.inject(late)).statusCode, 410);
    assert.equal((await ctx.app.inject({ method: 'POST', url: late, headers: formHeaders })).statusCode, 410);
    assert.equal((await subscriber(ctx, 'late@example.org'))!.status, 'pending');

    clock.advance(6 * 24 * HOUR);
    await ctx.runner.runDue();
    assert.equal(await subscriber(ctx, 'late@example.org'), undefined, 'the unconfirmed sign-up is gone, consent record and all');
    assert.equal((await subscriber(ctx, 'keen@example.org'))!.status, 'confirmed');
    assert.equal((await ctx.handle.db.selectFrom('subscriber_consents').select('subscriber_id').distinct().execute()).length, 1);
  });

  test('the manage page changes choices, pauses and resumes; its forms are same-origin only', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    await aSection(ctx, { name: 'Air' });
    await signUp(ctx, { email: 'choosy@example.org', source: '/' });
    const done = await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, 'choosy@example.org'), headers: formHeaders });
    const manage = /href="(\/newsletter\/manage\/[^"]+)"/.exec(done.body)![1]!;
    const page = await ctx.app.inject(manage);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(page.body, /For <strong>choosy@example\.org<\/strong>\. Subscribed\./);

    const saved = await ctx.app.inject({
      method: 'POST',
      url: manage,
      headers: formHeaders,
      payload: 'intent=save&frequency=weekly&sections=air',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${manage}?saved=choices`);
    const row = (await subscriber(ctx, 'choosy@example.org'))!;
    assert.equal(row.frequency, 'weekly');
    assert.equal((await ctx.handle.db.selectFrom('subscriber_sections').selectAll().execute()).length, 1);
    assert.match((await ctx.app.inject(saved.headers.location)).body, /Your choices are saved\./);

    await ctx.app.inject({ method: 'POST', url: manage, headers: formHeaders, payload: 'intent=pause' });
    assert.ok((await subscriber(ctx, 'choosy@example.org'))!.paused_at);
    await ctx.app.inject({ method: 'POST', url: manage, headers: formHeaders, payload: 'intent=resume' });
    assert.equal((await subscriber(ctx, 'choosy@example.org'))!.paused_at, null);

    const crossSite = await ctx.app.inject({
      method: 'POST',
      url: manage,
      headers: { ...formHeaders, origin: 'https://evil.example' },
      payload: 'intent=pause',
    });
    assert.equal(crossSite.statusCode, 403);
    assert.equal((await subscriber(ctx, 'choosy@example.org'))!.paused_at, null);

    const forged = manage.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    assert.equal((await ctx.app.inject(forged)).statusCode, 410, 'a link whose signature does not hold opens nothing');
  });

  test('RFC 8058 one-click unsubscribe: a POST with no Origin and no cookie, answered without a redirect', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    await signUp(ctx, { email: 'leaving@example.org', source: '/' });
    const done = await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, 'leaving@example.org'), headers: formHeaders });
    const token = /href="\/newsletter\/manage\/([^"]+)"/.exec(done.body)![1]!;
    const url = `/newsletter/unsubscribe/${token}`;

    const page = await ctx.app.inject(url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Stop every newsletter and alert to <strong>leaving@example\.org<\/strong>/);
    assert.equal((await subscriber(ctx, 'leaving@example.org'))!.status, 'confirmed', 'opening the link changes nothing');

    const forged = await ctx.app.inject({
      method: 'POST',
      url: `/newsletter/unsubscribe/${token.slice(0, -2)}xx`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(forged.statusCode, 410);

    const res = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers.location, undefined);
    assert.match(res.body, /You are unsubscribed/);
    assert.equal((await subscriber(ctx, 'leaving@example.org'))!.status, 'unsubscribed');

    const multipart = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    assert.equal(multipart.statusCode, 200, 'a multipart one-click body is taken too, and a second time is no error');
  });

  test('admins list, export (CSV) and erase subscribers, audited by opaque id; editors may not', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    await signUp(ctx, { email: 'export@example.org', source: '/' });
    await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, 'export@example.org'), headers: formHeaders });
    await signUp(ctx, { email: '+cmd@example.org', source: '/' });
    const admin = await signedIn(ctx, 'admin');
    const editor = await signedIn(ctx, 'editor', '192.0.2.11');

    const list = await ctx.app.inject({ url: '/newsroom/subscribers', headers: { cookie: admin.cookie } });
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /1 subscribed, 1 awaiting confirmation, 0 unsubscribed/);
    assert.equal((await ctx.app.inject({ url: '/newsroom/subscribers', headers: { cookie: editor.cookie } })).statusCode, 403);

    const csv = await post(ctx, admin, '/newsroom/subscribers/export');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'id,email,status,paused,frequency,sections,topics,topic_mail,signed_up_at,confirmed_at,source_page');
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.includes(',export@example.org,confirmed,')));
    assert.ok(
      lines.some((l) => l.includes(",'+cmd@example.org,pending,")),
      'a cell a spreadsheet would run is kept as text',
    );
    assert.equal((await post(ctx, editor, '/newsroom/subscribers/export')).statusCode, 403);

    const row = (await subscriber(ctx, 'export@example.org'))!;
    const detail = await ctx.app.inject({ url: `/newsroom/subscribers/${row.subscriber_id}`, headers: { cookie: admin.cookie } });
    assert.match(detail.body, /Consent record/);
    assert.match(detail.body, /signed up/);
    const refused = await post(ctx, admin, `/newsroom/subscribers/${row.subscriber_id}/erase`);
    assert.equal(refused.statusCode, 422, 'the box must be ticked');
    const erased = await post(ctx, admin, `/newsroom/subscribers/${row.subscriber_id}/erase`, { confirm: 'yes' });
    assert.equal(erased.statusCode, 303);
    assert.equal(await subscriber(ctx, 'export@example.org'), undefined);
    const left = await ctx.handle.db.selectFrom('subscriber_consents').selectAll().where('subscriber_id', '=', row.subscriber_id).execute();
    assert.deepEqual(left, [], 'the consent record goes too');

    const audit = await ctx.handle.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', 'in', ['subscribers.exported', 'subscriber.erased'])
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['subscriber.erased', 'subscribers.exported']);
    const erasure = audit.find((a) => a.action === 'subscriber.erased')!;
    assert.equal(erasure.subject_id, row.subscriber_id);
    assert.ok(!JSON.stringify(audit).includes('export@example.org'), 'the audit log never holds the address');
  });
});
