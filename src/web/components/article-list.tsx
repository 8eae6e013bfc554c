import type { ArticleCard } from '../../domain/articles/index.js';
import { formatCardTime, ukToday } from '../../kernel/uk-time.js';
import { PictureElement } from './picture.js';
import { renderedOnce } from './rendered-once.js';

type HeadingLevel = 'h2' | 'h3';

/**
 * Where a card's picture goes: `none`; `own` (the story's picture if it has one, else no
 * space for one); `slot` (the story's picture, or a panel of the same shape when it has
 * none, so cards side by side keep their headlines in line).
 */
export type CardPicture = 'none' | 'own' | 'slot';

interface CardProps {
  card: ArticleCard;
  /** When the page is rendered: today's stories show their time, older ones their date. */
  now: string;
  level?: HeadingLevel;
  picture?: CardPicture;
  withStandfirst?: boolean;
  /** The page's first picture: fetched first, not lazily. */
  lead?: boolean;
}

/**
 * One teaser: kicker, headline link, standfirst, credit and time; and a picture if asked.
 * Its markup is rendered once per card, form and UK day (which decides whether its time reads
 * "Today, 09:30" or a date) and reused by every page showing the card until the card changes.
 */
export function Card(props: CardProps) {
  const { card, level = 'h3', picture = 'none', withStandfirst = true, lead = false, now } = props;
  const variant = level + picture + (withStandfirst ? 's' : '-') + (lead ? 'l' : '-') + ukToday(now);
  return renderedOnce(card, variant, () => <CardMarkup {...props} />);
}

function CardMarkup({ card, level = 'h3', picture = 'none', withStandfirst = true, lead = false, now }: CardProps) {
  const Heading = level;
  const hero = picture === 'none' ? null : card.hero;
  const kicker = card.series ? card.series.name : card.kicker;
  return (
    <article class={hero ? 'card has-image' : 'card'}>
      {hero &&
        (hero.picture ? (
          <PictureElement
            className="card-image"
            picture={hero.picture}
            alt={hero.alt}
            sizes={lead ? '(min-width: 48rem) 38rem, 100vw' : '(min-width: 64rem) 20rem, (min-width: 40rem) 50vw, 100vw'}
            lead={lead}
          />
        ) : (
          <img class="card-image" src={hero.url} alt={hero.alt} width={800} height={450} loading="lazy" decoding="async" />
        ))}
      {/* A text-only story beside pictured ones: the panel holds the picture's place; it says nothing new. */}
      {!hero && picture === 'slot' && (
        <div class="card-image card-image-blank" aria-hidden="true">
          <span>{kicker}</span>
        </div>
      )}
      <p class="kicker">{kicker}</p>
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

/**
 * A list of teasers. With pictures, every card keeps a picture's space once any story in
 * the list has a picture (a list of text-only stories stays text). A compact list (a
 * front-page rail) is one column: its first story has its picture and standfirst, the rest
 * are headlines.
 */
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
  const slots = withImages && cards.some((c) => c.hero !== null);
  const pictureOf = (i: number): CardPicture => (compact ? (withImages && i === 0 ? 'own' : 'none') : slots ? 'slot' : 'none');
  return (
    <ul class={compact ? 'card-list compact' : 'card-list'}>
      {cards.map((card, i) => (
        <li>
          <Card card={card} level={level} picture={pictureOf(i)} withStandfirst={!compact || i === 0} now={now} />
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
