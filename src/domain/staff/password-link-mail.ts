import { escapeHtml } from '../../kernel/html-escape.js';
import type { Mail } from '../../mail/index.js';

/** What a password link is for: an invitation to a new account, or a reset of an old one. */
export type LinkPurpose = 'set_password' | 'reset_password';

/**
 * The email carrying a one-time password link: plain text, with a short HTML alternative. It
 * says who it is from, what the link does, how long it lasts, and what to do if it was not
 * expected; the link is the only thing to click.
 */
export function passwordLinkMail(p: { to: string; name: string; outlet: string; link: string; purpose: LinkPurpose; hours: number }): Mail {
  const lasts = p.hours === 1 ? 'one hour' : `${p.hours} hours`;
  const invite = p.purpose === 'set_password';
  const subject = invite ? `${p.outlet}: your newsroom account` : `${p.outlet}: reset your newsroom password`;
  const lead = invite
    ? `You have been given an account in the ${p.outlet} newsroom. Choose your password here to sign in:`
    : `Someone asked to reset the password of your ${p.outlet} newsroom account. Choose a new one here:`;
  const after = invite
    ? `The link works once, for ${lasts}. If you were not expecting this, you can ignore it.`
    : `The link works once, for ${lasts}, and signs you out everywhere else. If you did not ask for it, ignore this email: your password stays as it is.`;
  return {
    to: p.to,
    subject,
    text: `Dear ${p.name},\n\n${lead}\n\n${p.link}\n\n${after}\n\n${p.outlet}\n`,
    html:
      `<p>Dear ${escapeHtml(p.name)},</p><p>${escapeHtml(lead)}</p>` +
      `<p><a href="${escapeHtml(p.link)}">${invite ? 'Choose your password' : 'Choose a new password'}</a></p>` +
      `<p>${escapeHtml(after)}</p><p>${escapeHtml(p.outlet)}</p>`,
  };
}
