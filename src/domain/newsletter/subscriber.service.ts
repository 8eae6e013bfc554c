import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import type { Database } from '../../db/schema.js';

export const subscribeSchema = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .pipe(z.email('Enter an email address in the form name@example.com.')),
  sourcePath: z
    .string()
    .max(500)
    .regex(/^\/(?!\/)/)
    .nullish(),
});

/** Newsletter sign-ups. The answer never reveals whether an address was already known. */
export function createSubscriberService(deps: { db: Kysely<Database>; clock: Clock }) {
  return {
    /**
     * Records a pending sign-up (double opt-in: the confirmation email confirms it).
     * A known address is left as it is, except that an unsubscribed one becomes pending again.
     */
    async subscribe(input: unknown): Promise<void> {
      const { email, sourcePath } = parseInput(subscribeSchema, input);
      const now = deps.clock.now().toISOString();
      const key = email.toLowerCase();
      await deps.db
        .insertInto('subscribers')
        .values({
          subscriber_id: newId(),
          email: key,
          status: 'pending',
          source_path: sourcePath ?? null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('email').doUpdateSet({ status: 'pending', updated_at: now }).where('subscribers.status', '=', 'unsubscribed'),
        )
        .execute();
    },
  };
}

export type SubscriberService = ReturnType<typeof createSubscriberService>;
