import type { Executor } from '../../db/schema.js';
import type { SubscribersTable } from './subscribers.table.js';

/**
 * Records a pending sign-up. A known address is left as it is, except that an unsubscribed
 * one becomes pending again (it asked to hear from us once more).
 */
export async function upsertPendingSubscriber(ex: Executor, row: SubscribersTable): Promise<void> {
  await ex
    .insertInto('subscribers')
    .values(row)
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({ status: 'pending', updated_at: row.updated_at }).where('subscribers.status', '=', 'unsubscribed'),
    )
    .execute();
}
