/**
 * Quotes in an imported page's body. The quote service (domain/quotes) finds every quote and
 * who said it; this module turns its answer into what a page keeps: pull quotes with a speaker
 * to show, and the paragraphs that are themselves a stand-alone attributed quote (rendered as a
 * block quote with a cite line).
 *
 * The speaker shown is the person when the article names one. When it names only a role or an
 * organisation ("a ministry spokesperson said", "the Marines added"), the role is shown as
 * written, with a capital ("A ministry spokesperson", "Marines"): that is how a cite line reads
 * on a page, and it credits the words without inventing a name. A quote with no speaker at all
 * is left out: a pull quote needs a cite, and the body still holds the words. (`shownSpeaker`
 * lives with the quotes, so the article editor's suggestions print speakers the same way.)
 */
import { findQuotes, shownSpeaker } from '../quotes/index.js';

/** One body paragraph: plain text, or a stand-alone attributed quote. */
export type ParsedParagraph = { kind: 'text'; text: string } | { kind: 'quote'; text: string; speaker: string };

/** An attributed quote found in the body. */
export interface ParsedQuote {
  text: string;
  speaker: string;
  /** index into paragraphs (the first, for a quote that runs over several) */
  paragraph: number;
}

/** Body paragraphs -> paragraphs (stand-alone quotes marked) and every quote with a speaker, in order. */
export function analyseBody(body: string[], header: string[]): { paragraphs: ParsedParagraph[]; quotes: ParsedQuote[] } {
  const paragraphs: ParsedParagraph[] = body.map((text) => ({ kind: 'text', text }));
  const quotes: ParsedQuote[] = [];
  for (const found of findQuotes({ headline: header[0], standfirst: header[1], body })) {
    const speaker = shownSpeaker(found);
    const first = found.paragraphs[0];
    if (!speaker || !found.text || first === undefined) continue;
    quotes.push({ text: found.text, speaker, paragraph: first });
    if (found.standalone && found.paragraphs.length === 1) paragraphs[first] = { kind: 'quote', text: found.text, speaker };
  }
  return { paragraphs, quotes };
}
