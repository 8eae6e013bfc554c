import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import { codeForStatus, type ErrorCode } from '../../kernel/error-codes.js';
import { AppError } from '../../kernel/errors.js';
import { movedPermanently, sameSitePath } from '../redirect.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Conflict',
  410: 'This page has been removed',
  413: 'Too large',
  414: 'Address too long',
  415: 'Unsupported content',
  422: 'Please check your input',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Back in a moment',
};

const PAGE_NOT_FOUND = 'We could not find that page. It may have moved, or the address may be mistyped.';
const isNewsroom = (request: FastifyRequest) => request.url === '/newsroom' || request.url.startsWith('/newsroom/');

/** How an error becomes a page; the app passes its own renderer for the reader site. */
export interface ErrorPageRenderer {
  (request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string): Promise<unknown> | unknown;
}

export interface ErrorOptions {
  renderPage: ErrorPageRenderer;
  /** Where an old path now lives, if it moved (checked before answering 404). */
  findRedirect: (path: string) => Promise<string | null>;
  /** True when an unexpected error means the database is unreachable for now: 503, not 500. */
  isUnavailable: (err: unknown) => boolean;
  /** Headers every answer carries; errors the router raises skip the hooks that add them. */
  headers: Record<string, string>;
}

/** The one place errors become HTTP answers. 5xx never shows internals. */
async function errors(app: FastifyInstance, opts: ErrorOptions) {
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    code: ErrorCode,
    message: string,
    fields: Record<string, string> = {},
  ) {
    const ghost = isGhostApi(request);
    // Ghost's addresses end in a slash, so the reader site's "/army/" → "/army" rule stays out of its API.
    if (status === 404 && !ghost && (request.method === 'GET' || request.method === 'HEAD')) {
      const [path, query] = request.url.split('?') as [string, string | undefined];
      // "/army/" is "/army": one address per page. Leading slashes and backslashes are
      // collapsed too, so "//evil.example/" or "/\evil.example/" never leave the site.
      if (path.length > 1 && path.endsWith('/')) return movedPermanently(reply, sameSitePath(path) + (query ? `?${query}` : ''));
      const target = await opts.findRedirect(path);
      if (target) return movedPermanently(reply, target);
    }
    reply.header('cache-control', status >= 500 ? 'no-store' : 'public, max-age=30');
    if (ghost) return reply.code(status).send(ghostErrors(status, code, message, fields));
    if (wantsJson(request)) return reply.code(status).send({ error: { code, message } });
    // A reader who follows a bad address learns that the page is not there, not which lookup
    // failed ("No such section." for /media/ or a typo); the newsroom keeps the precise message.
    const shown = status === 404 && !isNewsroom(request) ? PAGE_NOT_FOUND : message;
    return opts.renderPage(request, reply, status, TITLES[status] ?? 'Error', shown);
  }

  app.decorate('answerError', (request: FastifyRequest, reply: FastifyReply, status: number, _error: FastifyError) => {
    reply.headers(opts.headers);
    return answer(
      request,
      reply,
      status,
      codeForStatus(status),
      status === 414 ? 'That address is too long.' : 'That address is not a valid web address.',
    );
  });

  app.setNotFoundHandler((request, reply) => answer(request, reply, 404, 'PAGE_NOT_FOUND', PAGE_NOT_FOUND));

  app.setErrorHandler(async (error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.kind === 'Forbidden' || error.kind === 'Validation') request.log.info({ code: error.code }, error.message);
      if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
      return answer(request, reply, error.status, error.code, error.message, error.fields);
    }
    if (opts.isUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return answer(request, reply, 503, 'DATABASE_UNAVAILABLE', 'The site is busy or restarting. Please try again in a few seconds.');
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return answer(request, reply, 500, 'INTERNAL_ERROR', 'Sorry, something went wrong on our side. Please try again in a moment.');
    }
    return answer(
      request,
      reply,
      status,
      codeForStatus(status),
      status === 429 ? 'You have sent too many requests. Please wait a minute and try again.' : error.message,
    );
  });
}

/**
 * The router's own failures (a malformed percent-encoding, a path segment over the length
 * limit) reach neither the hooks nor the error handler; `app.ts` passes them here, as
 * Fastify's `frameworkErrors`, so they get the site's page and headers like any other error.
 */
export function answerFrameworkError(app: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return app.answerError(request, reply, error.statusCode === 414 ? 414 : 400, error);
}

const isGhostApi = (request: FastifyRequest) => request.url.startsWith('/ghost/api/');

/** Ghost's names for each status, which its clients read as the error's `type`. */
const GHOST_TYPES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'NoPermissionError',
  404: 'NotFoundError',
  409: 'ConflictError',
  413: 'RequestEntityTooLargeError',
  415: 'UnsupportedMediaTypeError',
  422: 'ValidationError',
  429: 'TooManyRequestsError',
  503: 'MaintenanceError',
};

/**
 * An error in Ghost's shape, `{ errors: [{ message, type, … }] }`, for clients built for
 * Ghost (its own client throws an Error named by `type`, carrying every property).
 */
function ghostErrors(status: number, code: ErrorCode, message: string, fields: Record<string, string>) {
  const [property] = Object.keys(fields);
  return {
    errors: [
      {
        message,
        context: property ? `${property} ${fields[property]}` : null,
        type: GHOST_TYPES[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError'),
        details: null,
        property: property ?? null,
        help: null,
        code,
        id: randomUUID(),
        ghostErrorCode: null,
      },
    ],
  };
}

/** API clients and scripts get JSON; browsers get the site's error page. */
function wantsJson(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a router-level failure with the site's error page and headers (see answerFrameworkError). */
    answerError(request: FastifyRequest, reply: FastifyReply, status: number, error: FastifyError): unknown;
  }
}

export default fp(errors, { name: 'errors' });
