import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_IMAGE_LIMITS } from '../../domain/media/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { MediaEditPage, MediaLibraryPage, type UploadOutcome } from './media.page.js';
import { acceptUploads, uploadedFiles } from './uploads.js';

type Body = Record<string, unknown>;
type WithId = { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const MAX_FILES = 20;

/** Form percentages (0–100) as the service's fractions; anything else stays invalid for the schema to report. */
const fraction = (v: string) => (/^\d{1,3}(\.\d+)?$/.test(v.trim()) ? Number(v) / 100 : NaN);

/**
 * `/newsroom/media`: the library. Uploads are a plain multipart form (several files at once);
 * each picture has a page for its alt text, caption, credit, focal point and licence expiry,
 * listing the articles that use it.
 */
export async function mediaRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  await acceptUploads(app, { fileSize: DEFAULT_IMAGE_LIMITS.maxBytes, files: MAX_FILES });
  const media = ctx.services.media;
  const actorOf = (request: FastifyRequest) => ctx.session(request).actor;

  async function showLibrary(
    request: FastifyRequest<{ Querystring: { q?: string; page?: string; done?: string } }>,
    reply: FastifyReply,
    extra: { uploads?: UploadOutcome[]; message?: string } = {},
    status = 200,
  ) {
    const q = (request.query.q ?? '').slice(0, 200);
    const page = Number(request.query.page ?? 1) || 1;
    const list = await media.list(actorOf(request), { q, page });
    return sendPage(
      reply,
      MediaLibraryPage({
        chrome: await ctx.chrome(request),
        script: ctx.editorScript,
        ...list,
        query: q,
        notice: request.query.done === 'deleted' ? 'Picture deleted.' : undefined,
        now: ctx.services.clock.now().toISOString(),
        ...extra,
      }),
      status,
    );
  }

  app.get<{ Querystring: { q?: string; page?: string; done?: string } }>('/newsroom/media', (request, reply) =>
    showLibrary(request, reply),
  );

  app.post<{ Querystring: { q?: string; page?: string; done?: string } }>('/newsroom/media', async (request, reply) => {
    const actor = actorOf(request);
    const parts = uploadedFiles(request.body);
    if (parts.length === 0) return showLibrary(request, reply, { message: 'Choose one or more pictures to upload.' }, 422);
    const uploads: UploadOutcome[] = [];
    for (const part of parts) {
      // A file over the limit arrives cut one byte past it, so the library's own size check refuses it.
      const bytes = await part.toBuffer();
      try {
        const { item, existing } = await media.addImage(actor, { file: part.filename, bytes });
        uploads.push({ file: part.filename, ok: true, id: item.id, existing });
      } catch (err) {
        if (isAppError(err) && err.status < 500) uploads.push({ file: part.filename, ok: false, error: err.message });
        else throw err;
      }
    }
    return showLibrary(request, reply, { uploads }, uploads.every((u) => !u.ok) ? 422 : 200);
  });

  async function showPicture(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Partial<Parameters<typeof MediaEditPage>[0]> = {},
    status = 200,
  ) {
    const actor = actorOf(request);
    const [item, usedBy, mayEdit, chrome] = await Promise.all([
      media.get(id),
      media.usage(actor, id),
      media.mayEdit(actor, id),
      ctx.chrome(request),
    ]);
    return sendPage(reply, MediaEditPage({ chrome, item, usedBy, mayEdit, script: ctx.editorScript, ...extra }), status);
  }

  app.get<WithId & { Querystring: { done?: string } }>('/newsroom/media/:id', (request, reply) =>
    showPicture(
      request,
      reply,
      request.params.id,
      request.query.done === 'saved' ? { notice: 'Saved. Pages showing this picture show it now.' } : {},
    ),
  );

  app.post<WithId & { Body: Body }>('/newsroom/media/:id', async (request, reply) => {
    const b = request.body ?? {};
    const form = {
      alt: text(b.alt),
      caption: text(b.caption),
      credit: text(b.credit),
      focalX: text(b.focalX),
      focalY: text(b.focalY),
      licenceExpires: text(b.licenceExpires).trim(),
    };
    try {
      await media.update(actorOf(request), request.params.id, {
        alt: form.alt,
        caption: form.caption,
        credit: form.credit,
        focalX: fraction(form.focalX),
        focalY: fraction(form.focalY),
        licenceExpires: form.licenceExpires || null,
      });
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      return showPicture(request, reply, request.params.id, { form, errors: err.fields }, 422);
    }
    return reply.redirect(`/newsroom/media/${request.params.id}?done=saved`, 303);
  });

  app.post<WithId>('/newsroom/media/:id/delete', async (request, reply) => {
    try {
      await media.remove(actorOf(request), request.params.id);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'MEDIA_IN_USE') throw err;
      return showPicture(request, reply, request.params.id, { message: err.message }, 409);
    }
    return reply.redirect('/newsroom/media?done=deleted', 303);
  });
}
