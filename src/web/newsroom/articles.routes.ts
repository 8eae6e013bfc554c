import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ArticleRef, DeskQuery, ParsedArticleInput } from '../../domain/articles/index.js';
import { can, type StaffActor } from '../../domain/access/index.js';
import { quoteKey, suggestPullQuotes } from '../../domain/quotes/index.js';
import { articleText } from '../../domain/suggestions/index.js';
import { invalid, isAppError } from '../../kernel/errors.js';
import { nameKey } from '../../kernel/slugs.js';
import { fromUkLocal } from '../../kernel/uk-time.js';
import { DEFAULT_IMAGE_LIMITS } from '../../domain/media/index.js';
import { sendPage } from '../render.js';
import { acceptUploads, plainFields, uploadedFiles } from './uploads.js';
import { ArticleEditorPage, type ArticleEditorProps, type EditorQuoteSuggestion, type EditorSuggestions } from './article-editor.page.js';
import {
  articleInputOf,
  EMPTY_FORM,
  formErrors,
  formOf,
  MAX_SPEAKER,
  readArticleForm,
  readQuoteIntent,
  readTopicIntent,
  SUGGESTED_QUOTE_ROWS,
  type ArticleForm,
  type QuoteIntent,
  type TopicIntent,
} from './article-form.js';
import { ArticlesPage } from './articles.page.js';
import { RevisionsPage } from './revisions.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';

type Body = Record<string, unknown>;
type WithId = { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** What a finished action says on the page it returns to (post/redirect/get). */
const DONE: Record<string, string> = {
  created: 'Draft saved.',
  saved: 'Saved.',
  submitted: 'Submitted for review. An editor will pick it up.',
  withdrawn: 'Taken back from review: keep writing.',
  'sent-back': 'Sent back to the writer with your note.',
  published: 'Published. It is on the site now.',
  scheduled: 'Scheduled.',
  unscheduled: 'Taken off the schedule; it waits in review.',
  unpublished: 'Withdrawn: its page now answers 410 Gone.',
  noted: 'Added to the article. The page shows it now.',
  'slug-changed': 'Address changed; the old one redirects.',
  restored: 'Restored as a new version.',
  deleted: 'Draft deleted.',
  'to-draft': 'Back to a draft: rework it, then publish it again.',
  'topic-added': 'Saved, with the topic added.',
  'quote-added': 'Saved, with the pull quote added.',
};

/** How many suggestions of each kind the editor lists. */
const SHOWN_SUGGESTIONS = 10;

/**
 * Pull quotes suggested from an article's saved text, leaving out those it already has. The
 * body is Markdown: the topic suggester's plain text of it (link targets, marks and block-quote
 * markers dropped) is what the quote service reads. The saved pull quotes, not the typed ones,
 * decide what is left out, so the rows (and their "Who said it?" fields) stay put when a post
 * is refused and the editor is shown again.
 */
function suggestedQuotes(input: ParsedArticleInput): EditorQuoteSuggestion[] {
  const plain = articleText(input.bodyMarkdown);
  const body = plain.text.slice(plain.regions.body[0], plain.regions.body[1]);
  const have = new Set(input.pullQuotes.map((q) => quoteKey(q.text)));
  return suggestPullQuotes({ headline: input.headline, standfirst: input.standfirst, body })
    .filter((q) => !have.has(quoteKey(q.text)))
    .slice(0, SUGGESTED_QUOTE_ROWS)
    .map(({ text, speaker }) => ({ text, speaker }));
}

/**
 * The pull quote a suggestion's button adds: with the speaker found, or the one typed beside it.
 * Throws before anything is saved when the button was tampered with or no speaker was typed.
 */
function quoteFor(intent: QuoteIntent, form: ArticleForm): { text: string; speaker: string } {
  if ('unreadable' in intent)
    throw invalid('SUGGESTION_UNREADABLE', 'That suggestion could not be read: type the quote into a pull quote row instead.');
  if ('speaker' in intent) return intent;
  const speaker = form.suggestedSpeakers[intent.speakerField] ?? '';
  const problem = !speaker
    ? 'Type who said it, then add the quote again.'
    : speaker.length > MAX_SPEAKER
      ? `Keep who said it to ${MAX_SPEAKER} characters.`
      : null;
  if (problem) throw invalid('VALIDATION_FAILED', 'Please correct the fields marked below.', { [intent.speakerField]: problem });
  return { text: intent.text, speaker };
}

/** Whether the request is the editor's script (autosave, heartbeat) rather than a person's form post. */
const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? '').includes('application/json');

/**
 * The newsroom's articles: the list, the editor, and every workflow step as its own small
 * form post, so all of it works without JavaScript. Each handler calls one service method;
 * the services check who may do what.
 */
export async function articleRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const { articles, articleDesk: desk, taxonomy, authors, suggestions } = ctx.services;
  const actorOf = (request: FastifyRequest): StaffActor => ctx.session(request).actor;

  // The editor is a multipart form (its hero may be uploaded in place); its script's autosave
  // and every workflow step post plain forms. Both reach the handlers as plain fields.
  await acceptUploads(app, { fileSize: DEFAULT_IMAGE_LIMITS.maxBytes, files: 1, fields: 200, fieldSize: 16 * 1024 * 1024 });
  app.addHook('preValidation', async (request) => {
    if (request.isMultipart()) request.body = plainFields(request.body);
  });

  async function choices(actor: StaffActor, heroMediaId?: string | null) {
    const [sections, series, topics, authorList, library] = await Promise.all([
      taxonomy.listSections(),
      taxonomy.listSeries(),
      taxonomy.listTopics(),
      authors.listAuthors(),
      ctx.services.media.list(actor, {}),
    ]);
    const pictures = library.items.filter((p) => p.status === 'ready' || p.id === heroMediaId);
    // The article's own hero is offered even when it is older than the newest page of the library.
    if (heroMediaId && !pictures.some((p) => p.id === heroMediaId))
      pictures.unshift(await ctx.services.media.get(heroMediaId).catch(() => null as never));
    return {
      pictures: pictures
        .filter(Boolean)
        .map((p): [string, string] => [p.id, p.alt ? `${p.alt} (${p.fileName})` : `${p.fileName}: no alt text yet`]),
      sections: sections.map((s) => s.name),
      series: series.map((s) => s.name),
      topics: topics.map((t) => t.name),
      authors: authorList.map((a) => a.name),
    };
  }

  /** Renders the editor for a stored article, with whatever the request adds (errors, the refused text …). */
  async function showEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Partial<Omit<ArticleEditorProps, 'chrome' | 'state' | 'choices' | 'script'>> = {},
    status = 200,
  ) {
    const actor = actorOf(request);
    const [{ input, state }, lockedBy, chrome] = await Promise.all([
      articles.openForEdit(actor, id),
      desk.holdLock(actor, id),
      ctx.chrome(request),
    ]);
    const form = extra.form ?? formOf(input);
    // Suggestions read the saved version, so a button that saves the form and adds a topic
    // never depends on text the server has not seen. Only those who may create topics are
    // offered new ones (the permission table gives that to editors and admins).
    const canCreate = can(actor, 'taxonomy.manage');
    const [picks, found] = await Promise.all([
      choices(actor, form.heroMediaId),
      suggestions.suggestTopics(input.bodyMarkdown, { headline: input.headline, standfirst: input.standfirst, propose: canCreate }),
    ]);
    const tagged = new Set(form.topics.map(nameKey));
    const suggested: EditorSuggestions = {
      existing: found.existing.filter((s) => !tagged.has(nameKey(s.name))).slice(0, SHOWN_SUGGESTIONS),
      proposed: found.proposed.filter((s) => !tagged.has(nameKey(s.name))).slice(0, SHOWN_SUGGESTIONS),
      canCreate,
    };
    return sendPage(
      reply,
      ArticleEditorPage({
        chrome,
        state,
        choices: picks,
        lockedBy,
        script: ctx.editorScript,
        suggestions: suggested,
        suggestedQuotes: suggestedQuotes(input),
        ...extra,
        form,
      }),
      status,
    );
  }

  /**
   * The topic a suggestion's button adds: one of the outlet's, or a proposed one created now
   * through the taxonomy service (which refuses those who may not manage topics).
   */
  async function topicFor(actor: StaffActor, intent: TopicIntent): Promise<string> {
    if ('unreadable' in intent) throw invalid('SUGGESTION_UNREADABLE', 'That suggestion could not be read: add the topic by name instead.');
    if ('add' in intent) return (await taxonomy.getTopic(intent.add)).name;
    const { name, kind, alias } = intent.create;
    return (await taxonomy.ensureTopic(actor, name, { kind, aliases: alias ? [alias] : [] })).name;
  }

  /** A refused action is shown on the editor with its message, at its status (409, 422 …). */
  async function refused(request: FastifyRequest, reply: FastifyReply, id: string, err: unknown) {
    if (!isAppError(err) || err.status >= 500 || err.code === 'ARTICLE_NOT_FOUND' || err.code === 'CSRF_TOKEN_INVALID') throw err;
    if (err.code === 'FORBIDDEN' && request.method === 'GET') throw err;
    return showEditor(request, reply, id, { message: err.message }, err.status);
  }

  app.get<{ Querystring: Record<string, string | undefined> }>('/newsroom/articles', async (request, reply) => {
    const actor = actorOf(request);
    const q = request.query;
    const query: DeskQuery = {
      ...(q.state ? { state: q.state as DeskQuery['state'] } : {}),
      ...(q.section ? { section: q.section } : {}),
      ...(q.author ? { author: q.author } : {}),
      ...(q.topic ? { topic: q.topic } : {}),
      ...(q.q ? { q: q.q } : {}),
      ...(q.mine ? { mine: true } : {}),
      ...(q.sort ? { sort: q.sort as DeskQuery['sort'] } : {}),
      ...(q.page ? { page: Number(q.page) } : {}),
    };
    const [list, chrome, sections, authorList, topics] = await Promise.all([
      desk.list(actor, query),
      ctx.chrome(request),
      taxonomy.listSections(),
      authors.listAuthors(),
      taxonomy.listTopics(),
    ]);
    return sendPage(
      reply,
      ArticlesPage({
        chrome,
        ...list,
        query: list.query,
        sections: sections.map((s) => ({ id: s.id, name: s.name })),
        authors: authorList.map((a) => ({ id: a.id, name: a.name })),
        topics: topics.map((t) => ({ id: t.id, name: t.name })),
        notice: q.done ? DONE[q.done] : undefined,
      }),
    );
  });

  // `?hero=ID`: a new article around a picture, from the picture's page in the library.
  app.get<{ Querystring: { hero?: string } }>('/newsroom/articles/new', async (request, reply) => {
    const hero = /^[0-9a-f-]{36}$/.test(request.query.hero ?? '') ? request.query.hero! : '';
    const [chrome, picks] = await Promise.all([ctx.chrome(request), choices(actorOf(request), hero || null)]);
    const form = { ...EMPTY_FORM, heroMediaId: picks.pictures.some(([id]) => id === hero) ? hero : '' };
    return sendPage(reply, ArticleEditorPage({ chrome, form, state: null, choices: picks, script: ctx.editorScript }));
  });

  /** The form's content, or a 422 with every typed character kept. */
  async function saveOrShowErrors(
    request: FastifyRequest<{ Body: Body }>,
    reply: FastifyReply,
    id: string | null,
    save: (form: ArticleForm) => Promise<ArticleRef>,
  ): Promise<ArticleRef | null> {
    let form = readArticleForm(request.body ?? {});
    const show = async (extra: Partial<ArticleEditorProps>, status: number) => {
      if (id) await showEditor(request, reply, id, { form, ...extra }, status);
      else {
        const [chrome, picks] = await Promise.all([ctx.chrome(request), choices(actorOf(request), form.heroMediaId)]);
        await sendPage(reply, ArticleEditorPage({ chrome, form, state: null, choices: picks, script: ctx.editorScript, ...extra }), status);
      }
      return null;
    };
    // A picture chosen in the editor goes into the library first and becomes the hero; a refused
    // file is reported on its field with everything typed kept.
    const [heroFile] = uploadedFiles(request.body, 'heroUpload');
    if (heroFile) {
      try {
        const { item } = await ctx.services.media.addImage(
          actorOf(request),
          { file: heroFile.filename, bytes: await heroFile.toBuffer() },
          { alt: form.heroUploadAlt },
        );
        form = { ...form, heroMediaId: item.id, heroUploadAlt: '' };
      } catch (err) {
        if (!isAppError(err) || err.status >= 500) throw err;
        return show({ errors: { heroUpload: err.message } }, err.status);
      }
    }
    const { errors } = articleInputOf(form);
    if (text(request.body?.intent) === 'preview')
      return show({ preview: await ctx.services.articleReader.renderDraftBody(form.body, form.quotes) }, 200);
    try {
      if (Object.keys(errors).length > 0) throw invalid('VALIDATION_FAILED', 'Please correct the fields marked below.', errors);
      return await save(form);
    } catch (err) {
      if (!isAppError(err)) throw err;
      if (wantsJson(request)) {
        await reply.code(err.status).send({ error: { code: err.code, message: err.message } });
        return null;
      }
      if (err.code === 'VALIDATION_FAILED') return show({ errors: formErrors(err.fields) }, 422);
      if (err.code === 'VERSION_CONFLICT' && id) {
        const { input } = await articles.openForEdit(actorOf(request), id);
        // The refused text stays in the form, now based on their version: saving again is a deliberate choice.
        const theirs = formOf(input);
        return show(
          { message: err.message, conflict: { theirs, theirVersion: input.baseVersion! }, form: { ...form, version: theirs.version } },
          409,
        );
      }
      if (id) return show({ message: err.message }, err.status);
      throw err;
    }
  }

  app.post<{ Body: Body }>('/newsroom/articles', async (request, reply) => {
    const actor = actorOf(request);
    const ref = await saveOrShowErrors(request, reply, null, (form) =>
      articles.createArticle(actor, { ...articleInputOf(form).input, status: 'draft' }),
    );
    if (ref) return reply.redirect(`/newsroom/articles/${ref.id}?done=created`, 303);
    return reply;
  });

  app.get<WithId & { Querystring: { done?: string } }>('/newsroom/articles/:id', async (request, reply) =>
    showEditor(request, reply, request.params.id, { notice: request.query.done ? DONE[request.query.done] : undefined }),
  );

  app.post<WithId & { Body: Body }>('/newsroom/articles/:id', async (request, reply) => {
    const actor = actorOf(request);
    const id = request.params.id;
    // A suggestion's button: the form is saved with the topic (or pull quote) added, in the one post.
    const intent = readTopicIntent(text(request.body?.intent));
    const quoteIntent = readQuoteIntent(text(request.body?.intent));
    let added: string | null = null;
    let addedQuote: { text: string; speaker: string } | null = null;
    const ref = await saveOrShowErrors(request, reply, id, async (form) => {
      let topics = form.topics;
      let quotes = form.quotes;
      if (intent) {
        added = await topicFor(actor, intent);
        if (!topics.some((t) => nameKey(t) === nameKey(added!))) topics = [...topics, added];
      }
      if (quoteIntent) {
        const quote = quoteFor(quoteIntent, form);
        addedQuote = quote;
        if (!quotes.some((q) => quoteKey(q.text) === quoteKey(quote.text))) quotes = [...quotes, quote];
      }
      return articles.updateArticle(actor, id, articleInputOf({ ...form, topics, quotes }).input);
    });
    if (!ref) return reply;
    if (wantsJson(request))
      return reply.send({
        ok: true,
        version: ref.version,
        ...(added ? { topic: added } : {}),
        ...(addedQuote ? { quote: addedQuote } : {}),
      });
    const done = intent ? 'topic-added#suggested-topics' : quoteIntent ? 'quote-added#suggested-quotes' : 'saved';
    return reply.redirect(`/newsroom/articles/${id}?done=${done}`, 303);
  });

  /** The live preview: the body as the reader site renders it. */
  app.post<{ Body: Body }>('/newsroom/articles/preview', async (request, reply) => {
    actorOf(request);
    const form = readArticleForm(request.body ?? {});
    return reply.type('text/html; charset=utf-8').send(await ctx.services.articleReader.renderDraftBody(form.body, form.quotes));
  });

  // The soft lock: the editor's script renews it every minute and lets go when the page closes.
  app.post<WithId>('/newsroom/articles/:id/lock', async (request, reply) => {
    const lockedBy = await desk.holdLock(actorOf(request), request.params.id);
    return reply.send({ lockedBy });
  });
  app.post<WithId>('/newsroom/articles/:id/unlock', async (request, reply) => {
    await desk.releaseLock(actorOf(request), request.params.id);
    return reply.code(204).send();
  });

  async function showRevisions(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    compare?: { from: number; to: number },
    message?: string,
    status = 200,
  ) {
    const actor = actorOf(request);
    const [{ input, state }, revisions, chrome] = await Promise.all([
      articles.openForEdit(actor, id),
      articles.listRevisions(actor, id),
      ctx.chrome(request),
    ]);
    const comparison = compare ? await articles.compareRevisions(actor, id, compare.from, compare.to) : undefined;
    const canRestore =
      can(actor, 'article.edit', { ownerId: state.createdBy, status: state.status }) &&
      (state.stage === 'writing' || can(actor, 'article.review'));
    return sendPage(
      reply,
      RevisionsPage({
        chrome,
        articleId: id,
        headline: input.headline,
        version: state.version,
        revisions,
        canRestore,
        comparison,
        message,
      }),
      status,
    );
  }

  app.get<WithId & { Querystring: { done?: string } }>('/newsroom/articles/:id/revisions', (request, reply) =>
    showRevisions(request, reply, request.params.id, undefined, request.query.done ? DONE[request.query.done] : undefined),
  );

  app.get<WithId & { Querystring: { from?: string; to?: string } }>('/newsroom/articles/:id/revisions/compare', (request, reply) => {
    const from = Number(request.query.from);
    const to = Number(request.query.to);
    if (!Number.isInteger(from) || !Number.isInteger(to)) throw invalid('VALIDATION_FAILED', 'Choose two versions to compare.');
    return showRevisions(request, reply, request.params.id, { from, to });
  });

  app.post<{ Params: { id: string; version: string }; Body: Body }>(
    '/newsroom/articles/:id/revisions/:version/restore',
    async (request, reply) => {
      const { id } = request.params;
      try {
        await articles.restoreRevision(actorOf(request), id, Number(request.params.version), Number(text(request.body?.version)));
      } catch (err) {
        if (!isAppError(err) || err.status >= 500 || err.code === 'ARTICLE_NOT_FOUND') throw err;
        return showRevisions(request, reply, id, undefined, err.message, err.status);
      }
      return reply.redirect(`/newsroom/articles/${id}?done=restored`, 303);
    },
  );

  // Preview links: the secret is shown once, on the page that made it (never in a redirect's address).
  app.post<WithId>('/newsroom/articles/:id/preview-link', async (request, reply) => {
    const { id } = request.params;
    try {
      const link = await ctx.services.previewLinks.create(actorOf(request), id);
      return showEditor(request, reply, id, { previewLink: link });
    } catch (err) {
      return refused(request, reply, id, err);
    }
  });
  app.post<WithId>('/newsroom/articles/:id/revoke-previews', async (request, reply) => {
    const { id } = request.params;
    try {
      const n = await ctx.services.previewLinks.revokeAll(actorOf(request), id);
      return showEditor(request, reply, id, { notice: n === 1 ? 'One preview link revoked.' : `${n} preview links revoked.` });
    } catch (err) {
      return refused(request, reply, id, err);
    }
  });

  /** The workflow's steps: each one service call, then back to the editor (or the list) with a notice. */
  const steps: Record<string, (actor: StaffActor, id: string, body: Body) => Promise<{ done: string; to?: string }>> = {
    submit: async (a, id) => (await articles.submitForReview(a, id), { done: 'submitted' }),
    withdraw: async (a, id) => (await articles.withdrawSubmission(a, id), { done: 'withdrawn' }),
    'send-back': async (a, id, b) => (await articles.sendBack(a, id, text(b.note)), { done: 'sent-back' }),
    publish: async (a, id) => (await articles.publishArticle(a, id), { done: 'published' }),
    schedule: async (a, id, b) => {
      const at = fromUkLocal(text(b.at));
      if (!at) throw invalid('VALIDATION_FAILED', 'Give a date and time to publish at.', { at: 'is required' });
      await articles.scheduleArticle(a, id, at);
      return { done: 'scheduled' };
    },
    unschedule: async (a, id) => (await articles.unscheduleArticle(a, id), { done: 'unscheduled' }),
    unpublish: async (a, id) => (await articles.unpublishArticle(a, id), { done: 'unpublished' }),
    'to-draft': async (a, id) => (await articles.returnToDraft(a, id), { done: 'to-draft' }),
    notes: async (a, id, b) => (
      await articles.addNote(a, id, { kind: text(b.kind) as 'correction', body: text(b.body) }),
      { done: 'noted' }
    ),
    slug: async (a, id, b) => (await articles.changeSlug(a, id, text(b.slug)), { done: 'slug-changed' }),
    delete: async (a, id) => (await articles.deleteDraft(a, id), { done: 'deleted', to: '/newsroom/articles?done=deleted' }),
  };

  app.post<{ Params: { id: string; step: string }; Body: Body }>('/newsroom/articles/:id/:step', async (request, reply) => {
    const step = steps[request.params.step];
    if (!step) return reply.callNotFound();
    const { id } = request.params;
    try {
      const { done, to } = await step(actorOf(request), id, request.body ?? {});
      return reply.redirect(to ?? `/newsroom/articles/${id}?done=${done}`, 303);
    } catch (err) {
      return refused(request, reply, id, err);
    }
  });
}
