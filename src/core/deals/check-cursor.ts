import { AppError } from '../../domain/errors.ts';
import { isStorableDate, toUtcInstant } from '../../domain/instant.ts';
import { decodeCursor } from '../records/keyset.ts';

export type CursorKind = 'integer' | 'instant' | 'date';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function fits(value: string | number | null, kind: CursorKind): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  return kind === 'date' ? isStorableDate(value) : RFC3339.test(value) && toUtcInstant(value) !== null;
}

/**
 * Refuses a hand-made cursor whose value cannot be one of the sort column, which PostgreSQL
 * would otherwise fail on (a 500) when comparing it with the column.
 */
export function checkCursorKind(cursor: string | undefined, kind: CursorKind): void {
  if (cursor === undefined) return;
  const [value] = decodeCursor(cursor);
  if (fits(value, kind)) return;
  throw new AppError('validation', {
    message: 'cursor is not valid',
    errors: [{ field: 'cursor', message: 'use the nextCursor value of a previous page unchanged' }],
  });
}
