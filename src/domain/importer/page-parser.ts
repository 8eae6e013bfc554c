/**
 * Parses a news article page captured as plain text (section, headline, standfirst, body,
 * then site chrome) into structure, finds attributed quotes, and renders the body as
 * literal-text Markdown. Pure and dependency-free: no I/O, no globals mutated.
 */
import { invalid } from '../../kernel/errors.js';

/** Largest page file we accept, in bytes (5 MB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** One body paragraph: plain text, or a stand-alone attributed quote. */
export type ParsedParagraph = { kind: 'text'; text: string } | { kind: 'quote'; text: string; speaker: string };

/** An attributed quote found in the body. */
export interface ParsedQuote {
  text: string;
  speaker: string;
  /** index into paragraphs */
  paragraph: number;
}

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

// ---------------------------------------------------------------------------
// Bytes -> text
// ---------------------------------------------------------------------------

/** Bytes -> text; throws Validation FILE_EMPTY / FILE_TOO_LARGE / FILE_BINARY / FILE_NOT_UTF8; strips a leading BOM. */
export function decodePageFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw invalid('FILE_EMPTY', 'The file is empty (0 bytes).');
  if (bytes.length > MAX_PAGE_BYTES) {
    throw invalid(
      'FILE_TOO_LARGE',
      `The file is ${bytes.length} bytes; the size limit is 5 MB (${MAX_PAGE_BYTES} bytes).`,
    );
  }
  // C0 control bytes only ever encode C0 control characters in UTF-8, so checking bytes
  // first gives binary files (images, PDFs) the more useful FILE_BINARY code.
  const at = findControlByte(bytes);
  if (at !== -1) {
    throw invalid('FILE_BINARY', `The file looks binary, not text: it has ${describeControl(bytes[at] ?? 0)} at byte ${at}.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('FILE_NOT_UTF8', 'The file is not valid UTF-8 text; save it as UTF-8 and try again.');
  }
  const c1 = text.search(/[\u0080-\u009f]/);
  if (c1 !== -1) {
    throw invalid('FILE_BINARY', `The file looks binary, not text: it has control character ${describeControl(text.charCodeAt(c1))} at character ${c1}.`);
  }
  // TextDecoder already drops one BOM; this keeps the contract if that default ever changes.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') throw invalid('FILE_EMPTY', 'The file contains only whitespace.');
  return text;
}

/** Index of the first control byte other than \t \n \f \r (and including DEL), or -1. */
function findControlByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const isControl = b < 0x20 || b === 0x7f;
    if (isControl && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) return i;
  }
  return -1;
}

function describeControl(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0').toUpperCase()}`;
  return code === 0 ? `a NUL byte (${hex})` : `a control character (${hex})`;
}

// ---------------------------------------------------------------------------
// Text -> page structure
// ---------------------------------------------------------------------------

/** Text -> structure; throws Validation NO_HEADLINE / NO_STANDFIRST / ONLY_CHROME. */
export function parsePage(text: string): ParsedPage {
  const lines = toLines(text);
  const [section, rawHeadline, standfirst] = lines;
  if (section === undefined) throw invalid('NO_HEADLINE', 'The page has no text, so it has no headline.');
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
  const { body, topics, teasers } = splitChrome(lines.slice(3));
  const { paragraphs, quotes } = analyseBody(body, [rawHeadline, standfirst]);
  return { section, headline, series, standfirst, paragraphs, quotes, topics, teasers };
}

/** Non-blank lines, whitespace (including U+00A0) collapsed; blank and NBSP-only lines separate paragraphs. */
function toLines(text: string): string[] {
  return text
    .split(/\r\n|\n|\r/)
    .map(collapseSpace)
    .filter((line) => line !== '');
}

/** JS `\s` covers U+00A0 and the other Unicode spaces, so one pass normalises them all. */
function collapseSpace(s: string): string {
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
function chromeKind(line: string): ChromeKind | undefined {
  return CHROME_LINES.get(line.toLowerCase().replace(/[\s:]+/g, ''));
}

/** Everything from the first chrome line on is chrome; each heading switches what the following lines are. */
function splitChrome(lines: string[]): { body: string[]; topics: string[]; teasers: string[] } {
  const start = lines.findIndex((line) => chromeKind(line) !== undefined);
  if (start === -1) return { body: lines, topics: [], teasers: [] };
  const topics: string[] = [];
  const teasers: string[] = [];
  let mode: ChromeKind = 'topics';
  for (const line of lines.slice(start)) {
    const kind = chromeKind(line);
    if (kind) mode = kind;
    else if (mode === 'teasers') teasers.push(line);
    else if (!topics.some((t) => t.toLowerCase() === line.toLowerCase())) topics.push(line);
  }
  return { body: lines.slice(0, start), topics, teasers };
}

// ---------------------------------------------------------------------------
// Names and people
// ---------------------------------------------------------------------------

/** Honorifics carry gender, which lets "she" skip "Mr X" when resolving pronouns. */
const HONORIFIC_GENDER = new Map<string, 'm' | 'f'>([
  ['Mr', 'm'], ['Sir', 'm'], ['Lord', 'm'], ['King', 'm'], ['Prince', 'm'], ['Father', 'm'],
  ['Mrs', 'f'], ['Ms', 'f'], ['Miss', 'f'], ['Dame', 'f'], ['Lady', 'f'], ['Queen', 'f'], ['Princess', 'f'],
]);
const OTHER_HONORIFICS = ['Mx', 'Dr', 'Prof', 'Professor'];
/** Office and rank titles: also ordinary words ("General Assembly"), so only trusted before a known surname. */
const RANK_TITLES = [
  'President', 'Minister', 'Secretary', 'Chancellor', 'Senator', 'Governor', 'Mayor', 'Ambassador',
  'General', 'Gen', 'Brigadier', 'Colonel', 'Col', 'Major', 'Maj', 'Captain', 'Capt', 'Lieutenant', 'Lt',
  'Sergeant', 'Sgt', 'Corporal', 'Cpl', 'Admiral', 'Adm', 'Commodore', 'Commander', 'Cdr', 'Marshal',
  'Pope', 'Judge', 'Rev', 'Reverend', 'Sheikh',
];
const HONORIFICS = new Set([...HONORIFIC_GENDER.keys(), ...OTHER_HONORIFICS]);
const TITLES = new Set([...HONORIFICS, ...RANK_TITLES]);

/** Capitalised words that start sentences or clauses but are never part of a name. */
const NOT_NAMES = new Set([
  'The', 'A', 'An', 'But', 'And', 'Or', 'So', 'Yet', 'Then', 'Now', 'However', 'Meanwhile', 'Still',
  'Yesterday', 'Today', 'Tomorrow', 'Earlier', 'Later', 'When', 'While', 'Whilst', 'After', 'Before',
  'During', 'In', 'On', 'At', 'As', 'If', 'Although', 'Though', 'Since', 'Speaking', 'Asked', 'According',
  'Both', 'This', 'That', 'These', 'Those', 'It', 'He', 'She', 'They', 'We', 'I', 'His', 'Her', 'Their',
  'Also', 'Last', 'Next', 'Former', 'New', 'Here', 'There', 'Why', 'What', 'How', 'Where', 'Who',
]);

/** Space within one line: names never run across the line breaks that join page lines. */
const SP = String.raw`[^\S\n]+`;
const TITLE_ALT = [...TITLES].sort((a, b) => b.length - a.length).join('|');
/** One name word: an initial ("F."), or a capitalised word, optionally with an Arabic-style particle ("al-Assad"). */
const WORD = String.raw`(?:\p{Lu}\.|(?:(?:al|el|bin|ibn|de|di|da|du|van|von|le|la)-)?\p{Lu}[\p{L}'’-]*)`;
const PARTICLE = String.raw`(?:al|el|bin|ibn|ben|de|di|da|du|van|von|der|den|le|la|dos|das)`;
/** A person reference as written: optional title ("Dr." / "Mr"), then up to four name words. */
const NAME = String.raw`(?:(?:${TITLE_ALT})\.?${SP})?${WORD}(?:${SP}(?:${PARTICLE}${SP})?${WORD}){0,3}`;
/** Who speaks: a name or a pronoun (checked for first, so "He" is never taken as a name). */
const SPEAKER = String.raw`(?<![\p{L}\p{N}'’-])(?<speaker>[Hh]e|[Ss]he|${NAME})`;
const VERB = String.raw`(?:said|says|declared|declares|added|adds|told|tells|warned|warns|insisted|insists|stated|states|urged|urges|asked|asks|replied|replies|explained|explains|continued|continues|noted|notes|argued|argues|claimed|claims|announced|announces|admitted|admits|wrote|writes|tweeted|commented|observed|recalled|concluded|responded|answered|stressed|emphasised|emphasized|conceded|suggested|suggests|vowed|pledged|remarked)`;
/** Small words allowed between speaker and verb: "Mr Obama then said", "Putin angrily declared". */
const AUX = String.raw`(?:(?:has|had|have|also|then|later|once|\p{Ll}+ly)\s+)?`;
/** Up to four words between verb and colon: "he told reporters:", "she said in a statement:". */
const TAIL = String.raw`(?:\s+[^\s:;"“”.!?]+){0,4}?`;

const DASH_AFTER = new RegExp(String.raw`^\s*[-–—]\s*(?<speaker>${NAME})(?=\s*(?:[.,;!]|$))`, 'u');
// Two regexes, not one alternation: Node 20 rejects a named group repeated in one pattern.
const VERB_THEN_NAME = new RegExp(String.raw`^\s*,?\s*${VERB}\s+${SPEAKER}(?![\p{L}])`, 'u');
const NAME_THEN_VERB = new RegExp(String.raw`^\s*,?\s*${SPEAKER}\s+${AUX}${VERB}(?![\p{L}])`, 'u');
const LEAD_IN_COLON = new RegExp(String.raw`${SPEAKER}\s+${AUX}${VERB}${TAIL}\s*:\s*$`, 'u');
const LEAD_IN_BARE = new RegExp(String.raw`${SPEAKER}\s+${AUX}${VERB}\s*,?\s*$`, 'u');
const NAME_RUN = new RegExp(String.raw`(?<![\p{L}\p{N}'’-])${NAME}`, 'gu');

/** A lead-in is short; looking at its tail keeps the regexes linear on huge lines. */
const LEAD_IN_WINDOW = 200;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function words(ref: string): string[] {
  return ref.split(/\s+/).filter((w) => w !== '');
}

function isTitle(word: string): boolean {
  return TITLES.has(word.replace(/\.$/, ''));
}

function isPronoun(ref: string): boolean {
  return /^(he|she)$/i.test(ref);
}

/**
 * Drop clause openers ("But", "Yesterday") and anything before a title: "But Mr Obama" -> "Mr Obama".
 * A title with nothing after it is a role ("The Russian President") and is kept whole.
 */
function trimReference(ref: string): string[] {
  let ws = words(ref);
  const title = ws.findIndex((w, i) => isTitle(w) && i < ws.length - 1);
  if (title > 0) ws = ws.slice(title);
  while (ws.length > 1 && NOT_NAMES.has(ws[0] ?? '')) ws = ws.slice(1);
  return ws;
}

/** Everything the resolver knows about the page: its text in order, and surnames seen. */
interface PageContext {
  /** Header lines (headline, standfirst) then body lines, exactly as parsed. */
  text: string;
  /** Offset in `text` where body line i ends. */
  bodyEnds: number[];
  header: string[];
  body: string[];
  surnames: Set<string>;
  /** First full name seen for a surname, with its offset, cached because lookups repeat. */
  fullNames: Map<string, { name: string; at: number } | null>;
}

function makeContext(header: string[], body: string[]): PageContext {
  let text = '';
  const bodyEnds: number[] = [];
  for (const line of header) text += `${line}\n`;
  for (const line of body) {
    text += `${line}\n`;
    bodyEnds.push(text.length);
  }
  return { text, bodyEnds, header, body, surnames: collectSurnames(text), fullNames: new Map() };
}

/** Surnames written after an honorific anywhere on the page ("Mr Putin" -> "Putin"). */
function collectSurnames(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(NAME_RUN)) {
    const ws = trimReference(m[0]);
    const last = ws[ws.length - 1];
    if (ws.length > 1 && HONORIFICS.has((ws[0] ?? '').replace(/\.$/, '')) && last) found.add(last);
  }
  return found;
}

/** First "Given Surname" on the page: up to three capitalised words before the surname, after any title. */
function firstFullName(ctx: PageContext, surname: string): { name: string; at: number } | null {
  const cached = ctx.fullNames.get(surname);
  if (cached !== undefined) return cached;
  const re = new RegExp(
    String.raw`(?<![\p{L}\p{N}'’-])((?:${WORD}${SP}){1,3})${escapeRegExp(surname)}(?![\p{L}\p{N}'’-])`,
    'gu',
  );
  let result: { name: string; at: number } | null = null;
  for (const m of ctx.text.matchAll(re)) {
    let given = words(m[1] ?? '');
    // "Russian President Vladimir" -> "Vladimir": keep only the words after the last title.
    for (let t = given.length - 1; t >= 0; t--) {
      if (isTitle(given[t] ?? '')) {
        given = given.slice(t + 1);
        break;
      }
    }
    while (given.length > 0 && NOT_NAMES.has(given[0] ?? '')) given = given.slice(1);
    if (given.length > 0) {
      result = { name: `${given.join(' ')} ${surname}`, at: m.index ?? 0 };
      break;
    }
  }
  ctx.fullNames.set(surname, result);
  return result;
}

/**
 * A written reference -> the name to show. "Mr Putin" / "President Putin" / "Putin" become the
 * full name used earlier on the page; without one the reference stays as written.
 */
function resolveName(ctx: PageContext, ref: string, seenUpTo: number): string {
  const ws = trimReference(ref);
  const surname = ws[ws.length - 1] ?? ref;
  const titled = ws.length > 1 && isTitle(ws[0] ?? '');
  if (titled || ws.length === 1) {
    const full = firstFullName(ctx, surname);
    if (full && full.at < seenUpTo && !isTitle(surname)) return full.name;
  }
  // An explicit full name ("- Vladimir Putin") teaches us a surname for later pronoun lookups.
  if (!titled && ws.length > 1 && !isTitle(surname)) ctx.surnames.add(surname);
  return ws.join(' ');
}

interface Mention {
  at: number;
  ref: string;
  gender: 'm' | 'f' | null;
}

/** People named in a stretch of text: honorific + name, or any name ending in a known surname. */
function findMentions(ctx: PageContext, text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    const ws = trimReference(m[0]);
    const first = (ws[0] ?? '').replace(/\.$/, '');
    const last = ws[ws.length - 1] ?? '';
    const honorific = ws.length > 1 && HONORIFICS.has(first);
    if (honorific || ctx.surnames.has(last)) {
      mentions.push({ at: m.index ?? 0, ref: ws.join(' '), gender: HONORIFIC_GENDER.get(first) ?? null });
    }
  }
  return mentions;
}

/** How many paragraphs back a pronoun may reach for its antecedent before trusting the header. */
const PRONOUN_LOOKBACK = 3;

/**
 * "he"/"she" -> the subject: the first person named in the same sentence before the pronoun,
 * else earlier in the paragraph, else in the few paragraphs before, else standfirst/headline.
 * First-named rather than last-named because the subject leads ("Mr Putin ... urged ... Assad").
 */
function resolvePronoun(ctx: PageContext, pronoun: string, paragraph: number, at: number): string | null {
  const wanted = pronoun.toLowerCase() === 'she' ? 'f' : 'm';
  const own = maskQuotes(ctx.body[paragraph] ?? '').slice(0, at);
  const sentenceStart = Math.max(0, own.search(/[.!?]\s+[^.!?]*$/) + 1);
  const candidates = [own.slice(sentenceStart), own];
  for (let i = paragraph - 1; i >= 0 && i >= paragraph - PRONOUN_LOOKBACK; i--) {
    candidates.push(maskQuotes(ctx.body[i] ?? ''));
  }
  candidates.push(...[...ctx.header].reverse());
  for (const text of candidates) {
    const hit = findMentions(ctx, text).find((m) => m.gender === null || m.gender === wanted);
    if (hit) return resolveName(ctx, hit.ref, ctx.bodyEnds[paragraph] ?? ctx.text.length);
  }
  return null;
}

/** Speaker as written -> display name, or null when a pronoun has no antecedent. */
function resolveSpeaker(ctx: PageContext, ref: string, paragraph: number, at: number): string | null {
  if (isPronoun(ref)) return resolvePronoun(ctx, ref, paragraph, at);
  const seen = ctx.bodyEnds[paragraph] ?? ctx.text.length;
  return resolveName(ctx, ref, seen) || null;
}

// ---------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------

interface Span {
  /** Offset of the opening mark. */
  start: number;
  /** Offset just after the closing mark. */
  end: number;
  inner: string;
}

/**
 * Double-quoted spans, straight or curly. Returns null when the marks do not pair up soundly
 * (odd count, or a straight mark that opens right after a letter as in `'enormous mistake"`):
 * guessing would attribute the wrong words to someone.
 */
function findQuoteSpans(p: string): Span[] | null {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    const prev = p[i - 1] ?? ' ';
    const next = p[i + 1] ?? ' ';
    if (ch === '“' || ch === '„') {
      if (open !== -1) return null;
      open = i;
    } else if (ch === '”' || (ch === '"' && open !== -1)) {
      if (open === -1 || /\s/.test(prev)) return null;
      spans.push({ start: open, end: i + 1, inner: p.slice(open + 1, i) });
      open = -1;
    } else if (ch === '"') {
      if (/[\p{L}\p{N}]/u.test(prev) || /\s/.test(next)) return null;
      open = i;
    }
  }
  return open === -1 ? spans : null;
}

/** Blank out quoted words so names inside quotes are never taken as the subject. */
function maskQuotes(p: string): string {
  const spans = findQuoteSpans(p) ?? [];
  let out = p;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** Quote text without marks, surrounding space or the comma that belongs to "…," said X. */
function cleanQuote(inner: string): string {
  return collapseSpace(inner).replace(/\s*,$/, '');
}

interface Attribution {
  ref: string;
  /** Offset of the speaker reference in the paragraph (for pronoun resolution). */
  at: number;
}

function matchAttribution(re: RegExp, text: string, offset: number): Attribution | null {
  const m = re.exec(text);
  const ref = m?.groups?.['speaker'];
  if (!m || !ref || /['’]s$/.test(ref)) return null; // "Mr Obama's aide said" is not Mr Obama
  return { ref, at: offset + m.index + m[0].indexOf(ref) };
}

/** `"…" - Name`, `"…," said Name`, `"…," Name said`, or `Name said: "…"` around one span. */
function attributionFor(p: string, spans: Span[], k: number): Attribution | null {
  const span = spans[k];
  if (!span) return null;
  const afterEnd = spans[k + 1]?.start ?? p.length;
  const after = p.slice(span.end, afterEnd);
  const beforeStart = windowStart(p, spans[k - 1]?.end ?? 0, span.start);
  const before = p.slice(beforeStart, span.start);
  return (
    matchAttribution(DASH_AFTER, after, span.end) ??
    matchAttribution(VERB_THEN_NAME, after, span.end) ??
    matchAttribution(NAME_THEN_VERB, after, span.end) ??
    matchAttribution(LEAD_IN_COLON, before, beforeStart) ??
    matchAttribution(LEAD_IN_BARE, before, beforeStart)
  );
}

/** A paragraph that is only a quote, optionally followed by "- Name." */
function isStandaloneQuote(p: string, spans: Span[], allowDash: boolean): boolean {
  const only = spans[0];
  if (spans.length !== 1 || !only || p.slice(0, only.start).trim() !== '') return false;
  const rest = p.slice(only.end).trim();
  if (/^[.,]?$/.test(rest)) return true;
  if (!allowDash) return false;
  const dash = DASH_AFTER.exec(rest);
  return dash !== null && /^\s*\.?\s*$/.test(rest.slice(dash[0].length));
}

/** `… he said:` ending a paragraph announces that the next paragraph is the quote. */
function leadInAtEnd(p: string, spans: Span[] | null): Attribution | null {
  const from = windowStart(p, spans?.[spans.length - 1]?.end ?? 0, p.length);
  return matchAttribution(LEAD_IN_COLON, p.slice(from), from);
}

/** Start of the lead-in window ending at `end`, moved to a word start so no word is cut in half. */
function windowStart(p: string, min: number, end: number): number {
  const start = end - LEAD_IN_WINDOW;
  if (start <= min) return min;
  const space = p.slice(start, end).search(/\s/);
  return space === -1 ? end : start + space;
}

/** Body lines -> paragraphs (stand-alone quotes marked) and every attributed quote, in order. */
function analyseBody(body: string[], header: string[]): { paragraphs: ParsedParagraph[]; quotes: ParsedQuote[] } {
  const ctx = makeContext(header, body);
  const paragraphs: ParsedParagraph[] = [];
  const quotes: ParsedQuote[] = [];
  let pending: string | null = null; // speaker announced by the previous paragraph's "… said:"

  body.forEach((p, i) => {
    const spans = findQuoteSpans(p);
    const announced = pending;
    pending = null;
    const first = spans?.[0];

    if (spans && first && announced && isStandaloneQuote(p, spans, false)) {
      const text = cleanQuote(first.inner);
      paragraphs.push({ kind: 'quote', text, speaker: announced });
      quotes.push({ text, speaker: announced, paragraph: i });
    } else {
      const found = spans ? attributedQuotes(ctx, p, spans, i) : [];
      // A lone `"…" - Name.` paragraph is itself the quote; with one span and nothing before
      // it, the only attribution a standalone paragraph can carry is the dash.
      const solo = spans && found.length === 1 && isStandaloneQuote(p, spans, true) ? found[0] : undefined;
      paragraphs.push(solo ? { kind: 'quote', text: solo.text, speaker: solo.speaker } : { kind: 'text', text: p });
      quotes.push(...found);
    }

    const lead = leadInAtEnd(p, spans);
    if (lead) pending = resolveSpeaker(ctx, lead.ref, i, lead.at);
  });
  return { paragraphs, quotes };
}

/** Every span in one paragraph that has a speaker we can name. */
function attributedQuotes(ctx: PageContext, p: string, spans: Span[], paragraph: number): ParsedQuote[] {
  const out: ParsedQuote[] = [];
  spans.forEach((span, k) => {
    const text = cleanQuote(span.inner);
    const who = text ? attributionFor(p, spans, k) : null;
    const speaker = who ? resolveSpeaker(ctx, who.ref, paragraph, who.at) : null;
    if (speaker) out.push({ text, speaker, paragraph });
  });
  return out;
}

// ---------------------------------------------------------------------------
// Body -> Markdown
// ---------------------------------------------------------------------------

/** Body paragraphs -> Markdown that renders as literal text; quote paragraphs become blockquotes with an em-dash cite line. */
export function bodyToMarkdown(paragraphs: ParsedParagraph[]): string {
  return paragraphs
    .map((p) =>
      p.kind === 'quote'
        ? `> ${escapeMarkdown(p.text)}\n>\n> — ${escapeMarkdown(p.speaker)}`
        : escapeMarkdown(p.text),
    )
    .join('\n\n');
}

/**
 * Backslash-escape everything that could start markup. CommonMark lets any ASCII punctuation be
 * escaped, so over-escaping is harmless; under-escaping is not. Inline markers are escaped
 * everywhere; block markers (#, >, -, +, =, "1." / "1)") only matter at the start of the line.
 * Whitespace is collapsed first because a paragraph is one line: an embedded newline could
 * otherwise start a heading or list mid-paragraph.
 */
function escapeMarkdown(text: string): string {
  return collapseSpace(text)
    .replace(/[\\`*_[\]<>&~|!]/g, '\\$&')
    .replace(/^([#+\-=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}
