import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../kernel/errors.js';
import { hashSecret, sameSecret } from '../../kernel/secrets.js';
import type { Services } from '../../services.js';

/** Bounce reports a mail server may post a minute: a large send's bounces arrive in bursts. */
export const BOUNCE_REPORTS_PER_MINUTE = 600;

/**
 * The largest body taken: a report quoting its whole original newsletter, or 1000 JSON
 * events with their details. Above the app's 64 KB default, for this route only.
 */
const BODY_LIMIT = 4 * 1024 * 1024;

/**
 * `POST /api/v1/newsletter/bounces`: bounces and complaints reported after a newsletter
 * message was handed over, turned into suppressions (see domain/newsletter/bounce-intake.ts).
 * Authorised by `Authorization: Bearer BOUNCE_INTAKE_TOKEN`; with no token set, the route
 * answers 404 as if it were not there. The body is JSON `{ events: […] }` (a provider's
 * webhook, a script) or `message/rfc822`, one report as an MTA pipes it (a DSN or an ARF
 * complaint). Answers `{ suppressed, ignored }`.
 */
export async function bounceRoutes(app: FastifyInstance, deps: { services: Services; token: string | null }) {
  const { services } = deps;
  // Only the digest is kept to compare against: equal lengths, so the comparison takes the same time whatever is sent.
  const expected = deps.token ? hashSecret(deps.token) : null;

  // Encapsulated: the raw-message parser serves this plugin's route only.
  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  async function authorise(request: FastifyRequest, reply: FastifyReply) {
    if (!expected) return reply.callNotFound();
    const auth = request.headers.authorization ?? '';
    const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth)?.[1];
    if (!presented || !sameSecret(hashSecret(presented), expected)) {
      reply.header('www-authenticate', 'Bearer realm="bounces"');
      throw new AppError('UNAUTHENTICATED', 'Send the bounce intake token (BOUNCE_INTAKE_TOKEN) as Authorization: Bearer TOKEN.');
    }
  }

  app.post(
    '/api/v1/newsletter/bounces',
    {
      bodyLimit: BODY_LIMIT,
      // Checked before the body is read: an unauthorised sender costs no parsing.
      onRequest: authorise,
      config: {
        rateLimit: { max: BOUNCE_REPORTS_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.ip },
        // A browser cannot send a bearer token cross-site, so the token is this route's CSRF defence.
        crossSite: 'bearer-token',
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      // The app parses forms and plain text too; here they are mistakes (curl's --data-binary
      // sends a piped message as a form unless told otherwise), refused by name.
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!Buffer.isBuffer(request.body) && type !== 'application/json')
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send JSON events (Content-Type: application/json) or one raw report (Content-Type: message/rfc822).',
        );
      const answer = Buffer.isBuffer(request.body)
        ? await services.bounceIntake.recordMessage(request.body)
        : await services.bounceIntake.recordEvents(request.body);
      request.log.info(answer, 'newsletter bounce report taken');
      return answer;
    },
  );
}
