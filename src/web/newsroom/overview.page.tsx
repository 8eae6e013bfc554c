import { can } from '../../domain/access/index.js';
import { NewsroomLayout, type NewsroomChrome } from './newsroom-layout.js';

const ROLE_SUMMARY = {
  contributor: 'You can write articles and submit your drafts for review.',
  editor: 'You can edit, review, schedule, publish and correct any article, and manage sections, topics, series and authors.',
  admin: 'You can do everything an editor can, and manage staff accounts and the site settings.',
} as const;

/** The newsroom's front page: who you are and where to go. */
export function OverviewPage({ chrome }: { chrome: NewsroomChrome }) {
  const actor = chrome.actor!;
  const places = [
    {
      href: '/newsroom/articles',
      label: 'Articles',
      text: can(actor, 'article.review')
        ? 'Write, review, schedule, publish and correct.'
        : 'Write your drafts and submit them for review.',
      allowed: can(actor, 'article.create'),
    },
    {
      href: '/newsroom/sections',
      label: 'Sections, topics, series and authors',
      text: 'Describe and order them, merge topics, give authors a profile.',
      allowed: can(actor, 'taxonomy.manage'),
    },
    {
      href: '/newsroom/staff',
      label: 'Staff',
      text: 'Invite people, change roles, disable accounts.',
      allowed: can(actor, 'staff.manage'),
    },
    {
      href: '/newsroom/settings',
      label: 'Settings',
      text: 'The outlet’s name, “Watch Us On” channels and footer links.',
      allowed: can(actor, 'settings.manage'),
    },
    { href: '/newsroom/audit', label: 'Audit log', text: 'Who did what, and when.', allowed: can(actor, 'audit.view') },
    { href: '/newsroom/account', label: 'Your account', text: 'Change your password, sign out everywhere.', allowed: true },
  ].filter((p) => p.allowed);
  return (
    <NewsroomLayout chrome={chrome} title="Overview" current="/newsroom">
      <h1>Good to see you, {actor.name}</h1>
      <p class="lede">
        You are signed in as {actor.role === 'admin' || actor.role === 'editor' ? 'an' : 'a'} {actor.role}. {ROLE_SUMMARY[actor.role]}
      </p>
      <ul class="nr-cards">
        {places.map((p) => (
          <li>
            <h2>
              <a href={p.href}>{p.label}</a>
            </h2>
            <p>{p.text}</p>
          </li>
        ))}
      </ul>
    </NewsroomLayout>
  );
}
