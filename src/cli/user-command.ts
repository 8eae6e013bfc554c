import { parseArgs } from 'node:util';
import { systemActor, type Actor, type Role } from '../domain/access/index.js';
import type { Services } from '../services.js';
import type { LinkDelivery } from '../domain/staff/index.js';
import { UsageError, type CommandIo } from './io.js';

export const USER_USAGE = `  user create --email E --name N --role R [--password-stdin]
                          make a staff account (contributor, editor or admin); without
                          --password-stdin, print a set-password link valid for 24 hours
  user list               list staff accounts
  user role EMAIL ROLE    change an account's role
  user disable EMAIL      stop an account signing in and end its sessions
  user enable EMAIL       let a disabled account sign in again
  user invite EMAIL       print a new set-password link (24 hours)
  user reset EMAIL        print a password reset link (1 hour)
     --as EMAIL           act as that staff member (checked by their role) instead of the system`;

/** `despatch user …`: staff accounts, as the system (recorded as "command line") or `--as` a member of staff. */
export async function userCommand(services: Services, args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      as: { type: 'string' },
    },
  });
  const [action, ...rest] = positionals;
  const actor: Actor = values.as ? await services.staff.actAs(values.as) : systemActor('command line');
  const staff = services.staff;
  const byEmail = async (email: string | undefined) => {
    if (!email) throw new UsageError(`user ${action} needs an EMAIL.`);
    return staff.findUserByEmail(actor, email);
  };

  switch (action) {
    case 'create': {
      if (!values.email || !values.name || !values.role) throw new UsageError('user create needs --email, --name and --role.');
      const password = values['password-stdin'] ? (await io.readInput()).replace(/\r?\n$/, '') : undefined;
      const { user, link, delivery } = await staff.createUser(actor, {
        email: values.email,
        name: values.name,
        role: values.role as Role,
        password,
      });
      io.out.write(`Created ${user.role} account for ${user.name} <${user.email}>.\n`);
      if (delivery) io.out.write(deliveryLine(user.email, delivery));
      if (link) io.out.write(`They set their password at:\n${link}\n(valid for 24 hours, once)\n`);
      return 0;
    }
    case 'list': {
      const users = await staff.listUsers(actor);
      for (const u of users)
        io.out.write(
          [u.email, u.name, u.role, u.status, u.hasPassword ? 'password set' : 'no password yet', u.twoFactor ? '2FA' : '']
            .filter(Boolean)
            .join('\t') + '\n',
        );
      if (users.length === 0) io.out.write('No staff accounts yet. Make the first admin with: despatch user create --role admin …\n');
      return 0;
    }
    case 'role': {
      const [email, role] = rest;
      if (!role) throw new UsageError('user role needs an EMAIL and a ROLE.');
      const user = await staff.changeRole(actor, (await byEmail(email)).id, role as Role);
      io.out.write(`${user.name} <${user.email}> is now ${user.role === 'admin' ? 'an' : 'a'} ${user.role}.\n`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const target = await byEmail(rest[0]);
      const user = action === 'disable' ? await staff.disableUser(actor, target.id) : await staff.enableUser(actor, target.id);
      io.out.write(`${user.name} <${user.email}> is ${user.status === 'active' ? 'enabled' : 'disabled'}.\n`);
      return 0;
    }
    case 'invite':
    case 'reset': {
      const target = await byEmail(rest[0]);
      const { link, delivery } = await staff.issuePasswordLink(actor, target.id, action === 'invite' ? 'set_password' : 'reset_password');
      io.out.write(deliveryLine(target.email, delivery));
      io.out.write(`${action === 'invite' ? 'Set-password' : 'Password reset'} link for ${target.name} <${target.email}>:\n${link}\n`);
      io.out.write(`(valid for ${action === 'invite' ? '24 hours' : '1 hour'}, once; earlier links no longer work)\n`);
      return 0;
    }
    default:
      throw new UsageError(action ? `Unknown user command "${action}".` : 'user needs a command.');
  }
}

/** What became of a password link's email, in a line. */
function deliveryLine(email: string, delivery: LinkDelivery): string {
  if (!delivery.sent) return `Not emailed: ${delivery.reason}\n`;
  return `Emailed to ${email}${delivery.via === 'outbox' ? ' (into the outbox: SMTP_URL is not set)' : ''}.\n`;
}
