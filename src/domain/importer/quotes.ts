/**
 * Quotes in the body: which quoted spans have a speaker we can name ("…," said X; "…" - X;
 * X said: "…"; a "… he said:" lead-in before a quote-only paragraph), and which paragraphs are
 * themselves a stand-alone quote. It runs the people and pronoun steps over one body and is the
 * only place that decides what counts as an attributed quote.
 */
import {
  DASH_AFTER,
  LEAD_IN_BARE,
  LEAD_IN_COLON,
  NAME_THEN_VERB,
  OBJECT_BEFORE,
  VERB_THEN_NAME,
  isPronoun,
} from './attribution-lexicon.js';
import { collapseSpace } from './page-structure.js';
import { makeContext, personIn, type PageContext } from './people.js';
import { resolveSpeaker } from './pronouns.js';
import { findQuoteSpans, type Span } from './quote-spans.js';

/** One body paragraph: plain text, or a stand-alone attributed quote. */
export type ParsedParagraph = { kind: 'text'; text: string } | { kind: 'quote'; text: string; speaker: string };

/** An attributed quote found in the body. */
export interface ParsedQuote {
  text: string;
  speaker: string;
  /** index into paragraphs */
  paragraph: number;
}

/** A lead-in is short; looking at its tail keeps the regexes linear on huge paragraphs. */
const LEAD_IN_WINDOW = 200;

/** Quote text without marks, surrounding space or the comma that belongs to "…," said X. */
function cleanQuote(inner: string): string {
  return collapseSpace(inner).replace(/\s*,$/, '');
}

interface Attribution {
  ref: string;
  /** Offset of the speaker reference in the paragraph (for pronoun resolution). */
  at: number;
}

/**
 * One attribution pattern applied to `text` (which starts at `offset` in paragraph `p`). The
 * speaker must be a pronoun or a person, and not the object of a preposition or list: in
 * "A spokesman for Mr Smith said" the speaker is the spokesman, whom we cannot name.
 */
function matchAttribution(ctx: PageContext, re: RegExp, p: string, text: string, offset: number): Attribution | null {
  const m = re.exec(text);
  const ref = m?.groups?.['speaker'];
  if (!m || !ref) return null;
  const at = offset + (m.indices?.groups?.['speaker']?.[0] ?? m.index + m[0].indexOf(ref));
  let nameAt = at;
  if (!isPronoun(ref)) {
    const person = personIn(ctx, ref);
    if (!person) return null;
    // Offset of the first word kept: "In London Mr Smith" is checked from "Mr Smith".
    nameAt = at + wordOffset(ref, person.dropped);
  }
  // A pronoun is always a subject ("him"/"her" would be the object), so only names are checked.
  if (!isPronoun(ref) && OBJECT_BEFORE.test(p.slice(Math.max(0, nameAt - 30), nameAt))) return null;
  return { ref, at };
}

/** Offset of word `n` (0-based) in `ref`, whose words are separated by whitespace. */
function wordOffset(ref: string, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const m = /\S+\s+/.exec(ref.slice(at));
    if (!m) break;
    at += m[0].length;
  }
  return at;
}

/** `"…" - Name`, `"…," said Name`, `"…," Name said`, or `Name said: "…"` around one span. */
function attributionFor(ctx: PageContext, p: string, spans: Span[], k: number): Attribution | null {
  const span = spans[k];
  if (!span) return null;
  const afterEnd = spans[k + 1]?.start ?? p.length;
  const after = p.slice(span.end, afterEnd);
  const beforeStart = windowStart(p, spans[k - 1]?.end ?? 0, span.start);
  const before = p.slice(beforeStart, span.start);
  return (
    matchAttribution(ctx, DASH_AFTER, p, after, span.end) ??
    matchAttribution(ctx, VERB_THEN_NAME, p, after, span.end) ??
    matchAttribution(ctx, NAME_THEN_VERB, p, after, span.end) ??
    matchAttribution(ctx, LEAD_IN_COLON, p, before, beforeStart) ??
    matchAttribution(ctx, LEAD_IN_BARE, p, before, beforeStart)
  );
}

/**
 * A paragraph that is only a quote, or (with `allowAttribution`) only a quote and its
 * attribution: `"…" - Name.`, `"…," said Name.`, `"…," Name said.`
 */
function isStandaloneQuote(p: string, spans: Span[], allowAttribution: boolean): boolean {
  const only = spans[0];
  if (spans.length !== 1 || !only || p.slice(0, only.start).trim() !== '') return false;
  const rest = p.slice(only.end);
  if (/^\s*[.,]?\s*$/.test(rest)) return true;
  if (!allowAttribution) return false;
  for (const re of [DASH_AFTER, VERB_THEN_NAME, NAME_THEN_VERB]) {
    const m = re.exec(rest);
    if (m && /^\s*\.?\s*$/.test(rest.slice(m.index + m[0].length))) return true;
  }
  return false;
}

/** `… he said:` ending a paragraph announces that the next paragraph is the quote. */
function leadInAtEnd(ctx: PageContext, p: string, spans: Span[] | null): Attribution | null {
  const from = windowStart(p, spans?.[spans.length - 1]?.end ?? 0, p.length);
  return matchAttribution(ctx, LEAD_IN_COLON, p, p.slice(from), from);
}

/** Start of the lead-in window ending at `end`, moved to a word start so no word is cut in half. */
function windowStart(p: string, min: number, end: number): number {
  const start = end - LEAD_IN_WINDOW;
  if (start <= min) return min;
  const space = p.slice(start, end).search(/\s/);
  return space === -1 ? end : start + space;
}

/** Body paragraphs -> paragraphs (stand-alone quotes marked) and every attributed quote, in order. */
export function analyseBody(body: string[], header: string[]): { paragraphs: ParsedParagraph[]; quotes: ParsedQuote[] } {
  const ctx = makeContext(header, body);
  const paragraphs: ParsedParagraph[] = [];
  const quotes: ParsedQuote[] = [];
  let pending: string | null = null; // speaker announced by the previous paragraph's "… said:"

  for (let i = 0; i < body.length; i++) {
    const p = body[i] ?? '';
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
      // A paragraph that is only `"…" - Name.` / `"…," said Name.` is itself the quote.
      const solo = spans && found.length === 1 && isStandaloneQuote(p, spans, true) ? found[0] : undefined;
      paragraphs.push(solo ? { kind: 'quote', text: solo.text, speaker: solo.speaker } : { kind: 'text', text: p });
      // A loop, not push(...found): a huge paragraph can hold more quotes than a call has argument slots.
      for (const q of found) quotes.push(q);
    }

    const lead = leadInAtEnd(ctx, p, spans);
    if (lead) pending = resolveSpeaker(ctx, lead.ref, i, lead.at);
  }
  return { paragraphs, quotes };
}

/** Every span in one paragraph that has a speaker we can name. */
function attributedQuotes(ctx: PageContext, p: string, spans: Span[], paragraph: number): ParsedQuote[] {
  const out: ParsedQuote[] = [];
  for (let k = 0; k < spans.length; k++) {
    const span = spans[k];
    if (!span) continue;
    const text = cleanQuote(span.inner);
    const who = text ? attributionFor(ctx, p, spans, k) : null;
    const speaker = who ? resolveSpeaker(ctx, who.ref, paragraph, who.at) : null;
    if (speaker) out.push({ text, speaker, paragraph });
  }
  return out;
}
