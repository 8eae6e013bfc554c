/**
 * Text -> the parts of a page: the header lines (section, headline, standfirst), the body
 * paragraphs, and the site chrome after them (related topics, teasers). The only module that
 * knows the page's line layout; everything downstream works on whole paragraphs, so a change in
 * how pages are captured stays here.
 */

interface PageParts {
  /** The first three non-empty lines: section, headline, standfirst (fewer if the page is short). */
  header: string[];
  /** Body paragraphs: runs of non-blank lines joined with single spaces. */
  body: string[];
  topics: string[];
  teasers: string[];
}

/**
 * Lines -> header, paragraphs and chrome. The header is line-based (the first three non-empty
 * lines); the body is block-based (blank and whitespace/NBSP-only lines separate paragraphs);
 * chrome is line-based again: the first chrome line, even mid-block, ends the body, and each
 * chrome heading switches what the following non-empty lines are (topic names or teasers).
 */
export function splitPage(text: string): PageParts {
  const lines = text.split(/\r\n|\n|\r/);
  const header: string[] = [];
  let i = 0;
  for (; i < lines.length && header.length < 3; i++) {
    const line = collapseSpace(lines[i] ?? '');
    if (line !== '') header.push(line);
  }

  const body: string[] = [];
  const topics: string[] = [];
  const teasers: string[] = [];
  const topicKeys = new Set<string>();
  let mode: 'body' | ChromeKind = 'body';
  let block: string[] = [];
  const flush = () => {
    if (block.length > 0) body.push(block.join(' '));
    block = [];
  };
  for (; i < lines.length; i++) {
    const line = collapseSpace(lines[i] ?? '');
    if (line === '') {
      if (mode === 'body') flush();
      continue;
    }
    const kind = chromeKind(line);
    if (kind) {
      if (mode === 'body') flush();
      mode = kind;
    } else if (mode === 'body') {
      block.push(line);
    } else if (mode === 'teasers') {
      teasers.push(line);
    } else {
      const key = line.toLowerCase();
      if (!topicKeys.has(key)) {
        topicKeys.add(key);
        topics.push(line);
      }
    }
  }
  if (mode === 'body') flush();
  return { header, body, topics, teasers };
}

/** JS `\s` covers U+00A0 and the other Unicode spaces, so one pass normalises them all. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** "Series | Title" → its series and title; a line without a bar has no series. */
export function splitSeries(line: string): { series: string | null; headline: string } {
  const m = /^([^|]+?)\s*\|\s*(.+)$/.exec(line);
  if (!m || !m[1] || !m[2]) return { series: null, headline: line };
  return { series: m[1].trim(), headline: m[2].trim() };
}

type ChromeKind = 'topics' | 'teasers';

// A Map (not an object literal) so that lines like "constructor" never look like chrome.
const CHROME_LINES = new Map<string, ChromeKind>([
  ['relatedtopics', 'topics'],
  ['joinournewsletter', 'teasers'],
  ['watchuson', 'teasers'],
]);

/** Chrome headings match ignoring case, spacing and a trailing colon ("Watch Us On", "WATCHUSON:"). */
export function chromeKind(line: string): ChromeKind | undefined {
  // Headings are short; skipping long lines keeps a huge line from being lower-cased twice.
  if (line.length > 40) return undefined;
  return CHROME_LINES.get(line.toLowerCase().replace(/[\s:]+/g, ''));
}
