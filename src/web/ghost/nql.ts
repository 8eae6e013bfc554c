/**
 * Ghost's filter language (NQL), the part of it Ghost front ends use: `field:value`,
 * `field:-value` (not), `field:[a,b]` (any of), comparisons `field:>value`, `field:>=value`,
 * `field:<value`, `field:<=value`, values in single quotes, `+` for "and", `,` for "or"
 * ("and" binds tighter), and parentheses. Anything else is a `FilterSyntaxError`, which the
 * Ghost API answers as Ghost does: 400, "Error parsing filter".
 */

/** A parsed filter. */
export type NqlNode =
  { and: NqlNode[] } | { or: NqlNode[] } | { field: string; op: '=' | '!=' | '>' | '>=' | '<' | '<='; values: string[] };

/** A filter that does not parse, with what was wrong and where. */
export class FilterSyntaxError extends Error {}

/** Longer filters are refused: no front end writes one, and parsing stays cheap. */
const MAX_FILTER_LENGTH = 2000;

/** Parses a filter string; throws FilterSyntaxError. */
export function parseNql(input: string): NqlNode {
  if (input.length > MAX_FILTER_LENGTH) throw new FilterSyntaxError(`a filter may be at most ${MAX_FILTER_LENGTH} characters`);
  let i = 0;
  const fail = (what: string): never => {
    throw new FilterSyntaxError(`${what} at character ${i + 1} of "${input}"`);
  };
  const skipSpaces = () => {
    while (input[i] === ' ') i++;
  };
  const peek = () => {
    skipSpaces();
    return input[i];
  };

  function scalar(): string {
    skipSpaces();
    if (input[i] === "'" || input[i] === '"') {
      const quote = input[i]!;
      let out = '';
      i++;
      while (i < input.length && input[i] !== quote) {
        // A backslash keeps the next character, so a quoted value can hold the quote mark.
        if (input[i] === '\\' && i + 1 < input.length) i++;
        out += input[i++];
      }
      if (input[i] !== quote) fail('an unclosed quote');
      i++;
      return out;
    }
    const start = i;
    while (i < input.length && !/[\s,+()[\]'"]/.test(input[i]!)) i++;
    if (i === start) fail('a value was expected');
    return input.slice(start, i);
  }

  function term(): NqlNode {
    skipSpaces();
    const start = i;
    while (i < input.length && /[A-Za-z0-9_.]/.test(input[i]!)) i++;
    const field = input.slice(start, i);
    if (!field) fail('a field name was expected');
    if (input[i] !== ':') fail(`":" was expected after "${field}"`);
    i++;
    skipSpaces();
    let op: '=' | '!=' | '>' | '>=' | '<' | '<=' = '=';
    if (input.startsWith('>=', i) || input.startsWith('<=', i)) {
      op = input.slice(i, i + 2) as '>=' | '<=';
      i += 2;
    } else if (input[i] === '>' || input[i] === '<') {
      op = input[i] as '>' | '<';
      i++;
    } else if (input[i] === '-') {
      op = '!=';
      i++;
    } else if (input[i] === '~') fail('"contains" (~) filters are not supported');
    skipSpaces();
    if (input[i] !== '[') return { field, op, values: [scalar()] };
    if (op !== '=' && op !== '!=') fail('a list cannot be compared');
    i++;
    const values = [scalar()];
    while (peek() === ',') {
      i++;
      values.push(scalar());
    }
    if (peek() !== ']') fail('"]" was expected');
    i++;
    return { field, op, values };
  }

  function unary(): NqlNode {
    if (peek() === '(') {
      i++;
      const inner = or();
      if (peek() !== ')') fail('")" was expected');
      i++;
      return inner;
    }
    return term();
  }

  function and(): NqlNode {
    const parts = [unary()];
    while (peek() === '+') {
      i++;
      parts.push(unary());
    }
    return parts.length === 1 ? parts[0]! : { and: parts };
  }

  function or(): NqlNode {
    const parts = [and()];
    while (peek() === ',') {
      i++;
      parts.push(and());
    }
    return parts.length === 1 ? parts[0]! : { or: parts };
  }

  const tree = or();
  if (peek() !== undefined) fail(`unexpected "${input[i]}"`);
  return tree;
}

/**
 * Whether a record matches a filter, for lists short enough to filter in memory (tags,
 * authors, pages). `fields` gives each filterable field's value; a field it lacks is an error.
 */
export function matchesNql(node: NqlNode, fields: Record<string, string | number | boolean | null>): boolean {
  if ('and' in node) return node.and.every((n) => matchesNql(n, fields));
  if ('or' in node) return node.or.some((n) => matchesNql(n, fields));
  if (!(node.field in fields)) throw new FilterSyntaxError(`cannot filter on "${node.field}"`);
  const value = fields[node.field];
  const text = value === null ? 'null' : String(value);
  switch (node.op) {
    case '=':
      return node.values.some((v) => v.toLowerCase() === text.toLowerCase());
    case '!=':
      return node.values.every((v) => v.toLowerCase() !== text.toLowerCase());
    default: {
      const [v] = node.values;
      const a = typeof value === 'number' ? value : text;
      const b = typeof value === 'number' ? Number(v) : v!;
      return node.op === '>' ? a > b : node.op === '>=' ? a >= b : node.op === '<' ? a < b : a <= b;
    }
  }
}
