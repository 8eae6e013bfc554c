import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { aStaffMember, FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { despatchInTempDir } from './helpers/cli.js';
import { forEachDatabase } from './helpers/databases.js';

forEachDatabase('API keys', (database) => {
  test('a key is shown once and stored as its hash; it opens its own API until revoked', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key, apiKey } = await ctx.services.apiKeys.createKey(FACTORY, '  Mobile   app ');
    assert.match(key, /^dsp_[A-Za-z0-9_-]{43}$/, '256 random bits, with a prefix scanners can spot');
    assert.equal(apiKey.name, 'Mobile app');
    assert.equal(apiKey.hint, key.slice(-4));
    const rows = await ctx.handle.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.key_hash, createHash('sha256').update(key).digest('hex'));
    assert.ok(!JSON.stringify(rows).includes(key), 'the key itself is nowhere in the database');

    assert.equal((await ctx.services.apiKeys.authenticate(key, 'content'))?.id, apiKey.id);
    assert.equal(await ctx.services.apiKeys.authenticate(key, 'ghost'), null, 'a content key does not open the Ghost API');
    assert.equal(await ctx.services.apiKeys.authenticate(`${key.slice(0, -1)}x`, 'content'), null);

    const ghost = await ctx.services.apiKeys.createKey(FACTORY, 'Ghost theme', { ghost: true });
    assert.match(ghost.key, /^[0-9a-f]{26}$/, 'the shape Ghost’s client requires');
    assert.equal((await ctx.services.apiKeys.authenticate(ghost.key, 'ghost'))?.kind, 'ghost');

    const revoked = await ctx.services.apiKeys.revokeKey(FACTORY, apiKey.id);
    assert.ok(revoked.revokedAt);
    assert.equal(await ctx.services.apiKeys.authenticate(key, 'content'), null, 'revoked at once');
    const listed = await ctx.services.apiKeys.listKeys(FACTORY);
    // Both were made at the test's one moment: oldest first, then by name.
    assert.deepEqual(
      listed.map((k) => [k.name, k.kind, k.revokedAt !== null]),
      [
        ['Ghost theme', 'ghost', false],
        ['Mobile app', 'content', true],
      ],
    );
    const audit = await ctx.handle.db.selectFrom('audit_log').select(['action', 'summary']).where('action', 'like', 'api_key.%').execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['api_key.created', 'api_key.created', 'api_key.revoked']);
    assert.ok(
      audit.every((a) => !a.summary.includes(key) && !a.summary.includes(ghost.key)),
      'no key in the audit log',
    );
  });

  test('only admins manage keys; a key needs a name; an unknown key cannot be revoked', async (t) => {
    const ctx = await buildTestApp(t, { database });
    for (const role of ['contributor', 'editor'] as const) {
      const actor = await aStaffMember(ctx, role);
      await assert.rejects(ctx.services.apiKeys.createKey(actor, 'Sneaky'), { code: 'FORBIDDEN' });
      await assert.rejects(ctx.services.apiKeys.listKeys(actor), { code: 'FORBIDDEN' });
    }
    const admin = await aStaffMember(ctx, 'admin');
    await assert.rejects(ctx.services.apiKeys.createKey(admin, '   '), { code: 'VALIDATION_FAILED', message: /Give the key a name/ });
    await assert.rejects(ctx.services.apiKeys.revokeKey(admin, 'no-such-key'), { code: 'API_KEY_NOT_FOUND' });
    assert.equal((await ctx.services.apiKeys.createKey(admin, 'Partner site')).apiKey.name, 'Partner site');
    assert.equal((await ctx.handle.db.selectFrom('api_keys').select('key_id').execute()).length, 1, 'nothing half-made');
  });
});

test('despatch api-key create prints the key once (or {"name","key"} with --json); list shows only its last four characters', async (t) => {
  const despatch = await despatchInTempDir(t);
  const plain = await despatch('api-key', 'create', 'Mobile', 'app');
  assert.equal(plain.code, 0, plain.stderr);
  const key = /^(dsp_\S+)$/m.exec(plain.stdout)?.[1];
  assert.ok(key, plain.stdout);
  assert.match(plain.stdout, /Made the API key “Mobile app”/);
  assert.match(plain.stdout, /stored hashed and cannot be shown again/);

  const json = await despatch('api-key', 'create', 'Ghost theme', '--ghost', '--json');
  assert.equal(json.code, 0, json.stderr);
  const made = JSON.parse(json.stdout) as { name: string; key: string };
  assert.deepEqual(Object.keys(made), ['name', 'key']);
  assert.equal(made.name, 'Ghost theme');
  assert.match(made.key, /^[0-9a-f]{26}$/);

  const list = await despatch('api-key', 'list');
  assert.equal(list.code, 0);
  assert.match(list.stdout, new RegExp(`\\tMobile app\\tcontent\\t…${key.slice(-4)}\\t`));
  assert.ok(!list.stdout.includes(key) && !list.stdout.includes(made.key), 'no key is ever printed again');
  assert.ok(!plain.stderr.includes(key) && !json.stderr.includes(made.key), 'nor logged');

  const id = list.stdout.split('\n')[0]!.split('\t')[0]!;
  const revoke = await despatch('api-key', 'revoke', id);
  assert.equal(revoke.code, 0, revoke.stderr);
  assert.match(revoke.stdout, /Revoked the API key “Mobile app”/);
  assert.match((await despatch('api-key', 'list')).stdout, /\trevoked /);

  const missing = await despatch('api-key', 'create');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /api-key create needs a NAME/);
  assert.equal((await despatch('api-key', 'rotate')).code, 2);
  const unknown = await despatch('api-key', 'revoke', 'no-such-key');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No such API key\./);
});
