/**
 * If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/"x"` and `"x"` name the same
 * representation, `*` matches any, and the header may list several tags. Proxies and
 * browsers rewrite strong and weak forms freely, so an exact string match misses 304s.
 */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = stripWeak(etag);
  return ifNoneMatch.split(',').some((tag) => stripWeak(tag.trim()) === opaque);
}

const stripWeak = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
