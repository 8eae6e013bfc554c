import type { Mail } from '../../mail/index.js';
import { button, emailHtml, link, list, para } from './email-layout.js';

/**
 * The one email a sign-up sends: "confirm" for a new (or returning) address, "change" for one
 * already confirmed, whose new choices wait for the owner's say-so. It shows what was asked
 * for, says what happens if it was not them, and carries one link.
 */
export function signUpMail(p: {
  to: string;
  outlet: string;
  siteUrl: string;
  link: string;
  purpose: 'confirm' | 'change';
  choices: string[];
  hours: number;
}): Mail {
  const confirm = p.purpose === 'confirm';
  const subject = confirm ? `Confirm your ${p.outlet} newsletter sign-up` : `Confirm the changes to your ${p.outlet} newsletter`;
  const lead = confirm
    ? `Someone, we hope you, asked for the ${p.outlet} newsletter to be sent to this address. Nothing will be sent until you confirm:`
    : `Someone, we hope you, asked to change what the ${p.outlet} newsletter sends to this address, to this:`;
  const action = confirm ? 'Confirm my sign-up' : 'Confirm these changes';
  const after = `The link works once, for ${p.hours} hours, and opens a page with a button to press. If this was not you, ignore this email: ${
    confirm ? 'we will not write again, and we delete the request after seven days.' : 'nothing changes.'
  }`;
  return {
    to: p.to,
    subject,
    text: `${lead}\n\n${p.choices.map((c) => `- ${c}`).join('\n')}\n\n${action}:\n${p.link}\n\n${after}\n\n${p.outlet}\n${p.siteUrl}/\n`,
    html: emailHtml({
      outlet: p.outlet,
      siteUrl: p.siteUrl,
      preheader: confirm ? 'One step left: confirm that this address is yours.' : 'Confirm the new choices for your newsletter.',
      body: para(lead) + list(p.choices) + button(p.link, action) + para(after),
      footer: `You received this because this address was entered on ${link(p.siteUrl + '/', p.siteUrl.replace(/^https?:\/\//, ''))}.`,
    }),
  };
}
