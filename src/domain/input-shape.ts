import { codedField, type FieldError } from './errors.ts';

/** Deeper than any body kehu takes (a customer with custom values is 4 levels): refused, not walked. */
export const MAX_INPUT_DEPTH = 32;

// Parsed JSON and query strings are plain objects (the query's prototype is itself prototype-less);
// uploads and streams are not looked into.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && ((value as object).constructor === undefined || (value as object).constructor === Object);

// Half of a character outside the BMP (an emoji cut in two): the databases keep no such thing, and
// silently stored replacement characters instead (one on SQLite, three on PostgreSQL).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const childPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/**
 * The first thing in parsed input that no part of kehu may be handed: nesting deeper than
 * `MAX_INPUT_DEPTH`, or a string holding a NUL character (PostgreSQL refuses it in text,
 * SQLite would keep it silently) or half a character (a lone UTF-16 surrogate). A loop with its own stack, so no input can overflow the
 * call stack; each value is visited once, in document order.
 */
export function inputProblem(input: unknown, root = ''): FieldError | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return codedField(path || 'body', 'request.nul');
      if (LONE_SURROGATE.test(value)) return codedField(path || 'body', 'request.lone_surrogate');
      continue;
    }
    const entries: Array<[string | number, unknown]> | null = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : isPlainObject(value)
        ? Object.entries(value)
        : null;
    if (entries === null || entries.length === 0) continue;
    if (depth >= MAX_INPUT_DEPTH) return codedField(path || 'body', 'request.too_deep', { limit: MAX_INPUT_DEPTH });
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      stack.push({ value: item, path: childPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}
