import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from './components/rendered-once.js';

/** Sends a Preact page as a complete HTML document (UTF-8 bytes, `renderPage`). */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));
}
