import type { FastifyInstance } from 'fastify';

/**
 * `/healthz`: the process answers (a supervisor restarts it otherwise). `/readyz`: it can
 * serve pages, i.e. the database answers within a second and has every migration this build
 * knows (during a rolling upgrade, an instance of the new build waits for them); a load
 * balancer stops sending readers to an instance that says 503 and resumes when it recovers.
 */
export async function healthRoutes(
  app: FastifyInstance,
  opts: { ping: () => Promise<void>; pendingMigrations?: (() => Promise<string[]>) | undefined },
) {
  app.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').type('text/plain').send('ok\n'));
  app.get('/readyz', async (request, reply) => {
    reply.header('cache-control', 'no-store').type('text/plain');
    try {
      // One retry: a connection the server ended a moment ago fails once, then the pool reconnects.
      await withTimeout(
        opts.ping().catch(() => opts.ping()),
        1000,
      );
    } catch (err) {
      request.log.warn({ err }, 'not ready: the database does not answer');
      return reply.code(503).send('the database does not answer\n');
    }
    try {
      const pending = (await opts.pendingMigrations?.()) ?? [];
      if (pending.length > 0) return reply.code(503).send(`the database lacks ${pending.length} migration(s): ${pending.join(', ')}\n`);
      return reply.send('ready\n');
    } catch (err) {
      request.log.warn({ err }, 'not ready: the database does not answer');
      return reply.code(503).send('the database does not answer\n');
    }
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
