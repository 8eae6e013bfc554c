/** Text made safe inside HTML (element content or a quoted attribute): & < > " ' as numeric references. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
