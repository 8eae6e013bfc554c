import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { parsePage } from './page-parser.js';

/** Asserts that parsing `text` is refused with `code` and a message matching `message`. */
function refused(text: string, code: string, message: RegExp) {
  assert.throws(
    () => parsePage(text),
    (e) => isAppError(e) && e.code === code && e.status === 422 && message.test(e.message),
  );
}

test('JSON, HTML and XML are refused as not being a page, whatever they contain', () => {
  refused('{\n  "headline": "Army",\n  "body": "x"\n}\n', 'NOT_A_PAGE', /JSON/);
  refused('[{"section":"Army"}]', 'NOT_A_PAGE', /JSON/);
  refused('<!DOCTYPE html>\n<html><body><h1>Army</h1></body></html>', 'NOT_A_PAGE', /HTML or XML/);
  refused('\n\n  <?xml version="1.0"?>\n<rss><channel><title>Army</title></channel></rss>', 'NOT_A_PAGE', /HTML or XML/);
});

test('a first line that is punctuation or too long for a desk name is not a section', () => {
  refused('---\n\nHeadline\n\nStandfirst.\n', 'INVALID_SECTION', /"---", is not a section name/);
  refused('***\n\nHeadline\n\nStandfirst.\n', 'INVALID_SECTION', /not a section name/);
  const sentence = 'The Ministry of Defence confirmed on Tuesday that the exercise would go ahead as planned';
  refused(`${sentence}\n\nHeadline\n\nStandfirst.\n`, 'INVALID_SECTION', /at most 60 characters/);
});

test('ordinary desks, with hyphens, ampersands or digits, are sections', () => {
  for (const section of ['Tri-Service', 'Defence Procurement & Industry', 'Navy', 'Forces 24', 'Ukraine: the war']) {
    assert.equal(parsePage(`${section}\n\nA headline\n\nA standfirst.\n\nA paragraph.\n`).section, section);
  }
});
