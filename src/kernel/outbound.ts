import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { AppError } from './errors.js';

/**
 * Requests Despatch makes to addresses its users give it (webhooks, a CDN's purge URL) must
 * never reach the machine itself or the network behind it: a webhook aimed at
 * http://169.254.169.254/ would read a cloud's credentials. Every address a name resolves to
 * is checked, the connection goes to the address that was checked (one resolution, so a
 * name cannot answer "public" to the check and "private" to the connection), and redirects
 * are never followed.
 */

/** Ranges no outbound request may reach: RFC 6890's special-purpose blocks, and more. */
const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", including 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, and cloud metadata at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32],
  ['2002::', 16], // 6to4, which may wrap any IPv4 address
  ['fc00::', 7], // unique local, including fd00:ec2::254 (a cloud's metadata)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

export interface OutboundPolicy {
  /** Loopback addresses (127.0.0.0/8, ::1) allowed: for tests and local development only. */
  allowLoopback?: boolean;
  /** Resolves a host name to every address it has (DNS by default; tests pass their own). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), -compatible or NAT64 (64:ff9b::) IPv6 address. */
function embeddedIpv4(address: string): string | null {
  const m = /^(?:::ffff:|::|64:ff9b::)(?:0:)?((?:\d{1,3}\.){3}\d{1,3})$/i.exec(address);
  if (m) return m[1]!;
  // The same in hex: ::ffff:7f00:1 is 127.0.0.1.
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}

/** Why `address` may not be reached, or null when it may. */
export function refusalOf(address: string, policy: OutboundPolicy = {}): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const v4 = family === 6 ? embeddedIpv4(address) : null;
  const [checked, type] = v4 ? [v4, 'ipv4' as const] : [address, family === 4 ? ('ipv4' as const) : ('ipv6' as const)];
  if (policy.allowLoopback && LOOPBACK.check(checked, type)) return null;
  return PRIVATE.check(checked, type) ? `${address} is a private, loopback or reserved address` : null;
}

const refuse = (url: string, why: string) =>
  new AppError('URL_NOT_ALLOWED', `Despatch will not send requests to ${url}: ${why}.`, { url: 'must be a public http or https address' });

const systemResolve = (hostname: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

/** The URL parsed, if it is one Despatch may send to: http or https, no credentials in it. */
function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(raw, 'it is not a web address');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(raw, 'only http and https are allowed');
  if (url.username || url.password) throw refuse(raw, 'it carries a user name or password');
  return url;
}

/** The checked address to connect to: the first the host resolves to, once every one has passed. */
async function checkedAddress(url: URL, policy: OutboundPolicy): Promise<LookupAddress> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses = literal ? [{ address: host, family: literal }] : await (policy.resolve ?? systemResolve)(host).catch(() => []);
  if (addresses.length === 0) throw refuse(url.href, `${host} does not resolve`);
  for (const a of addresses) {
    const why = refusalOf(a.address, policy);
    // A name with one private address among public ones is refused: which one a connection gets is not ours to choose.
    if (why) throw refuse(url.href, literal ? why : `${host} resolves to ${why}`);
  }
  return addresses[0]!;
}

/** Checks a URL as a webhook's or purge hook's address when it is saved (the same check runs again on every send). */
export async function assertPublicUrl(raw: string, policy: OutboundPolicy = {}): Promise<URL> {
  const url = parseTarget(raw);
  await checkedAddress(url, policy);
  return url;
}

export interface OutboundResponse {
  status: number;
  /** The start of the answer (at most 2 KB), for delivery logs. */
  body: string;
}

/**
 * POSTs `body` to `raw`, connecting only to the address that passed the check. Never follows
 * a redirect (a 3xx is the answer); gives up after `timeoutMs`.
 */
export async function postChecked(
  raw: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy & { timeoutMs?: number } = {},
): Promise<OutboundResponse> {
  const url = parseTarget(raw);
  const target = await checkedAddress(url, policy);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        // The connection goes to the address that was checked, whatever the name says now; TLS still checks the name.
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, [target]);
          else (callback as (e: null, a: string, f: number) => void)(null, target.address, target.family);
        },
        timeout: policy.timeoutMs ?? 10_000,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < 2048) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2048) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.host} within ${policy.timeoutMs ?? 10_000} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
