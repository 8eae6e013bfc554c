import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Site } from '../../domain/site/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { SettingsPage, SitePageEditPage, type SettingsForm } from './settings.page.js';

type Form = { Body: Record<string, unknown> };
const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Rows are posted as numbered fields (`channelName-0`, `channelUrl-0` …); wholly blank rows are dropped. */
function rows<K extends string>(body: Record<string, unknown>, prefix: [string, string], keys: [K, K]): Array<Record<K, string>> {
  const out: Array<Record<K, string>> = [];
  for (let i = 0; i < 50; i++) {
    const a = text(body[`${prefix[0]}-${i}`]).trim();
    const b = text(body[`${prefix[1]}-${i}`]).trim();
    if (a || b) out.push({ [keys[0]]: a, [keys[1]]: b } as Record<K, string>);
  }
  return out;
}

const formOf = (site: Site): SettingsForm => ({
  requireAdminTwoFactor: site.requireAdminTwoFactor,
  feedContent: site.feedContent,
  outletName: site.outletName,
  tagline: site.tagline,
  description: site.description,
  channels: site.channels,
  footerLinks: site.footerLinks,
});

/** The service names fields by the input's shape (`channels.1.url`); the form by its inputs (`channelUrl-1`). */
function formErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const m = /^(channels|footerLinks)\.(\d+)\.(name|url|label)$/.exec(path);
    if (!m) out[path] = message;
    else if (m[1] === 'channels') out[`${m[3] === 'name' ? 'channelName' : 'channelUrl'}-${m[2]}`] = message;
    else out[`${m[3] === 'label' ? 'footerLabel' : 'footerUrl'}-${m[2]}`] = message;
  }
  return out;
}

/** `/newsroom/settings` (admins): the reader site shows a saved change at once. */
export async function settingsRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const site = ctx.services.site;

  /** The logo in use, with a small size of it for the preview. */
  async function logoOf(current: Site) {
    if (!current.logoMediaId) return null;
    const picture = (await ctx.services.media.pictures([current.logoMediaId], { full: true, crops: [] })).get(current.logoMediaId);
    const preview = picture?.full?.variants.find((v) => v.type === picture.full?.type);
    return { id: current.logoMediaId, previewUrl: preview?.url ?? null };
  }

  /** The settings page, as saved, with a notice or (422) the errors of a form that came back. */
  async function showSettings(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { notice?: string; form?: SettingsForm; errors?: Record<string, string> },
    status = 200,
  ) {
    const actor = ctx.session(request).actor;
    const [current, pages] = await Promise.all([site.getSiteForEdit(actor), site.listPagesForEdit(actor)]);
    const page = SettingsPage({
      chrome: await ctx.chrome(request),
      form: extra.form ?? formOf(current),
      notice: extra.notice,
      errors: extra.errors,
      pages,
      logo: await logoOf(current),
    });
    return sendPage(reply, page, status);
  }

  const NOTICES: Record<string, string> = {
    saved: 'Settings saved. The site shows them now.',
    logo: 'The logo is in place. The site shows it now.',
    'logo-removed': 'The logo is removed. The site shows the outlet’s name now.',
  };
  app.get<{ Querystring: { done?: string } }>('/newsroom/settings', async (request, reply) => {
    const notice = NOTICES[request.query.done ?? ''];
    return showSettings(request, reply, notice ? { notice } : {});
  });

  app.post<Form>('/newsroom/settings/logo', async (request, reply) => {
    const id = text(request.body?.logoMediaId).trim();
    try {
      await site.setLogo(ctx.session(request).actor, id || null, ctx.meta(request));
      return reply.redirect(`/newsroom/settings?done=${id ? 'logo' : 'logo-removed'}`, 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      return showSettings(request, reply, { errors: err.fields }, 422);
    }
  });

  app.get<{ Params: { slug: string }; Querystring: { done?: string } }>('/newsroom/settings/pages/:slug', async (request, reply) => {
    const page = await site.getPageForEdit(ctx.session(request).actor, request.params.slug);
    return sendPage(
      reply,
      SitePageEditPage({
        chrome: await ctx.chrome(request),
        slug: page.slug,
        path: page.path,
        form: { title: page.title, bodyMarkdown: page.bodyMarkdown },
        notice: request.query.done === 'saved' ? 'Saved.' : undefined,
      }),
    );
  });

  app.post<{ Params: { slug: string }; Body: Record<string, unknown> }>('/newsroom/settings/pages/:slug', async (request, reply) => {
    const form = { title: text(request.body?.title), bodyMarkdown: text(request.body?.bodyMarkdown) };
    try {
      const page = await site.updatePage(ctx.session(request).actor, request.params.slug, form, ctx.meta(request));
      return reply.redirect(`/newsroom/settings/pages/${page.slug}?done=saved`, 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      const slug = request.params.slug;
      return sendPage(
        reply,
        SitePageEditPage({ chrome: await ctx.chrome(request), slug, path: `/${slug}`, form, errors: err.fields }),
        422,
      );
    }
  });

  app.post<Form>('/newsroom/settings', async (request, reply) => {
    const body = request.body;
    const form: SettingsForm = {
      requireAdminTwoFactor: body.requireAdminTwoFactor === 'on',
      feedContent: body.feedContent === 'summary' ? 'summary' : 'full',
      outletName: text(body.outletName),
      tagline: text(body.tagline),
      description: text(body.description),
      channels: rows(body, ['channelName', 'channelUrl'], ['name', 'url']),
      footerLinks: rows(body, ['footerLabel', 'footerUrl'], ['label', 'url']),
    };
    try {
      await site.updateSite(ctx.session(request).actor, form, ctx.meta(request));
      return reply.redirect('/newsroom/settings?done=saved', 303);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      return showSettings(request, reply, { form, errors: formErrors(err.fields) }, 422);
    }
  });
}
