import type { Kysely } from 'kysely';

/** The last TOTP time step accepted for an account: a code works once, even within its 30 seconds. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('totp_last_step', 'integer').execute();
}
