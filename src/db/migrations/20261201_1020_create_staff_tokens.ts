import type { Kysely } from 'kysely';

/** One-time links (set a password, reset it, finish a two-factor sign-in) and recovery codes, stored hashed. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.user_id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('staff_tokens_user_idx').on('staff_tokens').columns(['user_id', 'purpose']).execute();
  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.user_id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('staff_recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
}
