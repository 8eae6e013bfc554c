/**
 * Where a reader can pass the article on: plain links to each network's own share page, so
 * no third-party script, button or tracker loads with the page.
 */
export function ShareLinks({ url, title }: { url: string; title: string }) {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  const links: Array<[string, string]> = [
    ['X', `https://x.com/intent/post?url=${u}&text=${t}`],
    ['Facebook', `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ['LinkedIn', `https://www.linkedin.com/sharing/share-offsite/?url=${u}`],
    ['WhatsApp', `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`],
    ['Email', `mailto:?subject=${t}&body=${u}`],
  ];
  return (
    <nav class="share-links" aria-label="Share this article">
      <h2 class="share-heading">Share</h2>
      <ul>
        {links.map(([name, href]) => (
          <li>
            <a href={href} rel="noopener noreferrer">
              {name}
              <span class="visually-hidden"> (share this article)</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
