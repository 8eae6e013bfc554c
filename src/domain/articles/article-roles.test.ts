import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import type { Actor, Role, StaffActor } from '../access/index.js';
import { FACTORY, aStaffMember } from '../../../test/factories.js';
import { TEST_NOW } from '../../../test/helpers/app.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices, type ServiceContext } from '../../../test/helpers/services.js';

/**
 * The workflow's table of who may do what, run action by action for each role: every row is
 * arranged afresh (an article in the state the action needs, owned by the actor or by someone
 * else), then the action is tried. An allowed action must succeed and be audited; a refused
 * one must fail with FORBIDDEN and change nothing.
 */

type Arrange = { mine: boolean; state: 'writing' | 'in_review' | 'scheduled' | 'published' | 'unpublished' };
type Row = { action: string; arrange: Arrange; run: (ctx: ServiceContext, actor: Actor, id: string) => Promise<unknown>; allowed: Role[] };

const LATER = new Date(Date.parse(TEST_NOW) + 3600_000).toISOString();
const ALL: Role[] = ['contributor', 'editor', 'admin'];
const EDITORS: Role[] = ['editor', 'admin'];
const edit = async (ctx: ServiceContext, actor: Actor, id: string) => {
  const input = await ctx.services.articles.getForEdit(id);
  return ctx.services.articles.updateArticle(actor, id, { ...input, bodyMarkdown: `${input.bodyMarkdown} More.` });
};

const ROWS: Row[] = [
  {
    action: 'create a draft',
    arrange: { mine: true, state: 'writing' },
    run: (ctx, a) => ctx.services.articles.createArticle(a, { section: 'Army', headline: 'New draft', standfirst: '', bodyMarkdown: 'x' }),
    allowed: ALL,
  },
  { action: 'edit a draft they created', arrange: { mine: true, state: 'writing' }, run: edit, allowed: ALL },
  { action: "edit someone else's draft", arrange: { mine: false, state: 'writing' }, run: edit, allowed: EDITORS },
  {
    action: 'submit their draft',
    arrange: { mine: true, state: 'writing' },
    run: (c, a, id) => c.services.articles.submitForReview(a, id),
    allowed: ALL,
  },
  {
    action: "submit someone else's draft",
    arrange: { mine: false, state: 'writing' },
    run: (c, a, id) => c.services.articles.submitForReview(a, id),
    allowed: EDITORS,
  },
  {
    action: 'withdraw their submission',
    arrange: { mine: true, state: 'in_review' },
    run: (c, a, id) => c.services.articles.withdrawSubmission(a, id),
    allowed: ALL,
  },
  { action: 'edit a draft in review', arrange: { mine: true, state: 'in_review' }, run: edit, allowed: EDITORS },
  {
    action: 'send back with a note',
    arrange: { mine: false, state: 'in_review' },
    run: (c, a, id) => c.services.articles.sendBack(a, id, 'Tighten the intro.'),
    allowed: EDITORS,
  },
  {
    action: 'schedule from review',
    arrange: { mine: false, state: 'in_review' },
    run: (c, a, id) => c.services.articles.scheduleArticle(a, id, LATER),
    allowed: EDITORS,
  },
  {
    action: 'schedule straight from a draft',
    arrange: { mine: true, state: 'writing' },
    run: (c, a, id) => c.services.articles.scheduleArticle(a, id, LATER),
    allowed: EDITORS,
  },
  {
    action: 'unschedule',
    arrange: { mine: false, state: 'scheduled' },
    run: (c, a, id) => c.services.articles.unscheduleArticle(a, id),
    allowed: EDITORS,
  },
  {
    action: 'publish from review',
    arrange: { mine: false, state: 'in_review' },
    run: (c, a, id) => c.services.articles.publishArticle(a, id),
    allowed: EDITORS,
  },
  {
    action: 'publish straight from a draft',
    arrange: { mine: true, state: 'writing' },
    run: (c, a, id) => c.services.articles.publishArticle(a, id),
    allowed: EDITORS,
  },
  { action: 'edit a published article they wrote', arrange: { mine: true, state: 'published' }, run: edit, allowed: EDITORS },
  {
    action: 'unpublish',
    arrange: { mine: false, state: 'published' },
    run: (c, a, id) => c.services.articles.unpublishArticle(a, id),
    allowed: EDITORS,
  },
  {
    action: 'take a withdrawn article back to a draft',
    arrange: { mine: false, state: 'unpublished' },
    run: (c, a, id) => c.services.articles.returnToDraft(a, id),
    allowed: EDITORS,
  },
  {
    action: 'correct',
    arrange: { mine: true, state: 'published' },
    run: (c, a, id) => c.services.articles.addNote(a, id, { kind: 'correction', body: 'Fixed a date.' }),
    allowed: EDITORS,
  },
  {
    action: 'delete a draft',
    arrange: { mine: true, state: 'writing' },
    run: (c, a, id) => c.services.articles.deleteDraft(a, id),
    allowed: EDITORS,
  },
];

forEachDatabase('the workflow, role by role', (database) => {
  const ctx = useServices(database);
  let n = 0;
  const member = (role: Role): Promise<StaffActor> => aStaffMember(ctx, role);

  /** An article in `state`, created by `owner`, moved there by the system. */
  async function arrange(owner: StaffActor, state: Arrange['state']): Promise<string> {
    const a = ctx.services.articles;
    const { id } = await a.createArticle(owner, { section: 'Army', headline: `Roles story ${++n}`, standfirst: '', bodyMarkdown: 'Text.' });
    if (state === 'in_review' || state === 'scheduled') await a.submitForReview(FACTORY, id);
    if (state === 'scheduled') await a.scheduleArticle(FACTORY, id, LATER);
    if (state === 'published' || state === 'unpublished') await a.publishArticle(FACTORY, id);
    if (state === 'unpublished') await a.unpublishArticle(FACTORY, id);
    return id;
  }

  for (const role of ['contributor', 'editor', 'admin'] as const)
    test(`a ${role}`, async () => {
      const actor = await member(role);
      const someoneElse = await member('contributor');
      const outcomes: string[] = [];
      for (const row of ROWS) {
        const id = await arrange(row.arrange.mine ? actor : someoneElse, row.arrange.state);
        // The actor's own entries, newest first: what this action added, if anything.
        const latest = async () => (await ctx.services.audit.list(FACTORY, { actorId: actor.id })).entries[0]?.id;
        const before = await latest();
        const versionBefore = (await ctx.services.articles.getForEdit(id)).baseVersion;
        const result = await row.run(ctx, actor, id).then(
          () => 'allowed',
          (e: unknown) => (isAppError(e) && e.code === 'FORBIDDEN' ? 'refused' : `failed: ${(e as Error).message}`),
        );
        outcomes.push(`${row.action}: ${result}`);
        const after = await latest();
        if (result === 'allowed') assert.notEqual(after, before, `${role} may ${row.action}, and it is audited`);
        if (result === 'refused') {
          assert.equal(after, before, `a refused ${row.action} records nothing`);
          assert.equal((await ctx.services.articles.getForEdit(id)).baseVersion, versionBefore, `a refused ${row.action} changes nothing`);
        }
      }
      assert.deepEqual(
        outcomes,
        ROWS.map((r) => `${r.action}: ${r.allowed.includes(role) ? 'allowed' : 'refused'}`),
      );
    });
});
