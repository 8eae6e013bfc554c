import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { assertPublicUrl, postChecked, refusalOf } from './outbound.js';

test('private, loopback, link-local, CGNAT, metadata, unspecified and mapped addresses are refused; public ones pass', () => {
  for (const address of [
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a9fe:a9fe',
    'fd00:ec2::254',
    'fe80::1',
    'fc00::1',
  ])
    assert.ok(refusalOf(address), `${address} is refused`);
  for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])
    assert.equal(refusalOf(address), null, address);
  assert.equal(refusalOf('127.0.0.1', { allowLoopback: true }), null, 'loopback when allowed (tests, development)');
  assert.equal(refusalOf('::1', { allowLoopback: true }), null);
  assert.ok(refusalOf('10.0.0.1', { allowLoopback: true }), 'allowing loopback allows nothing else');
});

test('URLs naming such addresses, or names resolving to them, are refused with the reason', async () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async (): Promise<LookupAddress[]> =>
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  for (const url of [
    'http://127.0.0.1/hook',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
  ])
    await assert.rejects(assertPublicUrl(url), { code: 'URL_NOT_ALLOWED', message: /private, loopback or reserved/ }, url);
  await assert.rejects(assertPublicUrl('http://hooks.example/', { resolve: resolvesTo('10.1.2.3') }), {
    message: /hooks\.example resolves to 10\.1\.2\.3 is a private/,
  });
  await assert.rejects(assertPublicUrl('http://mixed.example/', { resolve: resolvesTo('93.184.216.34', '127.0.0.1') }), {
    code: 'URL_NOT_ALLOWED',
  });
  // A real name that resolves to loopback, through the system's resolver.
  await assert.rejects(assertPublicUrl('http://localhost:9/'), { code: 'URL_NOT_ALLOWED' });
  await assert.rejects(assertPublicUrl('ftp://files.example/'), { message: /only http and https/ });
  await assert.rejects(assertPublicUrl('http://user:pass@hooks.example/'), { message: /user name or password/ });
  await assert.rejects(assertPublicUrl('not a url'), { message: /not a web address/ });
  assert.equal((await assertPublicUrl('https://hooks.example/x', { resolve: resolvesTo('93.184.216.34') })).hostname, 'hooks.example');
});

test('a delivery connects to the address that was checked (one resolution), and a redirect is not followed', async (t) => {
  const received: Array<{ url: string; body: string; host: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ url: req.url!, body, host: req.headers.host! });
      if (req.url === '/moved') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;

  // A name that answers "loopback" once, then "private" (DNS rebinding): the check and the
  // connection use the one answer.
  let lookups = 0;
  const rebinding = async (): Promise<LookupAddress[]> => [{ address: lookups++ === 0 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
  const ok = await postChecked(
    `http://hooks.test:${port}/deliver`,
    '{"event":"x"}',
    { 'x-test': '1' },
    { allowLoopback: true, resolve: rebinding },
  );
  assert.equal(ok.status, 204);
  assert.equal(lookups, 1, 'resolved once');
  assert.deepEqual(received[0], { url: '/deliver', body: '{"event":"x"}', host: `hooks.test:${port}` });

  const moved = await postChecked(`http://127.0.0.1:${port}/moved`, '{}', {}, { allowLoopback: true });
  assert.equal(moved.status, 302, 'the redirect is the answer');
  assert.equal(received.length, 2, 'nothing was sent to where it pointed');

  await assert.rejects(
    postChecked(`http://127.0.0.1:${port}/deliver`, '{}', {}),
    { code: 'URL_NOT_ALLOWED' },
    'loopback refused by default',
  );
  assert.equal(received.length, 2);
});
