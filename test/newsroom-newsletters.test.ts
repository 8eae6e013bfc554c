import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { anArticle } from './factories.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';
import { subscribed, withSmtp } from './helpers/newsletter.js';

/**
 * The newsroom's newsletter pages: an editor composes an issue through the form, previews it
 * (its HTML sandboxed in a frame of its own), sends a test to their own address over a real
 * SMTP server, schedules it in UK time or sends it now, and watches the send finish.
 */

const HOUR = 3600_000;
const HOME = '/newsroom/newsletters';

/** Composes an issue through the form; returns its page's address. */
async function composed(ctx: TestContext, editor: Browser, fields: Record<string, string> = {}): Promise<string> {
  const res = await post(ctx, editor, HOME, { subject: 'Morning briefing', intro: 'Good morning.', audience: 'daily', ...fields });
  assert.equal(res.statusCode, 303, res.body);
  const location = String(res.headers.location);
  assert.match(location, /^\/newsroom\/newsletters\/[\w-]+\?done=created$/);
  return location.split('?')[0]!;
}

forEachDatabase('newsroom newsletters', (database) => {
  test('an editor composes an issue, previews it sandboxed, sends a test, sends it now and sees it sent', async (t) => {
    const { server, clock, ctx } = await withSmtp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    await subscribed(ctx, server, 'reader@example.org');
    const lead = await anArticle(ctx, { headline: 'Frigate leaves Portsmouth for the Gulf' });
    clock.advance(HOUR);

    const empty = await get(ctx, editor, HOME);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No issue has been written yet/);
    assert.match(empty.body, /<a href="\/newsroom\/newsletters" aria-current="page">Newsletters<\/a>/);
    assert.match(empty.body, /<a class="button" href="\/newsroom\/newsletters\/new">New issue<\/a>/);

    const form = await get(ctx, editor, `${HOME}/new`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, new RegExp(`<option value="${lead.id}">Frigate leaves Portsmouth for the Gulf</option>`));

    const intro = 'Good morning.\n\n<script>alert("intro")</script> & more';
    const refused = await post(ctx, editor, HOME, { subject: '  ', intro, audience: 'weekly', leadArticleId: lead.id });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /There is a problem/);
    assert.match(refused.body, /<a href="#subject">Subject: Give the issue a subject line\.<\/a>/);
    assert.match(refused.body, /&lt;script>alert\(&quot;intro&quot;\)&lt;\/script> &amp; more<\/textarea>/, 'the intro is kept');
    assert.match(refused.body, /id="audience-weekly" name="audience" value="weekly" checked/, 'the audience is kept');
    assert.match(refused.body, new RegExp(`<option value="${lead.id}" selected>`), 'the lead story is kept');
    assert.doesNotMatch(refused.body, /<script>alert/);
    assert.equal((await ctx.services.issues.list(await ctx.services.staff.actAs(editor.email))).length, 0, 'nothing was saved');

    const page = await composed(ctx, editor, { subject: 'Morning briefing', intro, leadArticleId: lead.id });
    const issue = await get(ctx, editor, `${page}?done=created`);
    assert.equal(issue.statusCode, 200);
    assert.match(issue.body, /Saved as a draft\./);
    assert.match(issue.body, /<dt>Status<\/dt><dd>Draft<\/dd>/);
    assert.match(issue.body, new RegExp(`<iframe class="nr-mail-html"[^>]* src="${page}/preview\\.html" sandbox(="")?>`));
    assert.match(issue.body, /<pre class="nr-mail-text">Good morning\.\n\n&lt;script>alert\(&quot;intro&quot;\)&lt;\/script> &amp; more\n/);
    assert.doesNotMatch(issue.body, /<script>alert/);

    const html = await get(ctx, editor, `${page}/preview.html`);
    assert.equal(html.statusCode, 200);
    assert.equal(
      html.headers['content-security-policy'],
      "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'",
    );
    assert.equal(html.headers['referrer-policy'], 'no-referrer');
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.body, /<p[^>]*>Good morning\.<\/p>/, 'the intro, a paragraph at each blank line');
    assert.match(
      html.body,
      /<p[^>]*>(&lt;|&#60;)script(&gt;|&#62;)alert\((&quot;|&#34;)intro(&quot;|&#34;)\)(&lt;|&#60;)\/script(&gt;|&#62;) (&amp;|&#38;) more<\/p>/,
      'the intro, escaped',
    );
    assert.doesNotMatch(html.body, /<script/i);
    assert.match(html.body, /Frigate leaves Portsmouth for the Gulf/);

    const tested = await post(ctx, editor, page, { intent: 'test' });
    assert.equal(tested.statusCode, 303);
    assert.equal(tested.headers.location, `${page}?done=tested`);
    assert.deepEqual(
      server.received.map((r) => r.envelopeTo),
      [[editor.email]],
      'the test goes to the editor alone',
    );
    assert.equal(server.received[0]!.mail.subject, '[Test] Morning briefing');
    assert.match(
      (await get(ctx, editor, String(tested.headers.location))).body,
      new RegExp(`A test was sent to ${editor.email.replace(/\./g, '\\.')}\\.`),
    );
    server.received.length = 0;

    const sending = await post(ctx, editor, page, { intent: 'send' });
    assert.equal(sending.statusCode, 303);
    assert.equal(sending.headers.location, `${page}?done=sending`);
    const during = await get(ctx, editor, String(sending.headers.location));
    assert.match(during.body, /Sending has started\./);
    assert.match(during.body, /<dt>Status<\/dt><dd>Sending<\/dd>/);
    assert.match(during.body, /0 sent, 0 failed, 0 bounced, 0 in doubt, 1 still to go, of 1\./);
    assert.match(during.body, /<progress class="nr-progress" max="1" value="0"/);
    assert.match(during.body, new RegExp(`<a href="${page}">Refresh</a>`));
    assert.doesNotMatch(during.body, /name="intent" value="save"/, 'an issue being sent can no longer be edited');

    await ctx.services.newsletterSender.drain();
    const sent = await get(ctx, editor, page);
    assert.match(sent.body, /<dt>Status<\/dt><dd>Sent<\/dd>/);
    assert.match(sent.body, /1 sent, 0 failed, 0 bounced, 0 in doubt, 0 still to go, of 1\./);
    assert.match(sent.body, /<progress class="nr-progress" max="1" value="1"/);
    assert.doesNotMatch(sent.body, />Refresh</);
    assert.deepEqual(
      server.received.map((r) => r.envelopeTo),
      [['reader@example.org']],
    );
    assert.equal(server.received[0]!.mail.subject, 'Morning briefing');

    const again = await post(ctx, editor, page, { intent: 'send' });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /This issue has already been sent\./);

    const list = await get(ctx, editor, HOME);
    assert.match(list.body, new RegExp(`<a href="${page}">Morning briefing</a></td><td>Daily</td><td>Sent</td><td>1</td>`));
  });

  test('scheduling reads UK time, refuses a time gone by, and unscheduling makes a draft again', async (t) => {
    const { ctx } = await withSmtp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const page = await composed(ctx, editor);
    const id = page.split('/').at(-1)!;
    const actor = await ctx.services.staff.actAs(editor.email);

    // TEST_NOW is 12:00 on 27 November 2026 (GMT).
    const past = await post(ctx, editor, page, { intent: 'schedule', at: '2026-11-27T11:00' });
    assert.equal(past.statusCode, 422);
    assert.match(past.body, /That time has passed: choose a later one, or send now\./);
    assert.match(past.body, /<a href="#at">Send at \(UK time\): That time has passed\.<\/a>/);
    assert.match(past.body, /name="at" type="datetime-local" value="2026-11-27T11:00"/, 'the time typed is kept');
    assert.equal((await ctx.services.issues.get(actor, id)).status, 'draft');

    const garbled = await post(ctx, editor, page, { intent: 'schedule', at: 'tomorrow' });
    assert.equal(garbled.statusCode, 422);
    assert.match(garbled.body, /Give a date and time to send it\./);

    const scheduled = await post(ctx, editor, page, { intent: 'schedule', at: '2026-11-27T15:30' });
    assert.equal(scheduled.statusCode, 303);
    assert.equal(scheduled.headers.location, `${page}?done=scheduled`);
    const after = await get(ctx, editor, String(scheduled.headers.location));
    assert.match(after.body, /<dt>Status<\/dt><dd>Scheduled for 27 November 2026, 15:30 GMT<\/dd>/);
    assert.match(after.body, /name="intent" value="unschedule"/);
    assert.match((await get(ctx, editor, HOME)).body, /<td>Scheduled for 27 November 2026, 15:30 GMT<\/td>/);

    // In summer the wall clock is an hour ahead of UTC.
    assert.equal((await post(ctx, editor, page, { intent: 'schedule', at: '2027-07-01T09:00' })).statusCode, 303);
    assert.equal((await ctx.services.issues.get(actor, id)).scheduledAt, '2027-07-01T08:00:00.000Z');

    const unscheduled = await post(ctx, editor, page, { intent: 'unschedule' });
    assert.equal(unscheduled.statusCode, 303);
    assert.equal(unscheduled.headers.location, `${page}?done=unscheduled`);
    const draft = await get(ctx, editor, String(unscheduled.headers.location));
    assert.match(draft.body, /Taken off the schedule: it is a draft again\./);
    assert.match(draft.body, /<dt>Status<\/dt><dd>Draft<\/dd>/);
    assert.equal((await ctx.services.issues.get(actor, id)).scheduledAt, null);
  });

  test('an edit is saved, and a refused edit comes back with what was typed', async (t) => {
    const { ctx } = await withSmtp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const page = await composed(ctx, editor);

    const refused = await post(ctx, editor, page, { intent: 'save', subject: '', intro: 'Kept as typed.', audience: 'weekly' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /<a href="#subject">Subject: Give the issue a subject line\.<\/a>/);
    assert.match(refused.body, />Kept as typed\.<\/textarea>/);
    assert.match(refused.body, /<h1>Morning briefing<\/h1>/, 'the stored issue is unchanged');

    const saved = await post(ctx, editor, page, { intent: 'save', subject: 'Weekend briefing', intro: 'Hello.', audience: 'weekly' });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${page}?done=saved`);
    const after = await get(ctx, editor, String(saved.headers.location));
    assert.match(after.body, /Changes saved\./);
    assert.match(after.body, /<h1>Weekend briefing<\/h1>/);
    assert.match(after.body, /<dt>Audience<\/dt><dd>Weekly subscribers<\/dd>/);

    assert.equal((await get(ctx, editor, `${HOME}/no-such-issue`)).statusCode, 404);
    assert.equal((await post(ctx, editor, `${HOME}/no-such-issue`, { intent: 'test' })).statusCode, 404);
  });

  test('a test the mail server refuses says so', async (t) => {
    const { server, ctx } = await withSmtp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const page = await composed(ctx, editor);
    server.setRefuse(() => ({ code: 550, message: 'No such user here' }));
    const res = await post(ctx, editor, page, { intent: 'test' });
    assert.equal(res.statusCode, 502);
    assert.match(res.body, /The test could not be sent\. The mail server said: .*No such user here/);
  });

  test('without a mail server the test is written to the Outbox, and the notice says so', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const admin = await signedIn(ctx, 'admin');
    const page = await composed(ctx, editor);

    const byEditor = await post(ctx, editor, page, { intent: 'test' });
    assert.equal(byEditor.headers.location, `${page}?done=tested-outbox`);
    const notice = await get(ctx, editor, String(byEditor.headers.location));
    assert.match(notice.body, /no mail server is set up, so it is in the Outbox \(an admin can read it there\)/);
    assert.doesNotMatch(notice.body, /<a href="\/newsroom\/outbox">Outbox<\/a>/, 'an editor cannot open the Outbox');
    const byAdmin = await post(ctx, admin, page, { intent: 'test' });
    assert.match(
      (await get(ctx, admin, String(byAdmin.headers.location))).body,
      /so it is in the <a href="\/newsroom\/outbox">Outbox<\/a>/,
    );
    assert.deepEqual(
      (await ctx.sentMail()).map((m) => [m.to && 'text' in m.to ? m.to.text : '', m.subject]),
      [
        [editor.email, '[Test] Morning briefing'],
        [admin.email, '[Test] Morning briefing'],
      ],
    );
  });

  test('a contributor may not open the newsletters', async (t) => {
    const { ctx } = await withSmtp(t, { database });
    const contributor = await signedIn(ctx, 'contributor');
    const editor = await signedIn(ctx, 'editor');
    const page = await composed(ctx, editor);

    assert.equal((await get(ctx, contributor, HOME)).statusCode, 403);
    assert.equal((await get(ctx, contributor, `${HOME}/new`)).statusCode, 403);
    assert.equal((await get(ctx, contributor, page)).statusCode, 403);
    assert.equal((await get(ctx, contributor, `${page}/preview.html`)).statusCode, 403);
    assert.equal((await post(ctx, contributor, HOME, { subject: 'Mine', audience: 'daily' })).statusCode, 403);
    assert.equal((await post(ctx, contributor, page, { intent: 'send' })).statusCode, 403);
    const nav = await get(ctx, contributor, '/newsroom/articles');
    assert.equal(nav.statusCode, 200);
    assert.doesNotMatch(nav.body, /href="\/newsroom\/newsletters"/);
    assert.equal((await get(ctx, editor, page)).statusCode, 200);
  });
});
