import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSmtpMailer } from '../src/mail/index.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { post, signedIn } from './helpers/newsroom.js';
import { startSmtpServer } from './helpers/smtp.js';

/**
 * Staff mail over a real SMTP server in the test process: an invitation arrives with its link;
 * a refused one leaves the admin a working link to pass on, and says why.
 */

const FROM = 'The Garrison Wire <newsroom@despatch.test>';

forEachDatabase('staff mail', (database) => {
  test('an invitation arrives over SMTP, from MAIL_FROM, with a link that works once', async (t) => {
    const server = await startSmtpServer();
    t.after(() => server.close());
    const ctx = await buildTestApp(t, { database, mailer: createSmtpMailer({ url: server.url, from: FROM }) });
    const admin = await signedIn(ctx, 'admin');
    const page = await post(ctx, admin, '/newsroom/staff', { email: 'sub.editor@garrison.example', name: 'Sam Subeditor', role: 'editor' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /We emailed an invitation to Sam Subeditor/);
    assert.doesNotMatch(page.body, /the email is in the/, 'a real mail server: the email is not in the outbox');

    assert.equal(server.received.length, 1);
    const { mail, envelopeTo } = server.received[0]!;
    assert.deepEqual(envelopeTo, ['sub.editor@garrison.example']);
    assert.equal(mail.from?.value[0]?.address, 'newsroom@despatch.test');
    assert.match(mail.text ?? '', /^Dear Sam Subeditor,/);
    assert.match(mail.html || '', /<a href="http:\/\/despatch\.test\/newsroom\/password\/[A-Za-z0-9_-]+">Choose your password<\/a>/);
    const path = /http:\/\/despatch\.test(\/newsroom\/password\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
    assert.equal((await ctx.app.inject(path)).statusCode, 200);
  });

  test('a refused invitation is reported, and the admin gets a working link to pass on', async (t) => {
    const server = await startSmtpServer({ refuse: () => ({ code: 550, message: 'Mailbox unavailable' }) });
    t.after(() => server.close());
    const ctx = await buildTestApp(t, { database, mailer: createSmtpMailer({ url: server.url, from: FROM }) });
    const admin = await signedIn(ctx, 'admin');
    const page = await post(ctx, admin, '/newsroom/staff', { email: 'typo@garrison.example', name: 'Tess Typo', role: 'contributor' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /The email to typo@garrison\.example could not be sent\. The mail server said: .*Mailbox unavailable/);
    const link = /value="http:\/\/despatch\.test(\/newsroom\/password\/[A-Za-z0-9_-]+)"/.exec(page.body)![1]!;
    assert.equal((await ctx.app.inject(link)).statusCode, 200, 'the link was stored before the mail was tried');
    assert.equal(server.received.length, 0);
  });
});
