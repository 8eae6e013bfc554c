declare const sanitized: unique symbol;

/**
 * HTML that is safe to put on a page as it is. Only the Markdown renderer makes one,
 * and only the `Html` component takes one: a plain string cannot be passed by mistake.
 */
export type SanitizedHtml = string & { readonly [sanitized]: true };

/** Brands trusted renderer output; call it only where the HTML was produced with escaping. */
export const trustRenderedHtml = (html: string): SanitizedHtml => html as SanitizedHtml;
