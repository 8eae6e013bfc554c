/**
 * `npx tsx scripts/quote-report.ts`: runs the quote service over the quote test set
 * (test/fixtures/quotes) and prints, per attribution pattern and overall, how many quotes were
 * expected, found, credited to the right speaker, the wrong one or none, with precision (right
 * / answered) and recall (right / expected), then every failure and every offer nobody expected.
 */
import { findQuotes } from '../src/domain/quotes/index.js';
import { formatReport, loadQuoteSet, scoreArticle, type OfferedQuote, type Outcome } from '../test/fixtures/quotes/quote-set.js';

const outcomes: Outcome[] = [];
const unexpected: Array<{ file: string; quote: OfferedQuote }> = [];
for (const article of loadQuoteSet()) {
  const found = findQuotes({ headline: article.headline, standfirst: article.standfirst, body: article.body });
  const scored = scoreArticle(article, found);
  outcomes.push(...scored.outcomes);
  for (const quote of scored.unexpected) unexpected.push({ file: article.file, quote });
}
console.log(formatReport(outcomes, unexpected));
