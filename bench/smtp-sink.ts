/**
 * A local SMTP server in a process of its own for `bench/newsletter.ts`: it accepts and
 * counts, so the sender being measured does not share its CPU with the receiving side.
 * Protocol over the fork channel: child → parent `{ port }` once listening; parent → child
 * `'count'` → `{ total, bytes }`; `'stop'` ends it.
 */
import { startCountingSmtpServer } from '../test/helpers/smtp.js';

const server = await startCountingSmtpServer();
process.send!({ port: Number(new URL(server.url).port) });
process.on('message', (message) => {
  if (message === 'count') process.send!({ total: server.total, bytes: server.bytes });
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
