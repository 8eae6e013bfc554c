/**
 * The quote service: an article in, its quotes out, each with the words (joined when a quote
 * runs over several paragraphs or is interrupted by its attribution), who said them (a person,
 * or a role or organisation when no person is named), the paragraphs it spans, and how sure
 * the answer is. A quote whose speaker cannot be told is still offered, with no speaker, for an
 * editor to fill in; a phrase borrowed into a sentence (the so-called "peace plan") is not a
 * quote and is not offered. Pure: no state, no I/O, so it needs no factory and any caller (the
 * importer, the article editor) calls `findQuotes` directly.
 */
import { DOCUMENT_NOUNS, SPEECH_ACT, words } from './attribution-lexicon.js';
import { endsOf, readArticle, type ArticleContext } from './article-context.js';
import type { ArticleText } from './article-text.js';
import { attributionAfter, attributionBefore, type Attribution } from './attributions.js';
import { displayName } from './people.js';
import { resolvePronoun } from './pronouns.js';
import type { Span } from './quote-marks.js';
import { resolveRole } from './role-holders.js';
import { sentenceEnd, sentenceStart } from './sentences.js';
import { parseSubject, verbsIn, type SpeakerRef } from './speaker-phrases.js';

/** How the speaker of a quote was found, or why there is none. */
export type QuoteReason =
  /** The attribution names the speaker ("said Mr Smith", "Tory MP Kevin Trask added"). */
  | 'named'
  /** A role or organisation speaks, and the article names no holder ("a ministry spokesperson said"). */
  | 'role'
  /** A role whose holder the article names ("the Defence Secretary" after "Defence Secretary Margaret Alden"). */
  | 'role-holder'
  /** "he said": the subject of an earlier sentence. */
  | 'pronoun'
  /** No attribution: the quote continues the previous paragraph's quote, by the same speaker. */
  | 'follow-on'
  /** No attribution: the previous paragraph reports what the speaker said ("X said the plan was flawed."). */
  | 'reported-speech'
  /** "he said" with no safe antecedent (a role nobody is named for, two people, nothing before it). */
  | 'unresolved-pronoun'
  /** Several people speak at once ("Mr Obama and Mr Putin said"). */
  | 'several-speakers'
  /** Nothing says who spoke: a slogan, an inscription, an unattributed quote. */
  | 'unattributed';

/** One quote of an article. */
export interface FoundQuote {
  /** The quoted words, marks removed; parts joined with a space (or a full stop where a sentence ended). */
  text: string;
  /** The person who said it, by the fullest name the article gives; null when the article names no one. */
  speaker: string | null;
  /** The speaker's role or organisation as written ("Defence Secretary", "a ministry spokesperson"), or null. */
  description: string | null;
  /** Indexes of the body paragraphs the quote spans, in order. */
  paragraphs: number[];
  reason: QuoteReason;
  /** 0 to 1: how likely the speaker (or its absence) is right; 0 when there is no speaker. */
  confidence: number;
  /** True when the quote and a bare attribution ("- Name", "said Name") are all its one paragraph holds. */
  standalone: boolean;
}

export type { ArticleText } from './article-text.js';

interface Part {
  para: number;
  /** Index of the span among its paragraph's spans. */
  k: number;
  span: Span;
  /** How this part follows the one before: a new sentence (`… she said. "…"`) or the same one (`… she said, "…"`). */
  joins?: 'sentence' | 'clause';
}

interface Chain {
  parts: Part[];
  /** The attribution that interrupts a quote (`"…," she said, "…"`), where one joined its parts. */
  between: { att: Attribution; para: number } | null;
}

/** Who spoke, as the caller sees it. */
interface Speaker {
  speaker: string | null;
  description: string | null;
  reason: QuoteReason;
}

const CONFIDENCE: Record<QuoteReason, number> = {
  named: 0.95,
  role: 0.9,
  'role-holder': 0.85,
  pronoun: 0.8,
  'follow-on': 0.75,
  'reported-speech': 0.6,
  'unresolved-pronoun': 0,
  'several-speakers': 0,
  unattributed: 0,
};

/** An article -> its quotes, in the order they appear. */
export function findQuotes(article: ArticleText): FoundQuote[] {
  const ctx = readArticle(article);
  const out: FoundQuote[] = [];
  // Who issued "a statement" (or a letter, a post) last, so "the statement added" is credited to them.
  const documents = new Map<string, Speaker>();
  let previous: Previous | null = null;
  for (const chain of buildChains(ctx)) {
    const first = chain.parts[0];
    const last = chain.parts[chain.parts.length - 1];
    if (!first || !last) continue;
    const firstText = ctx.body[first.para]?.text ?? '';
    const startsParagraph = firstText.slice(0, first.span.start).trim() === '';
    const found = attributionOf(ctx, chain);
    if (!isQuotation(ctx, chain, startsParagraph, found !== null)) continue;
    let who: Speaker | null = found ? resolveRef(ctx, found.ref, found.para, found.at, documents) : null;
    if (found && who && (who.speaker || who.description)) {
      for (const w of words(found.att.tail.toLowerCase())) if (DOCUMENT_NOUNS.has(w)) documents.set(w, who);
    }
    if (!who) who = fallbackSpeaker(ctx, first, startsParagraph, previous);
    const lastText = ctx.body[last.para]?.text ?? '';
    const rest = lastText.slice(last.span.end + (found?.trailing ? found.att.end : 0)).trim();
    const endsParagraph = isLastSpan(ctx, last) && (!last.span.closed || /^[.,;:!?]*$/.test(rest));
    previous = { lastPara: last.para, lastEnd: last.span.end, speaker: who.speaker || who.description ? who : null, endsParagraph };
    // A quote still open when its paragraph (and the chain) ended lost its closing mark: the words may run long.
    const unclosed = !last.span.closed;
    out.push({
      text: joinParts(chain.parts),
      speaker: who.speaker,
      description: who.description,
      paragraphs: [...new Set(chain.parts.map((p) => p.para))],
      reason: who.reason,
      confidence: Math.round(CONFIDENCE[who.reason] * (unclosed ? 0.8 : 1) * 100) / 100,
      standalone: chain.parts.length === 1 && startsParagraph && isStandalone(lastText, last.span, found),
    });
  }
  return out;
}

/**
 * Spans -> quotes. A quote left open at the end of a paragraph continues in the next when that
 * paragraph opens with a quote mark (agency style); otherwise it ends with its paragraph (a
 * missing closing mark). Two spans of one paragraph are one quote when only an attribution
 * stands between them and the second has none of its own (`"First," she said, "second."`).
 */
function buildChains(ctx: ArticleContext): Chain[] {
  const chains: Chain[] = [];
  let carry: Chain | null = null;
  for (let i = 0; i < ctx.body.length; i++) {
    const p = ctx.body[i]?.text ?? '';
    const spans = ctx.spans[i] ?? [];
    let k = 0;
    let current = null as Chain | null;
    if (carry) {
      const opening = spans[0];
      if (opening && p.slice(0, opening.start).trim() === '') {
        carry.parts.push({ para: i, k: 0, span: opening });
        current = carry;
        k = 1;
      }
      carry = null;
    }
    for (; k < spans.length; k++) {
      const span = spans[k];
      if (!span) continue;
      const prev: Part | undefined = current?.parts[current.parts.length - 1];
      if (current && prev && prev.para === i && prev.span.closed) {
        const between = p.slice(prev.span.end, span.start);
        const joining = between.trim() === '' ? null : afterSpan(ctx, i, prev.k);
        const joinable = between.trim() === '' || (joining !== null && /^[\s,.;:–—-]*$/.test(between.slice(joining.end)));
        if (joinable && !ownAttribution(ctx, i, k)) {
          current.parts.push({ para: i, k, span, joins: /[.!?]\s*$/.test(between) ? 'sentence' : 'clause' });
          if (joining && !current.between) current.between = { att: joining, para: i };
          continue;
        }
      }
      current = { parts: [{ para: i, k, span }], between: null };
      chains.push(current);
    }
    const lastSpan = spans[spans.length - 1];
    if (current && lastSpan && !lastSpan.closed && current.parts[current.parts.length - 1]?.span === lastSpan) carry = current;
  }
  return chains;
}

/** True when span k of paragraph i is followed by an attribution of its own. */
function ownAttribution(ctx: ArticleContext, i: number, k: number): boolean {
  return afterSpan(ctx, i, k) !== null;
}

/**
 * The attribution after span k of paragraph i (up to the next span), cached: joining spans,
 * checking a span's own attribution and attributing a quote all ask about the same words.
 */
function afterSpan(ctx: ArticleContext, i: number, k: number): Attribution | null {
  const key = `${i}:${k}`;
  const cached = ctx.after.get(key);
  if (cached !== undefined) return cached;
  const spans = ctx.spans[i] ?? [];
  const span = spans[k];
  let found: Attribution | null = null;
  if (span?.closed) {
    const p = ctx.body[i]?.text ?? '';
    found = attributionAfter(ctx.names, p.slice(span.end, spans[k + 1]?.start ?? p.length), span.end, endsWithStop(span));
  }
  ctx.after.set(key, found);
  return found;
}

function endsWithStop(span: Span): boolean {
  return /\.\s*$/.test(span.inner);
}

/** An attribution found for a quote, with where its speaker reference stands (for pronouns). */
interface Located {
  att: Attribution;
  ref: SpeakerRef;
  para: number;
  at: number;
  /** Found after the quote's last part, in its paragraph. */
  trailing: boolean;
}

/**
 * The attribution of a quote: the one interrupting it; else after its last part; else a lead-in
 * before its first part in the same sentence; else a lead-in ending the paragraph before
 * (`He said:` then a quote-only paragraph). A pronoun in an attribution after a quote that
 * spans paragraphs is resolved from where the quote starts.
 */
function attributionOf(ctx: ArticleContext, chain: Chain): Located | null {
  const first = chain.parts[0];
  const last = chain.parts[chain.parts.length - 1];
  if (!first || !last) return null;
  const atStart = { para: first.para, at: first.span.start };
  const pronounAt = (att: Attribution, para: number, multi: boolean) =>
    att.ref.kind === 'pronoun' && multi ? atStart : { para, at: att.ref.at };

  if (chain.between) {
    const { att, para } = chain.between;
    return { att, ref: att.ref, ...pronounAt(att, para, para !== first.para), trailing: false };
  }
  if (last.span.closed) {
    const att = afterSpan(ctx, last.para, last.k);
    if (att) return { att, ref: att.ref, ...pronounAt(att, last.para, last.para !== first.para), trailing: true };
  }
  const masked = ctx.masked[first.para] ?? '';
  const spans = ctx.spans[first.para] ?? [];
  const before = spans[first.k - 1];
  const from = Math.max(sentenceStart(endsOf(ctx, first.para), first.span.start), before?.end ?? 0);
  const lead = attributionBefore(ctx.names, masked.slice(from, first.span.start), from);
  if (lead) return { att: lead, ref: lead.ref, para: first.para, at: lead.ref.at, trailing: false };
  if (first.para > 0 && masked.slice(0, first.span.start).trim() === '') {
    const prev = ctx.masked[first.para - 1] ?? '';
    const prevSpans = ctx.spans[first.para - 1] ?? [];
    const lastPrev = prevSpans[prevSpans.length - 1];
    if (lastPrev && !lastPrev.closed) return null;
    const start = Math.max(sentenceStart(endsOf(ctx, first.para - 1), Math.max(0, prev.length - 1)), lastPrev?.end ?? 0);
    const tail = prev.slice(start);
    if (tail.trimEnd().endsWith(':')) {
      const announced = attributionBefore(ctx.names, tail, start);
      if (announced) return { att: announced, ref: announced.ref, para: first.para - 1, at: announced.ref.at, trailing: false };
    }
  }
  return null;
}

/** A speaker reference -> who it is: a person's display name, a role (and its holder), a pronoun's antecedent. */
function resolveRef(ctx: ArticleContext, ref: SpeakerRef, para: number, at: number, documents: Map<string, Speaker>): Speaker {
  switch (ref.kind) {
    case 'person':
      return { speaker: displayName(ctx.names, ref.person), description: ref.description, reason: 'named' };
    case 'role': {
      const { role } = ref;
      if (role.document) {
        const issuer = documents.get(role.head);
        return issuer ? { ...issuer, reason: 'role-holder' } : { speaker: null, description: role.text, reason: 'role' };
      }
      const holder = resolveRole(ctx.holders, role, para);
      return holder
        ? { speaker: holder, description: role.text, reason: 'role-holder' }
        : { speaker: null, description: role.text, reason: 'role' };
    }
    case 'pronoun': {
      const antecedent = resolvePronoun(ctx, ref.pronoun, para, at);
      return antecedent ? { ...antecedent, reason: 'pronoun' } : { speaker: null, description: null, reason: 'unresolved-pronoun' };
    }
    case 'several':
      return { speaker: null, description: null, reason: 'several-speakers' };
  }
}

/**
 * A span is offered as a quote only when it stands as one: it opens a paragraph or a sentence,
 * follows a colon or a verb of speech ("chanting "…"", "said "…""), or (when attributed)
 * follows a comma. A phrase inside a sentence is not a quote, even when the sentence is
 * attributed: in `The cost is "out of control", MPs warned`, MPs said more than those words.
 */
function isQuotation(ctx: ArticleContext, chain: Chain, startsParagraph: boolean, attributed: boolean): boolean {
  const first = chain.parts[0];
  if (!first || !/[\p{L}\p{N}]/u.test(first.span.inner)) return false;
  if (startsParagraph || chain.parts.length > 1 || !first.span.closed) return true;
  const masked = ctx.masked[first.para] ?? '';
  const before = masked.slice(Math.max(0, first.span.start - 120), first.span.start).trimEnd();
  if (before.endsWith(':')) return true;
  if (before.endsWith(',')) return attributed || SPEECH_ACT.test(before);
  if (!/[.!?]["”’')]*$/.test(before)) return SPEECH_ACT.test(before);
  // A capitalised sentence opener quoted as a name ("Operation Storm" was launched …) is a phrase, not a quote.
  const inner = first.span.inner.trim();
  const p = ctx.body[first.para]?.text ?? '';
  const after = p.slice(first.span.end, sentenceEnd(endsOf(ctx, first.para), first.span.end, p.length));
  return attributed || /[.!?,…]$/.test(inner) || !/^\s*\p{Ll}/u.test(after);
}

/** The quote before the one being attributed: where it ended and who said it. */
interface Previous {
  lastPara: number;
  lastEnd: number;
  speaker: Speaker | null;
  /** Nothing but its attribution follows it in its paragraph. */
  endsParagraph: boolean;
}

/**
 * The speaker of a quote with no attribution that opens a paragraph or a sentence: the speaker
 * of the quote just before it (a follow-on paragraph, or the next sentence after `"…," said X.`),
 * or whoever the sentence just before it reports speaking ("X said the plan was flawed. "…"");
 * else none.
 */
function fallbackSpeaker(ctx: ArticleContext, first: Part, startsParagraph: boolean, previous: Previous | null): Speaker {
  const none: Speaker = { speaker: null, description: null, reason: 'unattributed' };
  const masked = ctx.masked[first.para] ?? '';
  const ends = endsOf(ctx, first.para);
  const sentence = sentenceStart(ends, first.span.start);
  if (!startsParagraph) {
    // Only a quote that starts its sentence, straight after the sentence before it.
    if (masked.slice(sentence, first.span.start).trim() !== '' || sentence === 0) return none;
    const before = sentenceStart(ends, sentence - 1);
    if (previous && previous.lastPara === first.para && previous.lastEnd > before) {
      return previous.speaker ? { ...previous.speaker, reason: 'follow-on' } : none;
    }
    const reported = reportedSpeaker(ctx, first.para, before, sentence);
    return reported ? { ...reported, reason: 'reported-speech' } : none;
  }
  if (first.para === 0) return none;
  if (previous && previous.lastPara === first.para - 1) {
    return previous.speaker && previous.endsParagraph ? { ...previous.speaker, reason: 'follow-on' } : none;
  }
  if (ctx.body[first.para - 1]?.kind !== 'text') return none;
  const prev = ctx.masked[first.para - 1] ?? '';
  const reported = reportedSpeaker(
    ctx,
    first.para - 1,
    sentenceStart(endsOf(ctx, first.para - 1), Math.max(0, prev.trimEnd().length - 1)),
    prev.length,
  );
  return reported ? { ...reported, reason: 'reported-speech' } : none;
}

/** The speaker of the sentence from `start` to `end` of paragraph `para` when it reports speech ("Janet Orme said the decision …"). */
function reportedSpeaker(ctx: ArticleContext, para: number, start: number, end: number): Speaker | null {
  const sentence = (ctx.masked[para] ?? '').slice(start, end);
  for (const v of verbsIn(sentence).slice(0, 2)) {
    // Reported speech goes on after the verb ("said the decision …"); a verb ending the sentence reports nothing.
    if (!/^\s+(?:that\s+)?["“'‘\p{L}]/u.test(sentence.slice(v.end))) continue;
    const ref = parseSubject(ctx.names, sentence.slice(0, v.at), start);
    if (!ref || ref.kind === 'several') continue;
    const who = resolveRef(ctx, ref, para, ref.at, new Map());
    return who.speaker || who.description ? who : null;
  }
  return null;
}

/** True when `part` is the last span of its paragraph. */
function isLastSpan(ctx: ArticleContext, part: Part): boolean {
  return part.k === (ctx.spans[part.para]?.length ?? 0) - 1;
}

/** The paragraph is the quote alone, or the quote and a bare attribution ending it: `"…," said Name.` */
function isStandalone(p: string, span: Span, found: Located | null): boolean {
  const after = p.slice(span.end);
  if (/^\s*[.,]?\s*$/.test(after)) return true;
  if (!found || !found.trailing || !found.att.bare) return false;
  return /^\s*\.?\s*$/.test(after.slice(found.att.end));
}

/**
 * The words of a quote's parts as one text. Parts from different paragraphs are joined with a
 * space; an interrupted sentence keeps its comma ("First part, second part"), and where the
 * second part starts a new sentence the first one's comma becomes a full stop.
 */
function joinParts(parts: Part[]): string {
  let text = '';
  for (const part of parts) {
    const inner = part.span.inner.replace(/\s+/g, ' ').trim();
    if (inner === '') continue;
    const newSentence = part.joins === 'sentence' || (/^\p{Lu}/u.test(inner) && !/^I\b/.test(inner));
    if (text === '') text = inner;
    else if (/,$/.test(text) && newSentence) text = `${text.slice(0, -1)}. ${inner}`;
    else text = `${text} ${inner}`;
  }
  return text.replace(/[\s,]+$/, '');
}
