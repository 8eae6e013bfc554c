import { tagAnswer } from '../surrogate-keys.js';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { ChoicesState } from '../components/newsletter-signup.js';
import {
  ConfirmedPage,
  ConfirmLinkPage,
  ManagePage,
  NewsletterFormPage,
  NewsletterThanksPage,
  UnsubscribedPage,
  UnsubscribePage,
} from './newsletter.page.js';
import { loadChrome, slugParam, type ReaderDeps } from './reader-context.js';
import { StatusPage } from './status.page.js';

type Form = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/** The choices a form sent, in the shape the service parses. */
const choicesOf = (body: Form) => ({
  sections: list(body.sections),
  topics: list(body.topics),
  frequency: text(body.frequency) || undefined,
  topicAlerts: text(body.topicAlerts) || undefined,
});

/**
 * Pages reached through a secret link: never stored by a cache or a browser's history cache,
 * and the link never leaks to another site in a Referer.
 */
function privately(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
}

/**
 * The newsletter's reader side: sign-up (`POST /newsletter` from every article, and the full
 * form), following a topic, the confirmation link's page, and the subscriber's own page and
 * unsubscribe link. The domain rules live in `domain/newsletter`.
 */
export async function newsletterRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const subscribers = deps.services.subscribers;

  /** The full form again, with what was typed kept and each problem named. */
  async function formAgain(reply: FastifyReply, body: Form, source: string, errors: Record<string, string>, status: number) {
    const chrome = await loadChrome(deps);
    const topicSlugs = list(body.topics);
    const topics = (await deps.services.taxonomy.listTopics()).filter((t) => topicSlugs.includes(t.slug));
    const state: ChoicesState = {
      email: text(body.email),
      frequency: text(body.frequency) === 'weekly' ? 'weekly' : 'daily',
      sections: list(body.sections),
      topics: topics.map((t) => ({ slug: t.slug, name: t.name })),
      topicAlerts: text(body.topicAlerts) === 'alert',
    };
    return sendPage(reply, NewsletterFormPage({ chrome, state, errors, source, path: '/newsletter' }), status);
  }

  app.post<{ Body: Form }>('/newsletter', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = request.body ?? {};
    const rawSource = text(body.source);
    const source = /^\/(?!\/)[^\s]{0,499}$/.test(rawSource) ? rawSource : '/';
    try {
      await subscribers.subscribe(
        { email: text(body.email), sourcePath: source, honeypot: text(body.website), ...choicesOf(body) },
        { ip: request.ip },
      );
    } catch (err) {
      if (isAppError(err, 'Validation')) {
        const errors = Object.keys(err.fields).length ? { ...err.fields } : { email: err.message };
        return formAgain(reply, body, source, errors, 422);
      }
      if (isAppError(err) && err.code === 'SIGN_UP_THROTTLED') return formAgain(reply, body, source, { email: err.message }, 429);
      throw err;
    }
    // Post/redirect/get: a reload does not send the form again.
    return reply.redirect('/newsletter/thanks', 303);
  });

  app.get('/newsletter', { config: { pageCache: 'single' } }, async (_request, reply) => {
    return sendPage(reply, NewsletterFormPage({ chrome: await loadChrome(deps), source: '/newsletter', path: '/newsletter' }));
  });

  // "Follow" on a topic chip: the sign-up form with that topic ticked.
  app.get<{ Params: { slug: string } }>('/newsletter/follow/:slug', { config: { pageCache: 'single' } }, async (request, reply) => {
    const topic = await deps.services.taxonomy.getTopicBySlug(slugParam(request.params.slug));
    const path = `/newsletter/follow/${topic.slug}`;
    tagAnswer(reply, [`topic:${topic.id}`]);
    return sendPage(
      reply,
      NewsletterFormPage({
        chrome: await loadChrome(deps),
        state: { topics: [{ slug: topic.slug, name: topic.name }] },
        source: path,
        follow: { name: topic.name },
        path,
      }),
    );
  });

  app.get('/newsletter/thanks', { config: { pageCache: 'single' } }, async (_request, reply) => {
    return sendPage(reply, NewsletterThanksPage({ chrome: await loadChrome(deps) }));
  });

  // The emailed link opens a page; only its button (a POST) confirms.
  app.get<{ Params: { token: string } }>('/newsletter/confirm/:token', async (request, reply) => {
    const check = await subscribers.checkLink(request.params.token);
    if (!check.valid) return invalidLink(reply);
    return sendPage(privately(reply), ConfirmLinkPage({ chrome: await loadChrome(deps), check, action: request.url }));
  });

  app.post<{ Params: { token: string } }>('/newsletter/confirm/:token', async (request, reply) => {
    const done = await subscribers.confirm(request.params.token, { ip: request.ip });
    const managePath = `/newsletter/manage/${done.manageToken}`;
    return sendPage(privately(reply), ConfirmedPage({ chrome: await loadChrome(deps), choices: done.choices, managePath }));
  });

  app.get<{ Params: { token: string }; Querystring: { saved?: string } }>('/newsletter/manage/:token', async (request, reply) => {
    const token = request.params.token;
    const view = await subscribers.view(token);
    const saved = { choices: 'Your choices are saved.', paused: 'The newsletter is paused.', resumed: 'The newsletter is on again.' }[
      text(request.query.saved)
    ];
    return sendPage(
      privately(reply),
      ManagePage({
        chrome: await loadChrome(deps),
        view,
        action: `/newsletter/manage/${token}`,
        unsubscribePath: `/newsletter/unsubscribe/${token}`,
        saved,
      }),
    );
  });

  app.post<{ Params: { token: string }; Body: Form }>('/newsletter/manage/:token', async (request, reply) => {
    const token = request.params.token;
    const body = request.body ?? {};
    const intent = text(body.intent);
    let saved: string;
    if (intent === 'pause' || intent === 'resume') {
      await subscribers.setPaused(token, intent === 'pause');
      saved = intent === 'pause' ? 'paused' : 'resumed';
    } else {
      try {
        await subscribers.updateChoices(token, choicesOf(body), { ip: request.ip });
      } catch (err) {
        if (!isAppError(err, 'Validation')) throw err;
        const view = await subscribers.view(token);
        const page = ManagePage({
          chrome: await loadChrome(deps),
          view,
          action: `/newsletter/manage/${token}`,
          unsubscribePath: `/newsletter/unsubscribe/${token}`,
          errors: Object.keys(err.fields).length ? err.fields : { choices: err.message },
        });
        return sendPage(privately(reply), page, 422);
      }
      saved = 'choices';
    }
    return privately(reply).redirect(`/newsletter/manage/${token}?saved=${saved}`, 303);
  });

  app.get<{ Params: { token: string } }>('/newsletter/unsubscribe/:token', async (request, reply) => {
    const view = await subscribers.view(request.params.token);
    return sendPage(privately(reply), UnsubscribePage({ chrome: await loadChrome(deps), email: view.email, action: request.url }));
  });

  await app.register(async (oneClick) => {
    // A mail client's one-click POST (RFC 8058) sends `List-Unsubscribe=One-Click` as a form,
    // urlencoded or multipart; the signed link is the authority, so the body is not read.
    oneClick.removeAllContentTypeParsers();
    oneClick.addContentTypeParser('*', { bodyLimit: 4096 }, (_request, _payload, done) => done(null, undefined));
    oneClick.post<{ Params: { token: string } }>(
      '/newsletter/unsubscribe/:token',
      // Mailbox providers send no Origin: the signed token authorises this, not the same-origin check.
      { config: { crossSite: 'signed-link' } },
      async (request, reply) => {
        await subscribers.unsubscribe(request.params.token);
        // Never a redirect: a one-click client does not follow one, and a person sees the answer here.
        return sendPage(
          privately(reply),
          UnsubscribedPage({ chrome: await loadChrome(deps), managePath: `/newsletter/manage/${request.params.token}` }),
        );
      },
    );
  });

  async function invalidLink(reply: FastifyReply) {
    return sendPage(
      privately(reply),
      StatusPage({
        chrome: await loadChrome(deps),
        status: 410,
        title: 'This link no longer works',
        message: 'It has expired or has already been used. Sign up again from any article and we will email you a fresh link.',
      }),
      410,
    );
  }
}
