/**
 * A value made on first use and kept: for a heavy library only some processes need (image
 * processing, mail parsing, password lists), loaded through `createRequire` by its caller
 * so the reader site never pays its memory.
 */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value;
  };
}
