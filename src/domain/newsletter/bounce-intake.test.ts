import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readReport, scrubbedDetail, tokenIn } from './bounce-intake.js';

/** How reports in the shapes MTAs and mailbox providers send are read, without a database. */

const TOKEN = '0123456789abcdef0123456789abcdef.Ab-_Cd12Ef34';
const OTHER = 'fedcba9876543210fedcba9876543210.Zz9_yY8-xX7w';
const crlf = (lines: string[]) => lines.join('\r\n');

function report(reportType: string, parts: Array<{ type: string; headers?: string[]; body: string }>, top: string[] = []) {
  return crlf([
    'From: Mail Delivery Subsystem <mailer-daemon@mx.example.org>',
    ...top,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${reportType}; boundary="b1"`,
    '',
    ...parts.flatMap((p) => ['--b1', `Content-Type: ${p.type}`, ...(p.headers ?? []), '', p.body]),
    '--b1--',
    '',
  ]);
}

test('a token is read from a return path or alone, and nothing else passes for one', () => {
  assert.equal(tokenIn(`bounces+${TOKEN}@despatch.test`), TOKEN);
  assert.equal(tokenIn(`<bounces+${TOKEN}@despatch.test>`), TOKEN);
  assert.equal(tokenIn(`rfc822; Bounces+${TOKEN}@despatch.test`), TOKEN);
  assert.equal(tokenIn(` ${TOKEN} `), TOKEN);
  assert.equal(tokenIn('reader@example.org'), null);
  assert.equal(tokenIn(`${TOKEN}x`), null);
});

test('details keep the server’s words and lose the addresses in them', () => {
  assert.equal(
    scrubbedDetail('550-5.1.1 The email account <reader@example.org> does not exist.\r\n   (reader@example.org)'),
    '550-5.1.1 The email account <[address]> does not exist. ([address])',
  );
  assert.equal(scrubbedDetail('x'.repeat(600)).length, 500);
});

test('a DSN: the first permanent failure among its recipients decides; delays, successes and 4.x.x failures do not', async () => {
  const dsn = (blocks: string[]) =>
    report(
      'delivery-status',
      [
        { type: 'text/plain', body: 'Delivery has failed.' },
        { type: 'message/delivery-status', body: ['Reporting-MTA: dns; mx.example.org', '', ...blocks].join('\r\n') },
        { type: 'text/rfc822-headers', body: `Subject: Briefing\r\nX-Despatch-Recipient: ${TOKEN}\r\n` },
      ],
      [`To: bounces+${TOKEN}@despatch.test`],
    );
  const failed = await readReport(
    dsn([
      'Final-Recipient: rfc822; a@example.org',
      'Action: delayed',
      'Status: 4.2.2',
      '',
      'Final-Recipient: rfc822; b@example.org',
      'Action: Failed',
      'Status: 5.2.1 (mailbox disabled)',
      'Diagnostic-Code: smtp; 550 5.2.1 The email account that you tried',
      '  to reach is disabled',
    ]),
  );
  assert.deepEqual(failed, {
    kind: 'bounce',
    tokens: [TOKEN],
    detail: 'Status 5.2.1 (mailbox disabled): smtp; 550 5.2.1 The email account that you tried to reach is disabled',
  });
  assert.equal((await readReport(dsn(['Final-Recipient: rfc822; a@example.org', 'Action: delayed', 'Status: 4.4.1']))).kind, 'none');
  assert.equal((await readReport(dsn(['Final-Recipient: rfc822; a@example.org', 'Action: delivered', 'Status: 2.0.0']))).kind, 'none');
  assert.equal((await readReport(dsn(['Final-Recipient: rfc822; a@example.org', 'Action: failed', 'Status: 4.4.7']))).kind, 'none');
  assert.equal((await readReport(dsn([]))).kind, 'none', 'no recipient block: nothing to act on');
});

test('the token is found in the envelope headers first, then in the quoted original, encoded or not', async () => {
  const base64Headers = Buffer.from(`From: newsroom@despatch.test\r\nX-Despatch-Recipient: ${OTHER}\r\n`).toString('base64');
  const found = await readReport(
    report(
      'delivery-status',
      [
        { type: 'message/global-delivery-status', body: 'Reporting-MTA: dns; mx.example.org\r\n\r\nAction: failed\r\nStatus: 5.1.1' },
        { type: 'text/rfc822-headers', headers: ['Content-Transfer-Encoding: base64'], body: base64Headers },
      ],
      [`Delivered-To: bounces+${TOKEN}@despatch.test`],
    ),
  );
  assert.equal(found.kind, 'bounce', 'an internationalised DSN (RFC 6533) reads the same');
  assert.deepEqual(found.tokens, [TOKEN, OTHER], 'the address it was delivered to, then the header decoded from base64');

  const notReport = await readReport(
    crlf(['From: someone@example.org', `To: bounces+${TOKEN}@despatch.test`, 'Subject: Out of office', '', 'I am away until Monday.', '']),
  );
  assert.deepEqual(notReport, { kind: 'none', tokens: [TOKEN], detail: '' }, 'an auto-reply is no bounce');
});

test('an ARF report is a complaint, whether the original is attached or inline; "not-spam" is not', async () => {
  const arf = (feedbackType: string, disposition: string[]) =>
    report('feedback-report', [
      { type: 'text/plain', body: 'This is an email abuse report.' },
      { type: 'message/feedback-report', body: `Feedback-Type: ${feedbackType}\r\nUser-Agent: Yahoo!-Mail-Feedback/2.0\r\nVersion: 1` },
      {
        type: 'message/rfc822',
        headers: disposition,
        body: `From: newsroom@despatch.test\r\nX-Despatch-Recipient: ${TOKEN}\r\nSubject: Briefing\r\n\r\nGood morning.`,
      },
    ]);
  for (const disposition of [[], ['Content-Disposition: inline'], ['Content-Disposition: attachment']]) {
    const read = await readReport(arf('abuse', disposition));
    assert.deepEqual(read, { kind: 'complaint', tokens: [TOKEN], detail: 'Feedback-Type abuse from Yahoo!-Mail-Feedback/2.0' });
  }
  assert.equal((await readReport(arf('not-spam', []))).kind, 'none');
});
