import { invalid } from '../../kernel/errors.js';
import { readableSize } from './export-file.js';

/**
 * The bytes of `source`, counted as they pass (`onBytes` gets the running total) and cut off
 * with FILE_TOO_LARGE past `maxBytes`: a file that grew after its size was checked, or a
 * stream whose size was never known, is still never read beyond the cap.
 */
export async function* countedBytes(
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  onBytes?: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += bytes.length;
    if (total > maxBytes)
      throw invalid(
        'FILE_TOO_LARGE',
        `The export is larger than the ${readableSize(maxBytes)} an import reads; raise the limit with --max-mb.`,
      );
    onBytes?.(total);
    yield bytes;
  }
}

/**
 * Text from UTF-8 bytes, chunk by chunk (a character split between chunks is joined). Bytes
 * that are not UTF-8 are refused with where they are, rather than turned into "�".
 */
export async function* utf8Text(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const bytes of source) {
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw invalid(
        'FILE_NOT_UTF8',
        `The export is not UTF-8 text: bytes after byte ${offset.toLocaleString('en-GB')} are not. Export it again as UTF-8.`,
      );
    }
    offset += bytes.length;
    if (text) yield text;
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    throw invalid('FILE_NOT_UTF8', 'The export is not UTF-8 text: it ends in the middle of a character.');
  }
  if (rest) yield rest;
}

/**
 * `text` unchanged, once its first characters have been looked at: `refuse` is called with
 * the first character that is not white space, and throws when the file is plainly something
 * else (JSON given to the WordPress importer, XML to the Ghost one).
 */
export async function* firstCharacterChecked(text: AsyncIterable<string>, refuse: (first: string) => void): AsyncGenerator<string> {
  let checked = false;
  for await (const chunk of text) {
    if (!checked) {
      const first = /\S/.exec(chunk.replace(/^\uFEFF/, ''))?.[0];
      if (first) {
        checked = true;
        refuse(first);
      }
    }
    yield chunk;
  }
}
