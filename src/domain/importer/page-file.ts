/**
 * Bytes -> text for an uploaded page file: the size limit, and the checks that turn an empty,
 * oversized, binary or non-UTF-8 file into a Validation error whose code tells the editor what
 * to fix. Kept apart from parsing because callers check a file's size before they read it, and
 * deciding "is this text at all?" needs no idea of what an article page looks like.
 */
import { invalid } from '../../kernel/errors.js';

/** Largest page file we accept, in bytes (5 MB). */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Throws Validation FILE_TOO_LARGE for a page over 5 MB; callers may check a file's size before reading it. */
export function assertPageSize(size: number): void {
  if (size > MAX_PAGE_BYTES)
    throw invalid('FILE_TOO_LARGE', `The file is ${size} bytes; the size limit is 5 MB (${MAX_PAGE_BYTES} bytes).`);
}

/** Bytes -> text; throws Validation FILE_EMPTY / FILE_TOO_LARGE / FILE_BINARY / FILE_NOT_UTF8; strips a leading BOM. */
export function decodePageFile(bytes: Uint8Array): string {
  if (bytes.length === 0) throw invalid('FILE_EMPTY', 'The file is empty (0 bytes).');
  assertPageSize(bytes.length);
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
    throw invalid(
      'FILE_BINARY',
      `The file looks binary, not text: it has control character ${describeControl(text.charCodeAt(c1))} at character ${c1}.`,
    );
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
