import { z } from 'zod';
import { ROLES, type Role } from '../access/index.js';

export const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .min(1, 'Enter an email address.')
  .max(254, 'That email address is too long.')
  .pipe(z.email('Enter an email address in the form name@example.com.'));

export const roleSchema = z.enum(ROLES as [Role, ...Role[]], { error: 'Choose contributor, editor or admin.' });

/** A new account, from the command line or the newsroom's invite form. */
export const newStaffSchema = z.object({
  email: emailSchema,
  name: z
    .string({ error: 'Enter a name.' })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'Enter a name.').max(120, 'A name may be at most 120 characters.')),
  role: roleSchema,
});

export type NewStaffInput = z.input<typeof newStaffSchema>;

/** The key an address is found by: addresses differ only in case are one account. */
export const emailKey = (email: string): string => email.trim().toLowerCase();
