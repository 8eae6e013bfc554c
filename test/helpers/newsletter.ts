import assert from 'node:assert/strict';
import type { TestContext as NodeTestContext } from 'node:test';
import { createSmtpMailer } from '../../src/mail/index.js';
import { buildTestApp, formHeaders, TEST_NOW, type TestAppOptions, type TestContext } from './app.js';
import { testClock } from './clock.js';
import { startSmtpServer } from './smtp.js';

/** The newsletter tests' From. */
export const FROM = 'The Garrison Wire <newsroom@despatch.test>';

export type SmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;

/** An app whose mail goes to a real SMTP server in the test process, on a clock the test moves. */
export async function withSmtp(t: NodeTestContext, opts: TestAppOptions) {
  const server = await startSmtpServer();
  t.after(() => server.close());
  const clock = testClock(TEST_NOW);
  const ctx = await buildTestApp(t, { ...opts, clock, mailer: createSmtpMailer({ url: server.url, from: FROM }) });
  return { server, clock, ctx };
}

/** The path of the confirmation link in the newest message to `to`. */
export function confirmLinkIn(server: SmtpServer, to: string): string {
  const mail = server.received.filter((r) => r.envelopeTo.includes(to)).at(-1);
  assert.ok(mail, `a message reached ${to}`);
  const found = /http:\/\/despatch\.test(\/newsletter\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.mail.text ?? '');
  assert.ok(found, `the message to ${to} carries the link`);
  return found[1]!;
}

/** Signs `email` up with the form `fields` (`&name=value…`) and presses the emailed link's button: a confirmed subscriber. */
export async function subscribed(ctx: TestContext, server: SmtpServer, email: string, fields = ''): Promise<void> {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/newsletter',
    headers: formHeaders,
    payload: `email=${encodeURIComponent(email)}&source=%2F${fields}`,
  });
  assert.equal(res.statusCode, 303);
  assert.equal((await ctx.app.inject({ method: 'POST', url: confirmLinkIn(server, email), headers: formHeaders })).statusCode, 200);
  server.received.length = 0;
}
