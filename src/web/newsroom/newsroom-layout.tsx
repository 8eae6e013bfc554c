import type { ComponentChildren } from 'preact';
import { can, type StaffActor } from '../../domain/access/index.js';

/** What every newsroom page needs besides its own content. */
export interface NewsroomChrome {
  outletName: string;
  /** The reader site's stylesheet, then the newsroom's: one design language. */
  stylesheets: string[];
  /** The signed-in member of staff; null on the sign-in and set-password pages. */
  actor: StaffActor | null;
  /** The session's CSRF token, for the sign-out form in the account menu. */
  csrfToken: string | null;
}

/** The newsroom's sections, each shown to those whose role opens it. */
const NAVIGATION = [
  { href: '/newsroom/articles', label: 'Articles', allowed: (a: StaffActor) => can(a, 'article.create') },
  { href: '/newsroom/media', label: 'Media', allowed: (a: StaffActor) => can(a, 'media.upload') },
  { href: '/newsroom/newsletters', label: 'Newsletters', allowed: (a: StaffActor) => can(a, 'newsletter.compose') },
  { href: '/newsroom/sections', label: 'Sections & topics', allowed: (a: StaffActor) => can(a, 'taxonomy.manage') },
  { href: '/newsroom/staff', label: 'Staff', allowed: (a: StaffActor) => can(a, 'staff.manage') },
  { href: '/newsroom/settings', label: 'Settings', allowed: (a: StaffActor) => can(a, 'settings.manage') },
  { href: '/newsroom/integrations', label: 'Integrations', allowed: (a: StaffActor) => can(a, 'api.manage') },
  { href: '/newsroom/subscribers', label: 'Subscribers', allowed: (a: StaffActor) => can(a, 'subscribers.manage') },
  { href: '/newsroom/audit', label: 'Audit', allowed: (a: StaffActor) => can(a, 'audit.view') },
  { href: '/newsroom/outbox', label: 'Outbox', allowed: (a: StaffActor) => can(a, 'staff.manage') },
];

/** The newsroom's page frame: masthead with navigation and account menu, main content. */
export function NewsroomLayout(props: { chrome: NewsroomChrome; title: string; current?: string; children: ComponentChildren }) {
  const { chrome, title, current, children } = props;
  const actor = chrome.actor;
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{`${title} | Newsroom | ${chrome.outletName}`}</title>
        {chrome.stylesheets.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body class="newsroom">
        <a class="skip-link" href="#content">
          Skip to content
        </a>
        <header class="nr-masthead">
          <div class="wrap nr-masthead-inner">
            <a class="nr-brand" href="/newsroom">
              {chrome.outletName} <span>Newsroom</span>
            </a>
            {actor && (
              <details class="nr-account">
                <summary>
                  {actor.name} <span class="nr-role">{actor.role}</span>
                </summary>
                <ul>
                  <li>
                    <a href="/newsroom/account">Your account</a>
                  </li>
                  <li>
                    <form method="post" action="/newsroom/logout">
                      <input type="hidden" name="_csrf" value={chrome.csrfToken ?? ''} />
                      <button type="submit" class="link-button">
                        Sign out
                      </button>
                    </form>
                  </li>
                </ul>
              </details>
            )}
          </div>
          {actor && (
            <nav class="nr-nav" aria-label="Newsroom">
              <ul class="wrap">
                <li>
                  <a href="/newsroom" aria-current={current === '/newsroom' ? 'page' : undefined}>
                    Overview
                  </a>
                </li>
                {NAVIGATION.filter((n) => n.allowed(actor)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={current === n.href ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </header>
        <main id="content" class="wrap nr-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="nr-footer">
          <div class="wrap">
            <a href="/">View the site</a>
          </div>
        </footer>
      </body>
    </html>
  );
}
