import type { ComponentChildren } from 'preact';
import type { Site } from '../../domain/site/index.js';
import type { NamedLink } from '../../domain/articles/index.js';
import type { LibraryPicture } from '../../domain/media/index.js';
import { FAVICON_DATA_URI } from '../favicon.js';
import { JsonLd } from './html.js';
import { FEED_FORMATS, feedPath, type FeedFormat } from '../feeds/feed-formats.js';
import { PictureElement } from './picture.js';
import { renderedOnce } from './rendered-once.js';

/** What a page says about itself in `<head>`. */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute canonical URL; none for error pages, which have no address of their own. */
  canonical?: string;
  ogType?: 'website' | 'article' | 'profile';
  /** The link-preview picture; its size and type when known, so previews need not fetch it to lay out. */
  image?: { url: string; alt: string; width?: number; height?: number; type?: string } | null;
  prev?: string | null;
  next?: string | null;
  /**
   * Structured data, each item a JSON-LD block; or, for a page whose data is a read model's
   * (`of`, in the form `variant` names), made and serialised once (`renderedOnce`).
   */
  jsonLd?: unknown[] | { of: object; variant: string; data: () => unknown[] };
  /** Extra Open Graph properties (article:published_time …). */
  og?: Array<[string, string]>;
  noindex?: boolean;
  /** A listing's own feeds (its title and the listing's path), announced beside the site's. */
  feed?: { title: string; path: string };
  /** The page's lead picture, fetched while the head is read (its largest paint), in the format most browsers take. */
  preloadImage?: { srcset: string; sizes: string; type: string } | null;
}

/** What every reader page's frame shows: the outlet, its sections, the stylesheet, and when it is rendered. */
export interface PageChrome {
  site: Site;
  /** The outlet's logo from the media library; the name is set in type when there is none. */
  logo: LibraryPicture | null;
  sections: NamedLink[];
  stylesheet: string;
  /** The headline font's URL: preloaded, so headlines rarely show in the fallback first. */
  headlineFont: string;
  /** When the page is rendered (the app's clock), for the copyright year. */
  now: string;
}

export interface LayoutProps {
  chrome: PageChrome;
  meta: PageMeta;
  /** The section the page belongs to, marked in the navigation. */
  currentSection?: string;
  children: ComponentChildren;
}

/** The page frame: head, masthead with section navigation, main content, footer. */
export function Layout({ chrome, meta, currentSection, children }: LayoutProps) {
  const { site, stylesheet, headlineFont, now } = chrome;
  const isHome = currentSection === undefined && meta.ogType === 'website' && meta.canonical?.endsWith('/') === true;
  const fullTitle = meta.title === site.outletName ? site.outletName : `${meta.title} | ${site.outletName}`;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={meta.description} />
        {meta.canonical && <link rel="canonical" href={meta.canonical} />}
        {meta.prev && <link rel="prev" href={meta.prev} />}
        {/* Feed autodiscovery: the site's feeds, then the listing's own. */}
        {[{ title: site.outletName, path: '/' }, ...(meta.feed ? [meta.feed] : [])].flatMap((f) =>
          (Object.keys(FEED_FORMATS) as FeedFormat[]).map((format) => (
            <link
              rel="alternate"
              type={FEED_FORMATS[format].type.split(';')[0]}
              title={`${f.title} (${FEED_FORMATS[format].label})`}
              href={feedPath(f.path, format)}
            />
          )),
        )}
        {meta.next && <link rel="next" href={meta.next} />}
        {meta.noindex && <meta name="robots" content="noindex" />}
        {meta.preloadImage && (
          <link
            rel="preload"
            as="image"
            type={meta.preloadImage.type}
            imageSrcSet={meta.preloadImage.srcset}
            // Preact's types know imagesrcset but not its partner imagesizes.
            {...{ imagesizes: meta.preloadImage.sizes }}
            fetchPriority="high"
          />
        )}
        <link rel="preload" href={headlineFont} as="font" type="font/woff2" crossorigin="anonymous" />
        <link rel="stylesheet" href={stylesheet} />
        <link rel="icon" href={FAVICON_DATA_URI} type="image/svg+xml" />
        <meta property="og:site_name" content={site.outletName} />
        <meta property="og:type" content={meta.ogType ?? 'website'} />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        {meta.canonical && <meta property="og:url" content={meta.canonical} />}
        <meta property="og:locale" content="en_GB" />
        {meta.image && <meta property="og:image" content={meta.image.url} />}
        {meta.image?.type && <meta property="og:image:type" content={meta.image.type} />}
        {meta.image?.width && <meta property="og:image:width" content={String(meta.image.width)} />}
        {meta.image?.height && <meta property="og:image:height" content={String(meta.image.height)} />}
        {meta.image && <meta property="og:image:alt" content={meta.image.alt} />}
        {(meta.og ?? []).map(([property, content]) => (
          <meta property={property} content={content} />
        ))}
        <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={meta.title} />
        <meta name="twitter:description" content={meta.description} />
        {meta.image && <meta name="twitter:image" content={meta.image.url} />}
        {meta.image && <meta name="twitter:image:alt" content={meta.image.alt} />}
        {Array.isArray(meta.jsonLd) ? <JsonLdBlocks data={meta.jsonLd} /> : meta.jsonLd && structuredDataOnce(meta.jsonLd)}
      </head>
      <body>
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        {renderedOnce(site, mastheadVariant(chrome, currentSection, isHome), () => (
          <Masthead chrome={chrome} currentSection={currentSection} isHome={isHome} />
        ))}
        <main id="content" class="wrap" tabIndex={-1}>
          {children}
        </main>
        {renderedOnce(site, `footer ${now.slice(0, 4)}`, () => (
          <Footer site={site} year={now.slice(0, 4)} />
        ))}
      </body>
    </html>
  );
}

/** Logos are drawn 2.5rem (40 px) high; the browser picks the width that needs at its density. */
const LOGO_HEIGHT = 40;

/** The outlet's logo, its name as the alt text (the link says where it goes: home). */
function Logo({ picture, name }: { picture: NonNullable<LibraryPicture['full']>; name: string }) {
  const width = Math.ceil((LOGO_HEIGHT * picture.width) / picture.height);
  return <PictureElement picture={picture} alt={name} sizes={`${width}px`} eager />;
}

/**
 * What a masthead shows besides the site's settings, as a key: the marked section, the logo and
 * the sections (slug and name). With the settings object (shared, and replaced when they change)
 * it names one rendering of the masthead.
 */
function mastheadVariant({ logo, sections }: PageChrome, currentSection: string | undefined, isHome: boolean): string {
  const logoKey = logo?.full ? `${logo.alt} ${logo.full.variants.map((v) => v.url).join(',')}` : '';
  return `masthead ${isHome ? '#home' : (currentSection ?? '')} ${logoKey} ${sections.map((s) => `${s.slug}=${s.name}`).join('|')}`;
}

/** The outlet's name or logo, its tagline, search, and the section navigation (the current one marked). */
function Masthead({ chrome, currentSection, isHome }: { chrome: PageChrome; currentSection: string | undefined; isHome: boolean }) {
  const { site, logo, sections } = chrome;
  return (
    <header class="masthead">
      <div class="wrap masthead-inner">
        <a class={logo?.full ? 'brand brand-logo' : 'brand'} href="/">
          {logo?.full ? <Logo picture={logo.full} name={site.outletName} /> : site.outletName}
        </a>
        {site.tagline && <p class="tagline">{site.tagline}</p>}
        <form class="masthead-search" role="search" action="/search" method="get">
          <label for="masthead-q" class="visually-hidden">
            Search stories
          </label>
          <input id="masthead-q" type="search" name="q" maxLength={200} placeholder="Search" autoComplete="off" />
          <button type="submit">Search</button>
        </form>
        <a class="masthead-newsletter" href="/newsletter">
          Newsletter
        </a>
      </div>
      <nav class="sections-nav" aria-label="Sections">
        <ul class="wrap">
          <li>
            <a href="/" aria-current={isHome ? 'page' : undefined}>
              Home
            </a>
          </li>
          {sections.map((s) => (
            <li>
              <a href={s.path} aria-current={currentSection === s.slug ? 'page' : undefined}>
                {s.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** The outlet's footer links, its own pages and the copyright line. */
function Footer({ site, year }: { site: Site; year: string }) {
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p class="brand-small">{site.outletName}</p>
        {site.footerLinks.length > 0 && (
          <nav aria-label="Footer">
            <ul class="footer-links">
              {site.footerLinks.map((l) => (
                <li>
                  <a href={l.url}>{l.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <nav aria-label="About the outlet">
          <ul class="footer-links footer-pages">
            {site.pages.map((p) => (
              <li>
                <a href={p.path}>{p.title}</a>
              </li>
            ))}
            <li>
              <a href="/corrections">Corrections</a>
            </li>
          </ul>
        </nav>
        <p class="small">
          © {year} {site.outletName}. Published with Despatch.
        </p>
      </div>
    </footer>
  );
}

function JsonLdBlocks({ data }: { data: unknown[] }) {
  return (
    <>
      {data.map((item) => (
        <JsonLd data={item} />
      ))}
    </>
  );
}

function structuredDataOnce({ of, variant, data }: { of: object; variant: string; data: () => unknown[] }) {
  return renderedOnce(of, `json-ld ${variant}`, () => <JsonLdBlocks data={data()} />);
}
