import type { FastifyInstance } from 'fastify';
import { tagAnswer } from '../surrogate-keys.js';
import type { CardPage, PageRequest } from '../../domain/articles/index.js';
import { authorPath, largestOf, sectionPath, seriesPath, topicPath, type Picture } from '../../domain/articles/index.js';
import type { Author } from '../../domain/people/index.js';
import { PictureElement } from '../components/picture.js';
import { sendPage } from '../render.js';
import { ListingPage } from './listing.page.js';
import { absolute } from './structured-data.js';
import { listingPage, loadChrome, pageNumber, redirectToCanonical, slugParam, type ReaderDeps } from './reader-context.js';

// Twelve fill rows of 1, 2, 3 or 4 cards.
const PER_PAGE = 12;

/** Section, topic, series and author pages: each a paginated list of articles. */
export async function listingRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const { services } = deps;
  const reads = services.articleReader;

  const listPage = (query: unknown, list: (req: PageRequest) => Promise<CardPage>) =>
    listingPage(query, (page) => list({ page, perPage: PER_PAGE }));

  const cached = { config: { pageCache: 'paginated' as const } };
  type Slug = { Params: { slug: string } };

  app.get<{ Params: { section: string } }>('/:section', cached, async (request, reply) => {
    const section = await services.taxonomy.getSectionBySlug(slugParam(request.params.section));
    if (redirectToCanonical(request, reply, sectionPath(section.slug), pageNumber(request.query) ?? 1)) return reply;
    const [chrome, cards] = await Promise.all([loadChrome(deps), listPage(request.query, (r) => reads.bySection(section.id, r))]);
    tagAnswer(reply, [`section:${section.id}`], cards.items);
    return sendPage(
      reply,
      ListingPage({
        chrome,
        path: sectionPath(section.slug),
        heading: section.name,
        description: section.description,
        cards,
        currentSection: section.slug,
      }),
    );
  });

  app.get<Slug>('/topics/:slug', cached, async (request, reply) => {
    const topic = await services.taxonomy.getTopicBySlug(slugParam(request.params.slug));
    if (redirectToCanonical(request, reply, topicPath(topic.slug), pageNumber(request.query) ?? 1)) return reply;
    const [chrome, cards] = await Promise.all([loadChrome(deps), listPage(request.query, (r) => reads.byTopic(topic.id, r))]);
    tagAnswer(reply, [`topic:${topic.id}`], cards.items);
    return sendPage(
      reply,
      ListingPage({ chrome, path: topicPath(topic.slug), label: 'Topic', heading: topic.name, description: topic.description, cards }),
    );
  });

  app.get<Slug>('/series/:slug', cached, async (request, reply) => {
    const series = await services.taxonomy.getSeriesBySlug(slugParam(request.params.slug));
    if (redirectToCanonical(request, reply, seriesPath(series.slug), pageNumber(request.query) ?? 1)) return reply;
    const [chrome, cards] = await Promise.all([loadChrome(deps), listPage(request.query, (r) => reads.bySeries(series.id, r))]);
    tagAnswer(reply, [`series:${series.id}`], cards.items);
    return sendPage(
      reply,
      ListingPage({
        chrome,
        path: seriesPath(series.slug),
        label: 'Series',
        heading: series.name,
        description: series.description,
        cards,
        intro:
          series.channels.length > 0 ? (
            <p class="series-channels">
              Watch on{' '}
              {series.channels.map((c, i) => (
                <>
                  {i > 0 && (i === series.channels.length - 1 ? ' and ' : ', ')}
                  <a href={c.url}>{c.name}</a>
                </>
              ))}
            </p>
          ) : undefined,
        jsonLd: [
          {
            '@context': 'https://schema.org',
            '@type': 'CreativeWorkSeries',
            name: series.name,
            url: absolute(chrome, seriesPath(series.slug)),
          },
        ],
      }),
    );
  });

  app.get<Slug>('/authors/:slug', cached, async (request, reply) => {
    const author = await services.authors.getAuthorBySlug(slugParam(request.params.slug));
    if (redirectToCanonical(request, reply, authorPath(author.slug), pageNumber(request.query) ?? 1)) return reply;
    const [chrome, cards, pictures] = await Promise.all([
      loadChrome(deps),
      listPage(request.query, (r) => reads.byAuthor(author.id, r)),
      services.media.pictures(author.photoMediaId ? [author.photoMediaId] : [], { full: false, crops: ['square'] }),
    ]);
    tagAnswer(reply, [`author:${author.id}`], cards.items);
    const path = authorPath(author.slug);
    // A library photo is shown as its square crop, around its focal point.
    const photo = author.photoMediaId ? pictures.get(author.photoMediaId)?.crops.square : undefined;
    const photoUrl = photo ? largestOf(photo)!.url : author.photoUrl;
    return sendPage(
      reply,
      ListingPage({
        chrome,
        path,
        label: author.role || 'Author',
        heading: author.name,
        description: author.bio,
        cards,
        ogType: 'profile',
        intro: <AuthorIntro author={author} photo={photo} />,
        jsonLd: [
          {
            '@context': 'https://schema.org',
            '@type': 'ProfilePage',
            mainEntity: {
              '@type': 'Person',
              name: author.name,
              url: absolute(chrome, path),
              ...(author.role ? { jobTitle: author.role } : {}),
              ...(author.bio ? { description: author.bio } : {}),
              ...(photoUrl ? { image: absolute(chrome, photoUrl) } : {}),
              ...(author.email ? { email: author.email } : {}),
              ...(author.xHandle ? { sameAs: [xProfile(author.xHandle)] } : {}),
            },
          },
        ],
      }),
    );
  });
}

const xProfile = (handle: string) => `https://x.com/${handle}`;

/** An author page's head: their photograph, and how to reach them (plain links, no embedded widgets). */
function AuthorIntro({ author, photo }: { author: Author; photo: Picture | undefined }) {
  const links = [
    author.email && (
      <li>
        <a href={`mailto:${author.email}`}>Email {author.name}</a>
      </li>
    ),
    author.xHandle && (
      <li>
        <a href={xProfile(author.xHandle)} rel="me noopener">
          @{author.xHandle} on X
        </a>
      </li>
    ),
  ].filter(Boolean);
  if (!photo && !author.photoUrl && links.length === 0) return null;
  return (
    <div class="author-profile">
      {photo ? (
        <PictureElement className="author-photo" picture={photo} alt={author.name} sizes="6rem" />
      ) : author.photoUrl ? (
        <img class="author-photo" src={author.photoUrl} alt={author.name} width={96} height={96} />
      ) : null}
      {links.length > 0 && <ul class="author-links">{links}</ul>}
    </div>
  );
}
