import type { FastifyReply } from 'fastify';

/**
 * A 301 that browsers and CDNs keep for minutes, not for ever: a slug changed back, or an
 * article moved between sections, must not leave readers in a stale redirect loop.
 */
export function movedPermanently(reply: FastifyReply, location: string): FastifyReply {
  return reply.header('cache-control', 'public, max-age=300').redirect(location, 301);
}

/**
 * `path` without trailing slashes, and with its leading slashes and backslashes collapsed
 * to one "/": whatever a client sends, the result stays on this site ("//evil.example/" and
 * "/\\evil.example/" both give "/evil.example").
 */
export function sameSitePath(path: string): string {
  return '/' + path.replace(/^[/\\]+|[/\\]+$/g, '');
}
