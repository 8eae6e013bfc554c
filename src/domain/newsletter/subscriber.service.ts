import { z } from 'zod';
import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import { newId } from '../../kernel/ids.js';
import { parseInput } from '../../kernel/validation.js';
import type { Outbox } from '../outbox/index.js';
import { upsertPendingSubscriber } from './subscriber.repository.js';

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
export function createSubscriberService(deps: { db: Executor; clock: Clock; outbox: Outbox }) {
  return {
    /** Records a pending sign-up (double opt-in: the confirmation email confirms it). */
    async subscribe(input: unknown): Promise<void> {
      const { email, sourcePath } = parseInput(subscribeSchema, input);
      const now = deps.clock.now().toISOString();
      await deps.outbox.transaction((tx) =>
        upsertPendingSubscriber(tx.db, {
          subscriber_id: newId(),
          email: email.toLowerCase(),
          status: 'pending',
          source_path: sourcePath ?? null,
          created_at: now,
          updated_at: now,
        }),
      );
    },
  };
}

export type SubscriberService = ReturnType<typeof createSubscriberService>;
