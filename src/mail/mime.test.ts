import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildMessage } from './mime.js';

const base = {
  from: 'Défense Wire <news@wire.example>',
  to: 'reader@example.org',
  subject: 'Ministers’ “review” — what it means for the Army',
  messageId: '<issue.1@wire.example>',
  date: new Date('2026-12-01T08:00:00Z'),
};

test('a text and HTML message reads back whole: non-ASCII names and subject, long lines, dots at line starts', async () => {
  const long = `${'word '.repeat(60)}end`;
  const text = `Café society.\n.\n.starts with a dot\n${long}\nhttps://wire.example/newsletter/unsubscribe/${'x'.repeat(120)}\n`;
  const html = `<p>Café &amp; “quotes”</p><p>${long}</p>`;
  const raw = buildMessage({
    ...base,
    text,
    html,
    headers: { 'List-Id': '"Wire newsletter" <newsletter.wire.example>', 'X-Note': 'naïve' },
  });
  assert.ok(
    raw
      .toString('latin1')
      .split('\r\n')
      .every((l) => l.length <= 998),
    'no line over the SMTP limit',
  );
  assert.doesNotMatch(raw.toString('latin1'), /[^\r]\n/, 'every line ends in CRLF');
  const mail = await simpleParser(raw);
  assert.equal(mail.subject, base.subject);
  assert.deepEqual(mail.from?.value, [{ address: 'news@wire.example', name: 'Défense Wire' }]);
  assert.equal(mail.messageId, base.messageId);
  assert.equal(mail.date?.toISOString(), base.date.toISOString());
  assert.equal(mail.text, text);
  assert.equal(mail.html, html);
  assert.equal((mail.headers.get('list') as { id?: { id?: string } }).id?.id, 'newsletter.wire.example');
  // mailparser leaves headers it does not know as sent: encoded as a MIME word, ASCII on the wire.
  assert.equal(mail.headers.get('x-note'), '=?UTF-8?Q?na=C3=AFve?=');
});

test('a text-only message is a single part', async () => {
  const raw = buildMessage({ ...base, text: 'Plain.\n' });
  assert.doesNotMatch(raw.toString(), /multipart/);
  const mail = await simpleParser(raw);
  assert.equal(mail.text, 'Plain.\n');
  assert.equal(mail.html, false);
});

test('header values cannot smuggle in headers of their own', async () => {
  const raw = buildMessage({ ...base, subject: 'Hello\r\nBcc: victim@example.org', text: 'x' });
  const mail = await simpleParser(raw);
  assert.equal(mail.bcc, undefined);
  assert.equal(mail.subject, 'Hello Bcc: victim@example.org');
});
