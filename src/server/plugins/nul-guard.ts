import type { FastifyInstance } from 'fastify';
import { validationError } from '../../domain/errors.ts';

// Parsed JSON and query strings are plain objects (the query's prototype is itself prototype-less);
// uploads and streams are not looked into.
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && ((value as object).constructor === undefined || (value as object).constructor === Object);

/** The path of the first string holding a NUL character, or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, path ? `${path}.${key}` : key);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * No text kehu stores may hold a NUL character: PostgreSQL refuses it in text columns and
 * SQLite would keep it silently. Refused up front, for every route, with the field named.
 */
export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = findNul(request.params, '') ?? findNul(request.query, '') ?? findNul(request.body, '');
    if (field !== null) throw validationError([{ field: field || 'body', message: 'must not contain a NUL character (\\u0000)' }]);
  });
}
