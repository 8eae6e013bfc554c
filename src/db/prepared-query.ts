import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/** Stands in for parameter `i` while the query is compiled once. */
const slot = (i: number) => `\u0000param:${i}\u0000`;

/**
 * A query built and compiled once, then run with new parameters. Building and compiling a
 * Kysely query costs more than running a small indexed one, and page queries differ only
 * in their values. `build` receives placeholders and must use each one as a bound value
 * (in `where`, `limit`, `offset` …), never as a column or table name.
 */
export function preparedQuery<Params extends unknown[], Row>(
  db: Kysely<any>,
  build: (...params: Params) => Compilable<Row>,
  arity: number,
): (...params: Params) => Promise<Row[]> {
  const compiled = build(...(Array.from({ length: arity }, (_, i) => slot(i)) as Params)).compile();
  const slots = compiled.parameters.map((value) => {
    // The NULs are the point: no real bound value contains them, so a slot is never mistaken for data.
    // oxlint-disable-next-line no-control-regex
    const i = typeof value === 'string' ? /^\u0000param:(\d+)\u0000$/.exec(value)?.[1] : undefined;
    return i === undefined ? -1 : Number(i);
  });
  if (new Set(slots.filter((i) => i >= 0)).size !== arity) throw new Error('preparedQuery: every parameter must appear as a bound value');
  return async (...params) => {
    const values = compiled.parameters.map((value, k) => (slots[k]! >= 0 ? params[slots[k]!] : value));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, values));
    return result.rows;
  };
}
