import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { createSmtpMailer } from '../src/mail/index.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { post, signedIn } from './helpers/newsroom.js';
import { startSmtpServer } from './helpers/smtp.js';

/** The newsroom's outbox: the mail written when no SMTP server is set, for admins to read. */

forEachDatabase('newsroom outbox', (database) => {
  test('an admin reads the mail written to the outbox: the list, the message, its HTML sandboxed, the file', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const get = (url: string, who = admin) => ctx.app.inject({ url, headers: { cookie: who.cookie } });

    const empty = await get('/newsroom/outbox');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /Nothing has been sent yet/);

    const invited = await post(ctx, admin, '/newsroom/staff', {
      email: 'reporter@garrison.example',
      name: 'Rita Reporter',
      role: 'contributor',
    });
    assert.match(invited.body, /the email is in the <a href="\/newsroom\/outbox">outbox<\/a>/);

    const list = await get('/newsroom/outbox');
    assert.match(list.body, /<td>reporter@garrison\.example<\/td>/);
    const href = /<a href="(\/newsroom\/outbox\/[^"]+\.eml)">Despatch: your newsroom account<\/a>/.exec(list.body)![1]!;

    const message = await get(href);
    assert.equal(message.statusCode, 200);
    assert.equal(message.headers['referrer-policy'], 'no-referrer');
    assert.match(message.body, /<pre class="nr-mail-text">Dear Rita Reporter,/);
    assert.match(message.body, /http:\/\/despatch\.test\/newsroom\/password\/[A-Za-z0-9_-]+/);
    assert.match(message.body, /<iframe class="nr-mail-html"[^>]* sandbox(="")?>/);

    const html = await get(`${href}/html`);
    assert.equal(html.statusCode, 200);
    assert.match(String(html.headers['content-security-policy']), /^sandbox; default-src 'none'/);
    assert.match(html.body, /<a href="http:\/\/despatch\.test\/newsroom\/password\//);

    const raw = await get(`${href}/raw`);
    assert.equal(raw.headers['content-type'], 'message/rfc822');
    assert.match(String(raw.headers['content-disposition']), /^attachment; filename=".+\.eml"$/);
    assert.equal((await simpleParser(raw.rawPayload)).subject, 'Despatch: your newsroom account');

    assert.equal((await get('/newsroom/outbox/..%2F..%2Fetc%2Fpasswd')).statusCode, 404);
    assert.equal((await get(`${href.slice(0, -10)}0000000.eml`)).statusCode, 404);
  });

  test('editors may not read the outbox; with a mail server there is nothing kept', async (t) => {
    const server = await startSmtpServer();
    t.after(() => server.close());
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    assert.equal((await ctx.app.inject({ url: '/newsroom/outbox', headers: { cookie: editor.cookie } })).statusCode, 403);
    const nav = await ctx.app.inject({ url: '/newsroom/articles', headers: { cookie: editor.cookie } });
    assert.doesNotMatch(nav.body, /href="\/newsroom\/outbox"/);

    const smtp = await buildTestApp(t, {
      database,
      mailer: createSmtpMailer({ url: server.url, from: 'N <n@despatch.test>' }),
    });
    const admin = await signedIn(smtp, 'admin');
    const page = await smtp.app.inject({ url: '/newsroom/outbox', headers: { cookie: admin.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Mail goes through the mail server set in SMTP_URL/);
  });
});
