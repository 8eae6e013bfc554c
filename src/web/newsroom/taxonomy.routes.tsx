import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertCan, type StaffActor } from '../../domain/access/index.js';
import { authorPath, sectionPath, seriesPath, topicPath } from '../../domain/articles/index.js';
import { TOPIC_KINDS } from '../../domain/taxonomy/index.js';
import { isAppError } from '../../kernel/errors.js';
import { sendPage } from '../render.js';
import { CsrfField, SelectField } from './form.js';
import type { NewsroomContext } from './newsroom.plugin.js';
import { TaxonomyEditPage, TaxonomyListPage, type EditField, type TaxonomyKind } from './taxonomy.page.js';

type Body = Record<string, unknown>;
type WithId = { Params: { id: string } };
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const lines = (v: string) =>
  v
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Service field paths (`channels.1.url`, `aliases.0`) as the form's input names. */
function formErrors(fields: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const channel = /^channels\.(\d+)\.(name|url)$/.exec(path);
    const name = channel ? `${channel[2] === 'name' ? 'channelName' : 'channelUrl'}-${channel[1]}` : path.split('.')[0]!;
    out[name] ??= message;
  }
  return out;
}

/** The two fields every kind starts with: its name and its address. */
const nameAndSlug = (v: Record<string, string>): EditField[] => [
  { kind: 'text', name: 'name', label: 'Name', value: v.name ?? '', required: true, maxLength: 200 },
  { kind: 'text', name: 'slug', label: 'Address (slug)', value: v.slug ?? '', hint: 'The old address will redirect here.', maxLength: 200 },
];

/** Numbered rows posted as `channelName-0`, `channelUrl-0` …; wholly blank rows are dropped. */
function channelRows(body: Body): Array<{ name: string; url: string }> {
  const out: Array<{ name: string; url: string }> = [];
  for (let i = 0; i < 20; i++) {
    const name = text(body[`channelName-${i}`]).trim();
    const url = text(body[`channelUrl-${i}`]).trim();
    if (name || url) out.push({ name, url });
  }
  return out;
}

/**
 * Sections, topics (with merging), series and authors in the newsroom (editors and admins):
 * a list of each and one form per item. A changed address keeps a 301 from the old one.
 */
export async function taxonomyRoutes(app: FastifyInstance, ctx: NewsroomContext) {
  const { taxonomy, authors } = ctx.services;
  const actorOf = (request: FastifyRequest): StaffActor => ctx.session(request).actor;

  /** How each kind is listed, read into its form, and saved. */
  const kinds = {
    sections: {
      permission: 'taxonomy.manage' as const,
      async list() {
        return (await taxonomy.listSections()).map((s, i) => ({
          id: s.id,
          name: s.name,
          detail: `Position ${i + 1}`,
          path: sectionPath(s.slug),
        }));
      },
      async load(actor: StaffActor, id: string) {
        const s = await taxonomy.getSectionForEdit(actor, id);
        return {
          name: s.name,
          path: sectionPath(s.slug),
          values: { name: s.name, slug: s.slug, description: s.description, position: String(s.position) },
        };
      },
      fields: (v: Record<string, string>): EditField[] => [
        ...nameAndSlug(v),
        { kind: 'textarea', name: 'description', label: 'Description', value: v.description ?? '', maxLength: 2000 },
        {
          kind: 'text',
          name: 'position',
          label: 'Position in the navigation',
          value: v.position ?? '0',
          hint: 'Lower numbers come first.',
        },
      ],
      save: (actor: StaffActor, id: string, b: Body) =>
        taxonomy.updateSection(actor, id, {
          name: text(b.name),
          slug: text(b.slug),
          description: text(b.description),
          position: /^\d+$/.test(text(b.position).trim()) ? Number(text(b.position).trim()) : NaN,
        }),
    },
    topics: {
      permission: 'taxonomy.manage' as const,
      async list() {
        return (await taxonomy.listTopics()).map((t) => ({ id: t.id, name: t.name, detail: t.kind, path: topicPath(t.slug) }));
      },
      async load(actor: StaffActor, id: string) {
        const t = await taxonomy.getTopicForEdit(actor, id);
        return {
          name: t.name,
          path: topicPath(t.slug),
          values: {
            name: t.name,
            slug: t.slug,
            kind: t.kind,
            description: t.description,
            aliases: t.aliases.join('\n'),
            distinctive: t.distinctive ? 'on' : '',
          },
        };
      },
      fields: (v: Record<string, string>): EditField[] => [
        ...nameAndSlug(v),
        {
          kind: 'select',
          name: 'kind',
          label: 'Kind',
          value: v.kind ?? 'subject',
          options: TOPIC_KINDS.map((k) => [k, k[0]!.toUpperCase() + k.slice(1)]),
        },
        { kind: 'textarea', name: 'description', label: 'Description', value: v.description ?? '', maxLength: 2000 },
        {
          kind: 'textarea',
          name: 'aliases',
          label: 'Also known as',
          value: v.aliases ?? '',
          hint: 'One name per line, e.g. “MOD” for Ministry of Defence.',
        },
        {
          kind: 'checkbox',
          name: 'distinctive',
          label: 'Distinctive: a bare surname or acronym alone is enough (e.g. Putin, NATO)',
          checked: (v.distinctive ?? '') !== '',
          hint: 'Topic suggestions otherwise count “Putin” or “UN” only when the full name is in the same article too.',
        },
      ],
      save: (actor: StaffActor, id: string, b: Body) =>
        taxonomy.updateTopic(actor, id, {
          name: text(b.name),
          slug: text(b.slug),
          kind: text(b.kind) as 'subject',
          description: text(b.description),
          aliases: lines(text(b.aliases)),
          // An unticked checkbox is not posted at all.
          distinctive: text(b.distinctive) !== '',
        }),
    },
    series: {
      permission: 'taxonomy.manage' as const,
      async list() {
        return (await taxonomy.listSeries()).map((s) => ({
          id: s.id,
          name: s.name,
          detail: s.channels.map((c) => c.name).join(', ') || 'No channels yet',
          path: seriesPath(s.slug),
        }));
      },
      async load(actor: StaffActor, id: string) {
        const s = await taxonomy.getSeriesForEdit(actor, id);
        return {
          name: s.name,
          path: seriesPath(s.slug),
          values: { name: s.name, slug: s.slug, description: s.description },
          channels: s.channels,
        };
      },
      fields: (v: Record<string, string>): EditField[] => [
        ...nameAndSlug(v),
        { kind: 'textarea', name: 'description', label: 'Description', value: v.description ?? '', maxLength: 2000 },
      ],
      save: (actor: StaffActor, id: string, b: Body) =>
        taxonomy.updateSeries(actor, id, {
          name: text(b.name),
          slug: text(b.slug),
          description: text(b.description),
          channels: channelRows(b),
        }),
    },
    authors: {
      permission: 'people.manage' as const,
      async list() {
        return (await authors.listAuthors()).map((a) => ({ id: a.id, name: a.name, detail: a.role, path: authorPath(a.slug) }));
      },
      async load(actor: StaffActor, id: string) {
        const a = await authors.getAuthorForEdit(actor, id);
        const library = await ctx.services.media.list(actor, {});
        const pictures = library.items.filter((p) => p.status === 'ready' || p.id === a.photoMediaId);
        if (a.photoMediaId && !pictures.some((p) => p.id === a.photoMediaId))
          pictures.unshift(await ctx.services.media.get(a.photoMediaId));
        return {
          name: a.name,
          path: authorPath(a.slug),
          values: {
            name: a.name,
            slug: a.slug,
            role: a.role,
            bio: a.bio,
            email: a.email,
            xHandle: a.xHandle,
            photoUrl: a.photoUrl ?? '',
            photoMediaId: a.photoMediaId ?? '',
          },
          options: {
            photoMediaId: [
              ['', 'None'],
              ...pictures.map((p): [string, string] => [p.id, p.alt ? `${p.alt} (${p.fileName})` : p.fileName]),
            ] as Array<[string, string]>,
          },
        };
      },
      fields: (v: Record<string, string>, options: Record<string, Array<[string, string]>> = {}): EditField[] => [
        ...nameAndSlug(v),
        { kind: 'text', name: 'role', label: 'Role title', value: v.role ?? '', hint: 'e.g. Defence Correspondent', maxLength: 200 },
        { kind: 'textarea', name: 'bio', label: 'Biography', value: v.bio ?? '', rows: 5, maxLength: 5000 },
        {
          kind: 'text',
          name: 'email',
          label: 'Public email address',
          value: v.email ?? '',
          hint: 'Shown on the profile page for readers to write to; leave empty to show none.',
          maxLength: 200,
        },
        { kind: 'text', name: 'xHandle', label: 'X handle', value: v.xHandle ?? '', hint: 'e.g. @harrietvane', maxLength: 16 },
        {
          kind: 'select',
          name: 'photoMediaId',
          label: 'Photo from the media library',
          value: v.photoMediaId ?? '',
          // The newest pictures, and the author's own photo even when it is older.
          options: options.photoMediaId ?? [['', 'None']],
        },
        {
          kind: 'text',
          name: 'photoUrl',
          label: 'Or a photo address',
          value: v.photoUrl ?? '',
          hint: 'A site path or web address, used when no library photo is chosen.',
          maxLength: 2000,
        },
      ],
      save: (actor: StaffActor, id: string, b: Body) =>
        authors.updateAuthor(actor, id, {
          name: text(b.name),
          slug: text(b.slug),
          role: text(b.role),
          bio: text(b.bio),
          email: text(b.email).trim(),
          xHandle: text(b.xHandle),
          photoUrl: text(b.photoUrl).trim() || null,
          photoMediaId: text(b.photoMediaId).trim() || null,
        }),
    },
  } satisfies Record<TaxonomyKind, unknown>;

  /** The merge form under a topic's own form. */
  async function mergeForm(request: FastifyRequest, id: string) {
    const others = (await taxonomy.listTopics()).filter((t) => t.id !== id);
    if (others.length === 0) return undefined;
    return (
      <section class="nr-panel" aria-labelledby="merge-heading">
        <h2 id="merge-heading">Merge into another topic</h2>
        <p>Its articles move to the other topic, its names become the other’s aliases, and its page redirects there.</p>
        <form method="post" action={`/newsroom/topics/${id}/merge`} class="nr-form">
          <CsrfField token={(await ctx.chrome(request)).csrfToken ?? ''} />
          <SelectField name="into" label="Merge into" value="" options={others.map((t) => [t.id, t.name])} />
          <button type="submit" class="button button-secondary">
            Merge
          </button>
        </form>
      </section>
    );
  }

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: TaxonomyKind,
    id: string,
    extra: {
      values?: Record<string, string>;
      channels?: Array<{ name: string; url: string }>;
      errors?: Record<string, string>;
      message?: string;
      notice?: string;
    } = {},
    status = 200,
  ) {
    const def = kinds[kind];
    const loaded = await def.load(actorOf(request), id);
    const values = extra.values ?? loaded.values;
    const channels = extra.channels ?? ('channels' in loaded ? loaded.channels : undefined);
    return sendPage(
      reply,
      TaxonomyEditPage({
        chrome: await ctx.chrome(request),
        kind,
        id,
        name: loaded.name,
        path: loaded.path,
        fields: def.fields(values, 'options' in loaded ? loaded.options : undefined),
        rows:
          kind === 'series'
            ? {
                legend: 'Where it is watched',
                prefix: ['channelName', 'channelUrl'],
                labels: ['Channel', 'Address'],
                values: (channels ?? []).map((c) => [c.name, c.url]),
              }
            : undefined,
        errors: extra.errors,
        message: extra.message,
        notice: extra.notice,
        extra: kind === 'topics' ? await mergeForm(request, id) : undefined,
      }),
      status,
    );
  }

  for (const kind of Object.keys(kinds) as TaxonomyKind[]) {
    const def = kinds[kind];
    app.get<{ Querystring: { done?: string } }>(`/newsroom/${kind}`, async (request, reply) => {
      assertCan(actorOf(request), def.permission);
      const notice = request.query.done === 'merged' ? 'Topics merged.' : undefined;
      return sendPage(reply, TaxonomyListPage({ chrome: await ctx.chrome(request), kind, items: await def.list(), notice }));
    });

    app.get<WithId & { Querystring: { done?: string } }>(`/newsroom/${kind}/:id`, (request, reply) =>
      showForm(
        request,
        reply,
        kind,
        request.params.id,
        request.query.done
          ? { notice: request.query.done === 'merged' ? 'Merged: this topic now holds the other’s articles.' : 'Saved.' }
          : {},
      ),
    );

    app.post<WithId & { Body: Body }>(`/newsroom/${kind}/:id`, async (request, reply) => {
      const body = request.body ?? {};
      try {
        await def.save(actorOf(request), request.params.id, body);
      } catch (err) {
        if (
          !isAppError(err) ||
          !['VALIDATION_FAILED', 'NAME_TAKEN', 'SLUG_TAKEN', 'INVALID_SLUG', 'NAME_REQUIRED', 'NAME_TOO_LONG'].includes(err.code)
        )
          throw err;
        const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)]));
        return showForm(
          request,
          reply,
          kind,
          request.params.id,
          {
            values,
            channels: channelRows(body),
            errors: formErrors(err.fields),
            message: err.code === 'VALIDATION_FAILED' ? undefined : err.message,
          },
          err.status,
        );
      }
      return reply.redirect(`/newsroom/${kind}/${request.params.id}?done=saved`, 303);
    });
  }

  app.post<WithId & { Body: Body }>('/newsroom/topics/:id/merge', async (request, reply) => {
    const into = text(request.body?.into);
    try {
      await taxonomy.mergeTopics(actorOf(request), request.params.id, into);
    } catch (err) {
      if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
      return showForm(request, reply, 'topics', request.params.id, { message: err.message }, err.status);
    }
    return reply.redirect(`/newsroom/topics/${into}?done=merged`, 303);
  });
}
