import type { SanitizedHtml } from '../../kernel/sanitized-html.js';

/**
 * The only places raw markup enters a page: rendered Markdown (branded SanitizedHtml),
 * JSON-LD (serialised here so that "</script>" and friends cannot close the element), and
 * markup Preact itself rendered earlier (`renderedOnce`).
 */
export function Html({ html, className }: { html: SanitizedHtml; className?: string }) {
  return <div class={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A `<script type="application/ld+json">` block for structured data. */
export function JsonLd({ data }: { data: unknown }) {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
