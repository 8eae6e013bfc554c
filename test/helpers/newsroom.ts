import assert from 'node:assert/strict';
import type { Role } from '../../src/domain/access/index.js';
import { systemActor } from '../../src/domain/access/index.js';
import type { TestContext } from './app.js';
import { formHeaders } from './app.js';

/** A password every test account shares; long and uncommon enough for the policy. */
export const STAFF_PASSWORD = 'orderly marching band of tubas';

let counter = 0;

/** A signed-in member of staff, as a browser holds them: the cookie to send and the CSRF token of their forms. */
export interface Browser {
  email: string;
  userId: string;
  cookie: string;
  csrf: string;
}

/** Makes an account with `role` (through the command line's door) and signs it in through the form. */
export async function signedIn(ctx: TestContext, role: Role, ip = '192.0.2.10'): Promise<Browser> {
  const email = `${role}.${++counter}.${process.pid}@garrison.example`;
  const { user } = await ctx.services.staff.createUser(systemActor('test'), {
    email,
    name: `Test ${role} ${counter}`,
    role,
    password: STAFF_PASSWORD,
  });
  const session = await signInWithForm(ctx, email, STAFF_PASSWORD, ip);
  assert.ok(session, `${email} signed in`);
  return { email, userId: user.id, ...session };
}

/** Posts the sign-in form; returns the session cookie and CSRF token, or null when sign-in failed. */
export async function signInWithForm(ctx: TestContext, email: string, password: string, ip = '192.0.2.10') {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/newsroom/login',
    remoteAddress: ip,
    headers: formHeaders,
    payload: new URLSearchParams({ email, password, next: '/newsroom' }).toString(),
  });
  if (res.statusCode !== 303) return null;
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  let page = await ctx.app.inject({ url: '/newsroom/account', headers: { cookie } });
  // An admin who must set up a second factor is sent to do so; that page has forms too.
  if (page.statusCode === 303) page = await ctx.app.inject({ url: String(page.headers.location), headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  assert.ok(csrf, 'the account page carries a CSRF token');
  return { cookie, csrf };
}

/** A form post from a signed-in browser (same origin, its session cookie, its CSRF token unless `csrf` is given). */
export function post(ctx: TestContext, who: Browser | null, url: string, fields: Record<string, string> = {}, csrf?: string) {
  const body = new URLSearchParams({ ...fields, ...(who ? { _csrf: csrf ?? who.csrf } : {}) });
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...formHeaders, ...(who ? { cookie: who.cookie } : {}) },
    payload: body.toString(),
  });
}

/**
 * A multipart/form-data post, as a form with a file input sends it: fields (a list for a
 * repeated field) and files, with the browser's CSRF token.
 */
export function postMultipart(
  ctx: TestContext,
  who: Browser,
  url: string,
  fields: Record<string, string | string[]>,
  files: Array<{ field: string; name: string; bytes: Buffer; type?: string }>,
) {
  const boundary = '----despatchform' + Math.random().toString(16).slice(2);
  const part = (headers: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${headers}\r\n`);
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries({ _csrf: who.csrf, ...fields }))
    for (const v of [value].flat()) chunks.push(part(`name="${name}"`), Buffer.from(`\r\n${v}\r\n`));
  for (const f of files)
    chunks.push(
      part(`name="${f.field}"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}`),
      Buffer.from('\r\n'),
      f.bytes,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: formHeaders.origin, cookie: who.cookie },
    payload: Buffer.concat(chunks),
  });
}

/** A page as a signed-in browser (or a reader, with null) sees it. */
export function get(ctx: TestContext, who: Browser | null, url: string, accept = 'text/html') {
  return ctx.app.inject({ url, headers: { accept, ...(who ? { cookie: who.cookie } : {}) } });
}
