import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertCan, type Actor } from '../../domain/access/index.js';
import { invalid, isAppError } from '../../kernel/errors.js';
import { fromUkLocal, toUkLocal } from '../../kernel/uk-time.js';
import { MailNotSent } from '../../mail/index.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { ComposeIssuePage, IssuePage, NewslettersPage, type IssueForm, type IssuePageProps, type StoryChoice } from './newsletters.page.js';

type Body = Record<string, unknown>;
type ById = { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

const HOME = '/newsroom/newsletters';

/**
 * The issue's HTML is shown in a frame under this policy: no script, no plugin, no form,
 * nothing fetched but pictures; `sandbox` gives it an origin of its own.
 */
const MAIL_HTML_POLICY = "sandbox; default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

/** How many recent stories the lead-story list offers: enough for a week's issue, short enough to scan. */
const STORY_CHOICES = 30;

const formOf = (b: Body): IssueForm => ({
  subject: text(b.subject),
  intro: text(b.intro),
  audience: text(b.audience),
  leadArticleId: text(b.leadArticleId),
});

/** `/newsroom/newsletters` (editors and admins): compose, preview, test, schedule and send issues. The service refuses everyone else. */
export async function newslettersRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const { issues, articleReader, clock } = ctx.services;
  const actorOf = (request: FastifyRequest) => ctx.session(request).actor;

  const stories = async (): Promise<StoryChoice[]> =>
    (await articleReader.latest({ page: 1, perPage: STORY_CHOICES })).items.map(({ id, headline }) => ({ id, headline }));

  /** The issue page as stored, with whatever the request adds (a notice, or a refused form and why). */
  async function showIssue(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Omit<IssuePageProps, 'chrome' | 'issue' | 'stories' | 'preview' | 'progress' | 'inDoubt' | 'scheduleAt'> & {
      scheduleAt?: string;
    } = {},
    status = 200,
  ) {
    const actor = actorOf(request);
    // First, alone: it refuses an unknown issue or a contributor before anything else is read.
    const issue = await issues.get(actor, id);
    const started = issue.status === 'sending' || issue.status === 'sent';
    const [preview, progress, inDoubt, choices, chrome] = await Promise.all([
      issues.preview(actor, id),
      started ? issues.progress(actor, id) : null,
      started ? issues.inDoubt(actor, id) : [],
      started ? [] : stories(),
      ctx.chrome(request),
    ]);
    const scheduleAt = extra.scheduleAt ?? toUkLocal(issue.scheduledAt ?? new Date(clock.now().getTime() + 3600_000).toISOString());
    return sendPage(reply, IssuePage({ ...extra, chrome, issue, stories: choices, preview, progress, inDoubt, scheduleAt }), status);
  }

  app.get(HOME, async (request, reply) => {
    const list = await issues.list(actorOf(request));
    return sendPage(reply, NewslettersPage({ chrome: await ctx.chrome(request), issues: list }));
  });

  app.get(`${HOME}/new`, async (request, reply) => {
    // Nothing is read from the issues yet, so the form asks the permission table itself rather than show a contributor a form the service will refuse.
    assertCan(actorOf(request), 'newsletter.compose');
    const form: IssueForm = { subject: '', intro: '', audience: 'daily', leadArticleId: '' };
    return sendPage(reply, ComposeIssuePage({ chrome: await ctx.chrome(request), form, stories: await stories() }));
  });

  app.post<{ Body: Body }>(HOME, async (request, reply) => {
    const form = formOf(request.body ?? {});
    try {
      const issue = await issues.create(actorOf(request), form, request.ip);
      return reply.redirect(`${HOME}/${issue.id}?done=created`, 303);
    } catch (err) {
      if (!isAppError(err, 'Validation')) throw err;
      const hasFields = Object.keys(err.fields).length > 0;
      const page = ComposeIssuePage({
        chrome: await ctx.chrome(request),
        form,
        stories: await stories(),
        errors: err.fields,
        message: hasFields ? undefined : err.message,
      });
      return sendPage(reply, page, err.status);
    }
  });

  app.get<ById & { Querystring: Record<string, unknown> }>(`${HOME}/:id`, async (request, reply) => {
    const n = Number.parseInt(text(request.query.n), 10);
    return showIssue(request, reply, request.params.id, {
      done: text(request.query.done),
      ...(Number.isFinite(n) ? { count: n } : {}),
    });
  });

  app.get<ById>(`${HOME}/:id/preview.html`, async (request, reply) => {
    const { html } = await issues.preview(actorOf(request), request.params.id);
    return reply
      .header('content-security-policy', MAIL_HTML_POLICY)
      .header('referrer-policy', 'no-referrer')
      .type('text/html; charset=utf-8')
      .send(html);
  });

  /** Each button of the issue page: one service call, then the `done` key of its notice. */
  const intents: Record<string, (actor: Actor, id: string, body: Body, ip: string) => Promise<string>> = {
    save: async (a, id, b) => (await issues.update(a, id, formOf(b)), 'done=saved'),
    test: async (a, id) => ((await issues.sendTest(a, id)).via === 'outbox' ? 'done=tested-outbox' : 'done=tested'),
    schedule: async (a, id, b, ip) => {
      const at = fromUkLocal(text(b.at));
      if (!at) throw invalid('VALIDATION_FAILED', 'Give a date and time to send it.', { at: 'Give a date and time to send it.' });
      await issues.schedule(a, id, at, ip);
      return 'done=scheduled';
    },
    unschedule: async (a, id, _b, ip) => (await issues.unschedule(a, id, ip), 'done=unscheduled'),
    send: async (a, id, _b, ip) => (await issues.start(a, id, ip), 'done=sending'),
    resend: async (a, id, _b, ip) => `done=resent&n=${await issues.resolveInDoubt(a, id, 'resend', ip)}`,
    drop: async (a, id, _b, ip) => `done=dropped&n=${await issues.resolveInDoubt(a, id, 'drop', ip)}`,
  };

  app.post<ById & { Body: Body }>(`${HOME}/:id`, async (request, reply) => {
    const { id } = request.params;
    const body = request.body ?? {};
    const intent = text(body.intent);
    try {
      const step = Object.hasOwn(intents, intent) ? intents[intent] : undefined;
      if (!step) throw invalid('VALIDATION_FAILED', 'That button is not one this page has: reload the page and try again.');
      const done = await step(actorOf(request), id, body, request.ip);
      return reply.redirect(`${HOME}/${id}?${done}`, 303);
    } catch (err) {
      if (err instanceof MailNotSent)
        // The mail server's own words say what to fix (a refused address, a server that is down).
        return showIssue(request, reply, id, { message: `The test could not be sent. The mail server said: ${err.message}` }, 502);
      if (!isAppError(err) || (err.kind !== 'Validation' && err.kind !== 'Conflict')) throw err;
      // A refused edit lists its fields; any other refusal is best said in the service's own sentence.
      const hasFields = Object.keys(err.fields).length > 0;
      return showIssue(
        request,
        reply,
        id,
        {
          errors: err.fields,
          message: intent === 'save' && hasFields ? undefined : err.message,
          ...(intent === 'save' ? { form: formOf(body) } : {}),
          ...(intent === 'schedule' ? { scheduleAt: text(body.at) } : {}),
        },
        err.status,
      );
    }
  });
}
