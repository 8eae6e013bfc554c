import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { dkimVerify } from 'mailauth';
import { startSmtpServer } from '../../test/helpers/smtp.js';
import { loadConfig } from '../config.js';
import { createOutboxMailer, createSmtpMailer, listOutbox, mailerFor, MailNotSent, readOutboxFile } from './index.js';

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
  assert.equal(mail.headerLines.find((h) => h.key === 'list-id')?.line, `List-Id: ${MAIL.headers['List-Id']}`);
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
  assert.equal(oldest.headerLines.find((h) => h.key === 'list-id')?.line, `List-Id: ${MAIL.headers['List-Id']}`);

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

/** A fresh RSA key pair, and the DNS a receiver would query for it. */
function dkimKeys(domain: string, selector: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const record = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
  const queried: string[] = [];
  // Only the selector's TXT record exists; anything else is NXDOMAIN, as in real DNS.
  const resolver = async (name: string, type: string): Promise<string[][]> => {
    queried.push(`${type} ${name}`);
    if (type === 'TXT' && name === `${selector}._domainkey.${domain}`) return [[record]];
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
  return { privateKey, resolver, queried };
}

/** mailauth's verdicts on a message's DKIM signatures: `pass`, `fail`, `neutral` … with the domain each is for. */
async function dkimVerdicts(raw: string | Buffer, resolver: (name: string, type: string) => Promise<string[][]>) {
  const { results } = await dkimVerify(raw, { resolver });
  return results.map((r) => ({ result: r.status.result, domain: r.signingDomain, comment: r.status.comment }));
}

test('DKIM: with the settings, every SMTP message is signed; the signature verifies, and fails once the body is altered', async (t) => {
  const server = await startSmtpServer();
  t.after(() => server.close());
  const { privateKey, resolver, queried } = dkimKeys('garrison.example', 'despatch2026');
  const mailer = createSmtpMailer({
    url: server.url,
    from: FROM,
    dkim: { domainName: 'garrison.example', keySelector: 'despatch2026', privateKey },
  });
  t.after(() => mailer.close());

  await mailer.send({
    ...MAIL,
    returnPath: 'bounces+abc123@garrison.example',
    headers: { ...MAIL.headers, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  const { raw, mail } = server.received[0]!;
  const signature = mail.headerLines.find((h) => h.key === 'dkim-signature')?.line ?? '';
  assert.match(signature, /\bd=garrison\.example;/);
  assert.match(signature, /\bs=despatch2026;/);
  assert.match(signature, /\ba=rsa-sha256;/);
  assert.match(signature.replace(/\s+/g, ''), /\bh=[^;]*\bList-Unsubscribe-Post\b/i, 'one-click unsubscribe is covered, as RFC 8058 asks');

  const verdicts = await dkimVerdicts(raw, resolver);
  assert.deepEqual(
    verdicts.map((v) => [v.result, v.domain]),
    [['pass', 'garrison.example']],
    `one signature, and it verifies (${verdicts[0]?.comment ?? ''})`,
  );
  assert.ok(queried.includes('TXT despatch2026._domainkey.garrison.example'), 'the receiver looked the key up by its selector');

  const altered = raw.replace('Plain words for every client.', 'Plain words for some clients.');
  assert.notEqual(altered, raw);
  const [verdict] = await dkimVerdicts(altered, resolver);
  // mailauth reports a body hash mismatch as `neutral` with this comment (RFC 6376 §6.1.3 calls it a PERMFAIL): not a pass.
  assert.notEqual(verdict?.result, 'pass', 'a body changed after signing fails');
  assert.match(verdict?.comment ?? '', /body hash did not verify/);

  const forgedHeader = raw.replace(/^Subject: .*$/m, 'Subject: Something else');
  assert.equal((await dkimVerdicts(forgedHeader, resolver))[0]?.result, 'fail', 'so does a signed header');
});

test('DKIM: the outbox mailer signs its files the same way, so a key can be checked before any server is set', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-outbox-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { privateKey, resolver } = dkimKeys('garrison.example', 'despatch2026');
  const mailer = mailerFor({
    smtpUrl: null,
    mailFrom: FROM,
    mailOutboxDir: dir,
    dkim: { domainName: 'garrison.example', keySelector: 'despatch2026', privateKey },
  });
  assert.equal(mailer.kind, 'outbox');
  await mailer.send({ ...MAIL, text: 'Accents survive signing: café, naïve — “quoted”.' });
  const [file] = await listOutbox(dir);
  const raw = (await readOutboxFile(dir, file!.name))!;
  const verdicts = await dkimVerdicts(raw, resolver);
  assert.deepEqual(
    verdicts.map((v) => [v.result, v.domain]),
    [['pass', 'garrison.example']],
  );
  assert.equal((await simpleParser(raw)).text?.trim(), 'Accents survive signing: café, naïve — “quoted”.');

  const unsigned = createOutboxMailer({ dir, from: FROM });
  await unsigned.send(MAIL);
  const newest = (await listOutbox(dir))[0]!;
  assert.doesNotMatch((await readOutboxFile(dir, newest.name))!.toString(), /^DKIM-Signature:/im, 'no settings, no signature');
});

test('settings: DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY go together; the key is PEM text or a file, and must parse', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-dkim-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const same = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString() === pem;

  assert.equal(loadConfig({}).dkim, null, 'none set: mail goes unsigned');
  assert.throws(
    () => loadConfig({ DKIM_DOMAIN: 'garrison.example' }),
    /DKIM signing needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together; missing DKIM_SELECTOR, DKIM_PRIVATE_KEY$/,
  );
  assert.throws(
    () => loadConfig({ DKIM_SELECTOR: 'despatch2026', DKIM_PRIVATE_KEY: pem }),
    (err: Error) => /missing DKIM_DOMAIN$/.test(err.message) && !err.message.includes('PRIVATE KEY-----'),
  );

  // PEM text on one line, as environment files hold it.
  const oneLine = loadConfig({
    DKIM_DOMAIN: 'Garrison.Example',
    DKIM_SELECTOR: 'despatch2026',
    DKIM_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
  });
  assert.equal(oneLine.dkim?.domainName, 'garrison.example');
  assert.equal(oneLine.dkim?.keySelector, 'despatch2026');
  assert.ok(oneLine.dkim && same(oneLine.dkim.privateKey));
  assert.ok(!JSON.stringify(oneLine).includes('PRIVATE KEY'), 'the loaded settings do not serialise the key');

  // Or the path of a file holding it, read at start-up.
  const path = join(dir, 'dkim.pem');
  await writeFile(path, pem, { mode: 0o600 });
  const fromFile = loadConfig({ DKIM_DOMAIN: 'garrison.example', DKIM_SELECTOR: 'despatch2026', DKIM_PRIVATE_KEY: path });
  assert.ok(fromFile.dkim && same(fromFile.dkim.privateKey));

  const base = { DKIM_DOMAIN: 'garrison.example', DKIM_SELECTOR: 'despatch2026' };
  assert.throws(
    () => loadConfig({ ...base, DKIM_PRIVATE_KEY: join(dir, 'missing.pem') }),
    /DKIM_PRIVATE_KEY: is not PEM text, and no file could be read at that path \(ENOENT\)/,
  );
  const garbled = '-----BEGIN PRIVATE KEY-----\\nbm90IGEga2V5\\n-----END PRIVATE KEY-----';
  assert.throws(
    () => loadConfig({ ...base, DKIM_PRIVATE_KEY: garbled }),
    (err: Error) => /DKIM_PRIVATE_KEY: is not an unencrypted PEM private key/.test(err.message) && !err.message.includes('bm90IGEga2V5'),
  );
  const publicPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  assert.throws(
    () => loadConfig({ ...base, DKIM_PRIVATE_KEY: publicPem }),
    /DKIM_PRIVATE_KEY: is not an unencrypted PEM private key/,
    'a public key is not a signing key',
  );
  const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  assert.throws(() => loadConfig({ ...base, DKIM_PRIVATE_KEY: ed25519 }), /DKIM_PRIVATE_KEY: must be an RSA key/);
  assert.throws(() => loadConfig({ ...base, DKIM_DOMAIN: 'not a domain', DKIM_PRIVATE_KEY: pem }), /DKIM_DOMAIN: must be a domain name/);
  assert.throws(() => loadConfig({ ...base, DKIM_SELECTOR: 'bad selector;', DKIM_PRIVATE_KEY: pem }), /DKIM_SELECTOR: must be a selector/);
});
