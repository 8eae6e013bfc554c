import type { ArticleCard } from '../../domain/articles/index.js';
import { formatCardTime } from '../../kernel/uk-time.js';
import { PictureElement } from './picture.js';

type HeadingLevel = 'h2' | 'h3';

/** One teaser: kicker, headline link, standfirst, date; optionally the hero image. */
export function Card({
  card,
  level = 'h3',
  withImage = false,
  withStandfirst = true,
  lead = false,
  now,
}: {
  card: ArticleCard;
  /** When the page is rendered: today's stories show their time, older ones their date. */
  now: string;
  level?: HeadingLevel;
  withImage?: boolean;
  withStandfirst?: boolean;
  /** The page's first picture: fetched first, not lazily. */
  lead?: boolean;
}) {
  const Heading = level;
  const image = withImage && card.hero !== null;
  return (
    <article class={image ? 'card has-image' : 'card'}>
      {image &&
        card.hero &&
        (card.hero.picture ? (
          <PictureElement
            className="card-image"
            picture={card.hero.picture}
            alt={card.hero.alt}
            sizes={lead ? '(min-width: 48rem) 38rem, 100vw' : '(min-width: 64rem) 20rem, (min-width: 40rem) 50vw, 100vw'}
            lead={lead}
          />
        ) : (
          <img class="card-image" src={card.hero.url} alt={card.hero.alt} width={800} height={450} loading="lazy" decoding="async" />
        ))}
      <p class="kicker">{card.series ? card.series.name : card.kicker}</p>
      <Heading class="card-headline">
        <a href={card.path}>{card.headline}</a>
      </Heading>
      {withStandfirst && card.standfirst && <p class="card-standfirst">{card.standfirst}</p>}
      <p class="card-meta">
        {card.credit && (
          <>
            <span class="card-credit">{card.credit}</span>
            {' · '}
          </>
        )}
        <time dateTime={card.publishedAt}>{formatCardTime(card.publishedAt, now)}</time>
      </p>
    </article>
  );
}

/** A list of teasers; a compact list (a front-page rail) shows the standfirst of its first story only. */
export function CardList({
  cards,
  level = 'h3',
  withImages = false,
  compact = false,
  now,
}: {
  cards: ArticleCard[];
  now: string;
  level?: HeadingLevel;
  withImages?: boolean;
  compact?: boolean;
}) {
  return (
    <ul class={compact ? 'card-list compact' : 'card-list'}>
      {cards.map((card, i) => (
        <li>
          <Card card={card} level={level} withImage={withImages} withStandfirst={!compact || i === 0} now={now} />
        </li>
      ))}
    </ul>
  );
}

/** Previous/next links for `?page=N` listings. */
export function Pagination({ prev, next, page }: { prev: string | null; next: string | null; page: number }) {
  if (!prev && !next) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      {prev ? (
        <a href={prev} rel="prev">
          ← Newer stories
        </a>
      ) : (
        <span />
      )}
      <span class="page-number">Page {page}</span>
      {next ? (
        <a href={next} rel="next">
          Older stories →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
