import type { FastifyInstance } from 'fastify';
import { assertCan, can } from '../../domain/access/index.js';
import { MAX_PAGE_BYTES, type ImportResult } from '../../domain/importer/index.js';
import { sendPage } from '../render.js';
import { ImportPage } from './import.page.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { acceptUploads, uploadedField, uploadedFiles } from './uploads.js';

const MAX_FILES = 50;

/**
 * `/newsroom/import`: text pages uploaded through the importer the command line uses, one
 * result per file. A contributor's imports are drafts; an editor chooses draft or publish.
 * A file over the size limit is reported as such and the others still import.
 */
export async function importRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  await acceptUploads(app, { fileSize: MAX_PAGE_BYTES, files: MAX_FILES });

  app.get('/newsroom/import', async (request, reply) => {
    assertCan(ctx.session(request).actor, 'article.import');
    return sendPage(reply, ImportPage({ chrome: await ctx.chrome(request) }));
  });

  app.post('/newsroom/import', async (request, reply) => {
    const actor = ctx.session(request).actor;
    assertCan(actor, 'article.import');
    const parts = uploadedFiles(request.body);
    const chrome = await ctx.chrome(request);
    if (parts.length === 0) return sendPage(reply, ImportPage({ chrome, message: 'Choose one or more text files to import.' }), 422);
    const publish = uploadedField(request.body, 'publish') === 'yes';
    // Only those who manage sections may have an import create them.
    const createSections = uploadedField(request.body, 'createSections') === 'yes' && can(actor, 'taxonomy.manage');
    const results: ImportResult[] = [];
    for (const part of parts) {
      const bytes = await part.toBuffer();
      if (part.file.truncated) {
        results.push({ file: part.filename, ok: false, code: 'FILE_TOO_LARGE', error: `${part.filename} is larger than 5 MB.` });
        continue;
      }
      results.push(await ctx.services.importer.importPage(actor, { file: part.filename, bytes }, { publish, createSections }));
    }
    return sendPage(reply, ImportPage({ chrome, results }));
  });
}
