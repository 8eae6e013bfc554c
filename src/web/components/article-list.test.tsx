import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import type { ArticleCard } from '../../domain/articles/index.js';
import { Card, CardList } from './article-list.js';

const card = (over: Partial<ArticleCard> = {}): ArticleCard => ({
  id: 'a1',
  path: '/army/troops-return',
  headline: 'Troops return from Estonia <early>',
  standfirst: 'The battlegroup is home "before Christmas" & on leave.',
  kicker: 'Army',
  sectionId: 's1',
  section: { name: 'Army', slug: 'army', path: '/army' },
  series: null,
  publishedAt: '2026-12-01T09:30:00.000Z',
  hero: null,
  credit: 'Jane Smith',
  ...over,
});

test('a card reused across renders reads the same as one rendered afresh, and its time follows the UK day', () => {
  const shared = card();
  const fresh = () => card();
  const todayMorning = '2026-12-01T15:00:00.000Z';
  const nextDay = '2026-12-02T00:30:00.000Z';
  const html = (c: ArticleCard, now: string) => renderToString(<CardList cards={[c]} withImages now={now} />);
  const first = html(shared, todayMorning);
  assert.match(first, /Today, 09:30/);
  assert.match(first, /Troops return from Estonia &lt;early>/);
  assert.equal(html(shared, todayMorning), first, 'reused');
  assert.equal(html(fresh(), todayMorning), first, 'the reused markup is what rendering afresh gives');
  // After midnight (UK) the same card object says its date.
  const later = html(shared, nextDay);
  assert.doesNotMatch(later, /Today/);
  assert.match(later, /1 December 2026/);
  assert.equal(later, html(fresh(), nextDay));
  // Each form of the same card is its own markup: a lead picture slot, a heading level, no standfirst.
  const pictured = card({ hero: { url: '/media/x.jpg', alt: 'Soldiers at the gate' } });
  const lead = renderToString(<Card card={pictured} picture="own" lead now={todayMorning} />);
  const plain = renderToString(<Card card={pictured} level="h2" withStandfirst={false} now={todayMorning} />);
  assert.match(lead, /<img class="card-image"/);
  assert.doesNotMatch(plain, /<img/);
  assert.match(plain, /<h2 class="card-headline">/);
  assert.doesNotMatch(plain, /card-standfirst/);
});
