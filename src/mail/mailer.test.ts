import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { startSmtpServer } from '../../test/helpers/smtp.js';
import { loadConfig } from '../config.js';
import { createOutboxMailer, createSmtpMailer, listOutbox, MailNotSent, readOutboxFile } from './index.js';

const FROM = 'The Garrison <newsroom@garrison.example>';
const MAIL = {
  to: 'reader@example.org',
  subject: 'Your weekly briefing — 1 December',
  text: 'Plain words for every client.',
  html: '<p>Plain words for <strong>every</strong> client.</p>',
  headers: { 'List-Id': 'Weekly briefing <weekly.garrison.example>' },
};

test('SMTP: a message arrives whole, from MAIL_FROM, with its headers, parts and return path', async (t) => {
  const server = await startSmtpServer();
  t.after(() => server.close());
  const mailer = createSmtpMailer({ url: server.url, from: FROM });
  t.after(() => mailer.close());

  const sent = await mailer.send({ ...MAIL, returnPath: 'bounces+abc123@garrison.example' });
  assert.match(sent.messageId, /^<.+@.+>$/);
  assert.match(sent.response, /^250/);
  assert.equal(server.received.length, 1);
  const { mail, envelopeFrom, envelopeTo } = server.received[0]!;
  assert.equal(mail.subject, MAIL.subject);
  assert.equal(mail.from?.text, FROM.replace('The Garrison', '"The Garrison"'));
  assert.equal(mail.text?.trim(), MAIL.text);
  assert.equal(mail.html, MAIL.html);
  assert.equal(mail.headerLines.find((h) => h.key === 'list-id')?.line, `List-ID: ${MAIL.headers['List-Id']}`);
  assert.equal(mail.messageId, sent.messageId);
  assert.ok(mail.date instanceof Date);
  assert.equal(envelopeFrom, 'bounces+abc123@garrison.example');
  assert.deepEqual(envelopeTo, ['reader@example.org']);
});

test('SMTP: a 4xx refusal may be retried, a 5xx is for good, and no server at all is worth another try', async (t) => {
  const server = await startSmtpServer({
    refuse: (to) =>
      to.startsWith('busy')
        ? { code: 451, message: 'Try again later' }
        : to.startsWith('gone')
          ? { code: 550, message: 'No such user' }
          : null,
  });
  t.after(() => server.close());
  const mailer = createSmtpMailer({ url: server.url, from: FROM });
  t.after(() => mailer.close());

  const transient = await mailer.send({ ...MAIL, to: 'busy@example.org' }).then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(transient instanceof MailNotSent);
  assert.equal(transient.permanent, false);
  assert.equal(transient.responseCode, 451);
  assert.equal(transient.code, 'MAIL_FAILED');

  const permanent = await mailer.send({ ...MAIL, to: 'gone@example.org' }).then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(permanent instanceof MailNotSent);
  assert.equal(permanent.permanent, true);
  assert.equal(permanent.responseCode, 550);
  assert.equal(permanent.code, 'MAIL_REFUSED');

  // The pool carries on after refusals.
  await mailer.send(MAIL);
  assert.equal(server.received.length, 1);

  // A port nobody listens on.
  const closed = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const nowhere = createSmtpMailer({ url: `smtp://127.0.0.1:${closed}`, from: FROM });
  t.after(() => nowhere.close());
  const down = await nowhere.send(MAIL).then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(down instanceof MailNotSent);
  assert.equal(down.permanent, false);
  assert.equal(down.responseCode, null);
});

test('outbox: each message is one complete .eml file, listed newest first and read back by name only', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-outbox-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const mailer = createOutboxMailer({ dir: join(dir, 'outbox'), from: FROM });
  assert.deepEqual(await listOutbox(join(dir, 'outbox')), [], 'no folder yet: an empty outbox');

  const first = await mailer.send(MAIL);
  const second = await mailer.send({ ...MAIL, to: 'another@example.org', subject: 'Second' });
  assert.match(first.messageId, /^<[0-9a-f-]{36}@garrison\.example>$/);
  const files = await listOutbox(join(dir, 'outbox'));
  assert.equal(files.length, 2);
  assert.deepEqual(await readdir(join(dir, 'outbox')), files.map((f) => f.name).sort(), 'no part-written files are left');

  const newest = await simpleParser((await readOutboxFile(join(dir, 'outbox'), files[0]!.name))!);
  assert.equal(newest.subject, 'Second');
  assert.equal(newest.messageId, second.messageId);
  const oldest = await simpleParser((await readOutboxFile(join(dir, 'outbox'), files[1]!.name))!);
  assert.equal(oldest.html, MAIL.html);
  assert.equal(oldest.headerLines.find((h) => h.key === 'list-id')?.line, `List-ID: ${MAIL.headers['List-Id']}`);

  assert.equal(await readOutboxFile(join(dir, 'outbox'), '../../etc/passwd'), null);
  assert.equal(
    await readOutboxFile(join(dir, 'outbox'), `2026-01-01T00-00-00-000Z-${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.eml`),
    null,
  );
});

test('settings: SMTP_URL must be an SMTP address; MAIL_FROM defaults to the site’s own domain', () => {
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail.example' }), /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ address/);
  assert.throws(() => loadConfig({ MAIL_FROM: 'not an address' }), /MAIL_FROM: must be an address/);
  const config = loadConfig({ SITE_URL: 'https://garrison.example' });
  assert.equal(config.smtpUrl, null);
  assert.equal(config.mailFrom, 'Newsroom <newsroom@garrison.example>');
  assert.equal(config.mailOutboxDir, './data/outbox');
  assert.equal(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example:465' }).smtpUrl, 'smtps://u:p@mail.example:465');
});
