/**
 * A copy of `text` in one piece of memory of its own. A string built by concatenation is a
 * rope of every piece, and a piece cut from a larger string (`slice`) keeps the whole of that
 * string alive: a rendered article body kept for hours would hold the Markdown renderer's
 * intermediate strings too, several times its own size. Call it on strings a cache keeps.
 */
export function compactString<T extends string>(text: T): T {
  return Buffer.from(text, 'utf8').toString('utf8') as T;
}
