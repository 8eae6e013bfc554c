/**
 * Parses a news article page captured as plain text (section, headline, standfirst, body,
 * then site chrome) into structure, finds attributed quotes, and renders the body as
 * literal-text Markdown. Pure and dependency-free: no I/O, no globals mutated.
 *
 * This is the importer's one entry point: `parsePage` and the names the importer uses, re-exported
 * from the modules that hold each step (page-file, page-structure, quotes, page-markdown), so
 * callers never depend on how it is split. Finding quotes and their speakers is the quote
 * service's work (domain/quotes); `quotes` only adapts its answer to a page.
 */
import { invalid } from '../../kernel/errors.js';
import { chromeKind, splitPage, splitSeries } from './page-structure.js';
import { analyseBody, type ParsedParagraph, type ParsedQuote } from './quotes.js';

export { MAX_PAGE_BYTES, assertPageSize, decodePageFile } from './page-file.js';
export { splitSeries } from './page-structure.js';
export { bodyToMarkdown } from './page-markdown.js';
export type { ParsedParagraph, ParsedQuote } from './quotes.js';

/** The structure of one article page. */
export interface ParsedPage {
  section: string;
  headline: string;
  series: string | null;
  standfirst: string;
  paragraphs: ParsedParagraph[];
  quotes: ParsedQuote[];
  topics: string[];
  teasers: string[];
}

/** The longest section line taken as a desk name; a longer first line is a sentence or a stray title. */
export const MAX_SECTION_LENGTH = 60;

/**
 * Text -> structure; throws Validation NOT_A_PAGE (JSON, HTML or XML), INVALID_SECTION,
 * NO_HEADLINE, NO_STANDFIRST or ONLY_CHROME.
 */
export function parsePage(text: string): ParsedPage {
  refuseOtherFormats(text);
  const { header, body, topics, teasers } = splitPage(text);
  const [section, rawHeadline, standfirst] = header;
  if (section === undefined) throw invalid('NO_HEADLINE', 'The page has no text, so it has no headline.');
  if (!/\p{L}/u.test(section) || section.length > MAX_SECTION_LENGTH) {
    const shown = section.length > 80 ? `${section.slice(0, 77)}…` : section;
    throw invalid(
      'INVALID_SECTION',
      `The first line, "${shown}", is not a section name: a page starts with its desk, such as "Army" (letters, at most ${MAX_SECTION_LENGTH} characters).`,
    );
  }
  if (chromeKind(section)) {
    throw invalid('ONLY_CHROME', `The page starts with site chrome ("${section}") instead of a section and headline.`);
  }
  if (rawHeadline === undefined || chromeKind(rawHeadline)) {
    throw invalid('NO_HEADLINE', 'The page has no headline: expected a section line, then a headline line.');
  }
  if (standfirst === undefined || chromeKind(standfirst)) {
    throw invalid('NO_STANDFIRST', 'The page has no standfirst: expected a summary line after the headline.');
  }
  const { series, headline } = splitSeries(rawHeadline);
  const { paragraphs, quotes } = analyseBody(body, [rawHeadline, standfirst]);
  return { section, headline, series, standfirst, paragraphs, quotes, topics, teasers };
}

/**
 * A JSON export or a saved web page would otherwise import as an article whose section is
 * "{" or "<!DOCTYPE html>". A text page never starts with these characters.
 */
function refuseOtherFormats(text: string): void {
  const start = text.trimStart();
  if (start.startsWith('{') || start.startsWith('[')) {
    throw invalid('NOT_A_PAGE', 'This file is JSON, not an article page: a page is plain text starting with its section and headline.');
  }
  if (start.startsWith('<')) {
    throw invalid(
      'NOT_A_PAGE',
      'This file is HTML or XML markup, not an article page: save the article as plain text (section, headline, standfirst, body).',
    );
  }
}
