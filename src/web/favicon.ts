/** The site's icon: the masthead's navy, a white frame, the accent's red bar. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#14213d"/><rect x="6" y="6" width="20" height="20" fill="none" stroke="#fff" stroke-width="3"/><rect x="6" y="14.5" width="20" height="3" fill="#a3151b"/></svg>';

/**
 * The icon inside the page that names it: a reader's browser makes no request for it (on a
 * 20 KB page, a request's headers alone are 5%). `/assets/favicon.svg` serves the same
 * drawing for `/favicon.ico` and the newsroom.
 */
export const FAVICON_DATA_URI = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;
