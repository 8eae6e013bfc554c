import type { Channel } from '../../domain/site/index.js';

/** Where to watch the outlet's programmes. */
export function WatchUsOn({ channels }: { channels: Channel[] }) {
  if (channels.length === 0) return null;
  return (
    <section class="watch-us-on" aria-labelledby="watch-heading">
      <h2 id="watch-heading">Watch Us On</h2>
      <ul class="channel-list">
        {channels.map((c) => (
          <li>
            <a href={c.url} rel={c.url.startsWith('/') ? undefined : 'noopener'}>
              {c.name}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
