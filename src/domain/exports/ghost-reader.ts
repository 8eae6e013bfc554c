import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type Assembler from 'stream-json/assembler.js';
import type parser from 'stream-json/parser.js';
import { lazy } from '../../kernel/lazy.js';
import { AppError, invalid } from '../../kernel/errors.js';
import { firstCharacterChecked, utf8Text } from './byte-stream.js';

const requireModule = createRequire(import.meta.url);
/** stream-json, loaded when a Ghost export is first read. */
const streamJson = lazy(() => ({
  Assembler: (requireModule('stream-json/assembler.js') as typeof import('stream-json/assembler.js')).default,
  parser: (requireModule('stream-json/parser.js') as typeof import('stream-json/parser.js')).default,
  verifier: (requireModule('stream-json/utils/verifier.js') as typeof import('stream-json/utils/verifier.js')).default,
}));

/** One element of one of the export's tables (`posts`, `tags`, `posts_tags` …), as Ghost wrote it. */
export interface GhostRow {
  collection: string;
  value: Record<string, unknown>;
}

type Frame = { array: true; index: number } | { array: false; key: string | null };

const keyAt = (stack: Frame[], i: number) => {
  const f = stack[i];
  return f === undefined ? undefined : f.array ? f.index : f.key;
};

/** True when the innermost container is the object of tables: `db[N].data` (what Ghost's exporter writes) or a bare `data`. */
function inTables(stack: Frame[]): boolean {
  const top = stack.at(-1);
  if (!top || top.array) return false;
  if (stack.length === 4) return keyAt(stack, 0) === 'db' && typeof keyAt(stack, 1) === 'number' && keyAt(stack, 2) === 'data';
  return stack.length === 2 && keyAt(stack, 0) === 'data';
}

/** The table a value is a row of (`posts` for `db[0].data.posts[3]`), or null. */
function tableOf(stack: Frame[]): string | null {
  const top = stack.at(-1);
  if (!top?.array || !inTables(stack.slice(0, -1))) return null;
  return String(keyAt(stack, stack.length - 2));
}

/**
 * Reads a Ghost JSON export as a stream of table rows, never parsing the whole file at once:
 * each row of a table named in `tables` is assembled on its own and yielded, everything else
 * is tokenised, counted and let go. `open` gives the bytes afresh: they are read a second time
 * only to say where a syntax error is (line and column), which the streaming parser does not know.
 */
export async function* readGhostRows(
  open: () => AsyncIterable<Uint8Array>,
  tables: ReadonlySet<string>,
  /** Filled with the number of rows of every table, assembled or not. */
  counts?: Map<string, number>,
): AsyncGenerator<GhostRow> {
  const tokens = streamJson().parser.asStream({ streamValues: false });
  const source = Readable.from(
    firstCharacterChecked(utf8Text(open()), (first) => {
      if (first === '<')
        throw invalid(
          'NOT_AN_EXPORT',
          'This file is XML, not a Ghost export (JSON). For a WordPress export, use despatch import-wordpress.',
        );
    }),
  );
  source.on('error', (err) => tokens.destroy(err));
  source.pipe(tokens);
  const stack: Frame[] = [];
  let assembler: Assembler | null = null;
  let collection = '';
  let sawTables = false;
  let started = false;
  try {
    for await (const token of tokens as AsyncIterable<parser.Token>) {
      if (!started) {
        started = true;
        if (token.name !== 'startObject') throw notAGhostExport();
      }
      if (assembler) {
        assembler.consume(token);
        if (assembler.done) {
          yield { collection, value: assembler.current as Record<string, unknown> };
          assembler = null;
        }
        continue;
      }
      switch (token.name) {
        case 'startObject':
        case 'startArray':
        case 'stringValue':
        case 'numberValue':
        case 'nullValue':
        case 'trueValue':
        case 'falseValue': {
          const top = stack.at(-1);
          if (top?.array) top.index++;
          if (token.name !== 'startObject' && token.name !== 'startArray') break;
          if (token.name === 'startArray' && inTables(stack)) sawTables = true;
          const table = tableOf(stack);
          if (table !== null) counts?.set(table, (counts.get(table) ?? 0) + 1);
          if (table !== null && token.name === 'startObject' && tables.has(table)) {
            // A row of a wanted table: assembled alone, so only one row is ever held.
            collection = table;
            assembler = new (streamJson().Assembler)();
            assembler.consume(token);
          } else stack.push(token.name === 'startArray' ? { array: true, index: -1 } : { array: false, key: null });
          break;
        }
        case 'keyValue': {
          const top = stack.at(-1);
          if (top && !top.array) top.key = token.value;
          break;
        }
        case 'endObject':
        case 'endArray':
          stack.pop();
          break;
        default:
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw await locateSyntaxError(open, err);
  } finally {
    source.destroy();
    tokens.destroy();
  }
  if (!sawTables) throw notAGhostExport();
}

const notAGhostExport = () =>
  invalid(
    'NOT_AN_EXPORT',
    'This JSON file is not a Ghost export: it has no db[0].data with posts. Export the site from Ghost Admin → Settings → Migration tools → Export content.',
  );

/** A syntax error as EXPORT_MALFORMED with its line and column, found by reading the file again with the verifier. */
async function locateSyntaxError(open: () => AsyncIterable<Uint8Array>, original: unknown): Promise<AppError> {
  const plain = original instanceof Error ? original.message.replace(/^Parser cannot parse input: /, '') : String(original);
  const check = streamJson().verifier.asStream();
  const source = Readable.from(utf8Text(open()));
  source.on('error', (err) => check.destroy(err));
  source.pipe(check);
  try {
    for await (const _ of check);
  } catch (err) {
    const at = err as { line?: number; pos?: number; message?: string };
    if (typeof at.line === 'number')
      return invalid(
        'EXPORT_MALFORMED',
        `The export is not valid JSON at line ${at.line}, column ${at.pos}: ${String(at.message ?? plain).replace(/^.*?Verifier cannot parse input: /, '')}. Nothing after that point can be read; export the site again.`,
      );
  } finally {
    source.destroy();
  }
  return invalid('EXPORT_MALFORMED', `The export is not valid JSON: ${plain}. Export the site again.`);
}
