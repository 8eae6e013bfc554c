import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import type { Role, StaffActor } from '../access/index.js';
import { FACTORY, aStaffMember, eventsOf } from '../../../test/factories.js';
import { TEST_NOW } from '../../../test/helpers/app.js';
import { testClock } from '../../../test/helpers/clock.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.parse(TEST_NOW) + minutes * MINUTE).toISOString();
const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

forEachDatabase('scheduling and embargo', (database) => {
  const clock = testClock(TEST_NOW);
  const ctx = useServices(database, { clock });
  let n = 0;

  const staffMember = (role: Role): Promise<StaffActor> => aStaffMember(ctx, role);
  const draft = (actor: StaffActor | typeof FACTORY, extra: { embargoUntil?: string } = {}) =>
    ctx.services.articles.createArticle(actor, {
      section: 'Army',
      headline: `Exercise Iron Resolve ends on Salisbury Plain ${++n}`,
      standfirst: 'Ten thousand troops took part.',
      bodyMarkdown: 'The exercise ended on Friday.',
      ...extra,
    });
  const row = (id: string) =>
    ctx.handle.db
      .selectFrom('articles')
      .select(['status', 'stage', 'scheduled_for', 'published_at'])
      .where('article_id', '=', id)
      .executeTakeFirstOrThrow();
  test('a scheduled article publishes when its time comes, once, with one event', async (t) => {
    t.after(() => clock.set(TEST_NOW));
    const editor = await staffMember('editor');
    const ref = await draft(editor);
    await ctx.services.articles.scheduleArticle(editor, ref.id, at(1));
    assert.deepEqual(await row(ref.id), { status: 'draft', stage: 'scheduled', scheduled_for: at(1), published_at: null });

    assert.deepEqual(await eventsOf(ctx, () => ctx.runner.runDue()), [], 'nothing is due yet');
    assert.equal((await row(ref.id)).status, 'draft');

    clock.advance(MINUTE);
    const events = await eventsOf(ctx, async () => {
      assert.equal(await ctx.runner.runDue(), 1);
      assert.equal(await ctx.runner.runDue(), 0, 'the job is done, not run again');
    });
    assert.deepEqual(events, [{ type: 'article.published', articleId: ref.id }]);
    assert.deepEqual(await row(ref.id), { status: 'published', stage: 'writing', scheduled_for: null, published_at: at(1) });
    // Running the publication again (a lapsed lease, say) changes nothing.
    assert.equal(await ctx.services.articles.publishDue(ref.id), false);
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'article', subjectId: ref.id });
    assert.equal(log.entries[0]?.action, 'article.published');
    assert.match(log.entries[0]?.actor ?? '', /scheduler/);
  });

  test('a publication due while the process was down runs at the next start', async (t) => {
    t.after(() => clock.set(TEST_NOW));
    const ref = await draft(FACTORY);
    await ctx.services.articles.scheduleArticle(FACTORY, ref.id, at(5));
    clock.advance(60 * MINUTE); // nothing ran during that hour
    await ctx.runner.runDue();
    assert.equal((await row(ref.id)).status, 'published');
  });

  test('scheduling again moves the time; unscheduling or publishing by hand leaves the job nothing to do', async (t) => {
    t.after(() => clock.set(TEST_NOW));
    const moved = await draft(FACTORY);
    await ctx.services.articles.scheduleArticle(FACTORY, moved.id, at(2));
    await ctx.services.articles.scheduleArticle(FACTORY, moved.id, at(30));
    const off = await draft(FACTORY);
    await ctx.services.articles.scheduleArticle(FACTORY, off.id, at(2));
    await ctx.services.articles.unscheduleArticle(FACTORY, off.id);
    assert.equal((await row(off.id)).stage, 'in_review');
    const byHand = await draft(FACTORY);
    await ctx.services.articles.scheduleArticle(FACTORY, byHand.id, at(2));
    const events = await eventsOf(ctx, () => ctx.services.articles.publishArticle(FACTORY, byHand.id));
    assert.equal(events.length, 1);

    clock.advance(2 * MINUTE);
    assert.deepEqual(await eventsOf(ctx, () => ctx.runner.runDue()), [], 'no job left that publishes anything');
    assert.equal((await row(moved.id)).status, 'draft');
    assert.equal((await row(off.id)).status, 'draft');
    clock.advance(28 * MINUTE);
    await ctx.runner.runDue();
    assert.equal((await row(moved.id)).status, 'published');
    await assert.rejects(ctx.services.articles.unscheduleArticle(FACTORY, moved.id), code('NOT_SCHEDULED'));
    await assert.rejects(ctx.services.articles.scheduleArticle(FACTORY, moved.id, at(60)), code('NOT_SCHEDULABLE'));
  });

  test('a time in the past or not a time at all is refused', async () => {
    const ref = await draft(FACTORY);
    await assert.rejects(ctx.services.articles.scheduleArticle(FACTORY, ref.id, at(-1)), code('SCHEDULE_IN_PAST'));
    await assert.rejects(ctx.services.articles.scheduleArticle(FACTORY, ref.id, 'tomorrow at noon'), code('VALIDATION_FAILED'));
    assert.equal((await row(ref.id)).stage, 'writing');
  });

  test('who may schedule: editors and admins, not contributors', async () => {
    const contributor = await staffMember('contributor');
    const ref = await draft(contributor);
    await assert.rejects(ctx.services.articles.scheduleArticle(contributor, ref.id, at(10)), code('FORBIDDEN'));
    for (const role of ['editor', 'admin'] as const) {
      const actor = await staffMember(role);
      await ctx.services.articles.scheduleArticle(actor, ref.id, at(10));
      await ctx.services.articles.unscheduleArticle(actor, ref.id);
    }
    await assert.rejects(ctx.services.articles.unscheduleArticle(contributor, ref.id), code('FORBIDDEN'));
  });

  test('an embargo blocks publication before its time: publishing now, creating as published, scheduling early', async () => {
    const ref = await draft(FACTORY, { embargoUntil: at(60) });
    await assert.rejects(
      ctx.services.articles.publishArticle(FACTORY, ref.id),
      (e) =>
        isAppError(e) && e.code === 'EMBARGOED' && e.status === 409 && /under embargo until 27 November 2026, 13:00 GMT/.test(e.message),
    );
    await assert.rejects(ctx.services.articles.scheduleArticle(FACTORY, ref.id, at(30)), code('EMBARGOED'));
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, {
        section: 'Army',
        headline: 'Embargoed from birth',
        standfirst: '',
        bodyMarkdown: 'x',
        status: 'published',
        embargoUntil: at(60),
      }),
      code('EMBARGOED'),
    );
    assert.equal((await row(ref.id)).status, 'draft');
    // At the embargo itself it may publish.
    await ctx.services.articles.scheduleArticle(FACTORY, ref.id, at(60));
    // Moving the embargo past the scheduled time is refused: the schedule would break it.
    const edit = await ctx.services.articles.getForEdit(ref.id);
    await assert.rejects(ctx.services.articles.updateArticle(FACTORY, ref.id, { ...edit, embargoUntil: at(90) }), code('EMBARGOED'));
  });

  test('the job refuses too: an embargo set behind the schedule’s back still holds', async (t) => {
    t.after(() => clock.set(TEST_NOW));
    const ref = await draft(FACTORY);
    await ctx.services.articles.scheduleArticle(FACTORY, ref.id, at(1));
    // Written past the service (an old process, a hand edit): the job must check for itself.
    await ctx.handle.db
      .updateTable('articles')
      .set({ embargo_until: at(120) })
      .where('article_id', '=', ref.id)
      .execute();
    clock.advance(2 * MINUTE);
    await ctx.runner.runDue();
    assert.equal((await row(ref.id)).status, 'draft');
    const job = await ctx.handle.db
      .selectFrom('jobs')
      .select(['status', 'last_error'])
      .where('dedupe_key', '=', `publish:${ref.id}`)
      .executeTakeFirstOrThrow();
    assert.equal(job.status, 'pending', 'tried again later');
    assert.match(job.last_error ?? '', /under embargo/);
  });
});
