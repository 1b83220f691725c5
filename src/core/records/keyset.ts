import { AppError } from '../../domain/errors.ts';
import { isStorableDate, toUtcInstant } from '../../domain/instant.ts';

export interface SortSpec {
  column: string;
  descending: boolean;
}

/** `-createdAt` → created_at descending; the id breaks ties so paging is stable. */
export function parseSort(sort: string | undefined, columns: Record<string, string>, fallback: string): SortSpec {
  const raw = sort ?? fallback;
  const descending = raw.startsWith('-');
  const key = descending ? raw.slice(1) : raw;
  const column = columns[key];
  if (!column) {
    throw new AppError('validation', {
      message: `cannot sort by ${key}`,
      messageCode: 'request.sort',
      params: { key },
      errors: [{ field: 'sort', message: `must be one of ${Object.keys(columns).flatMap((k) => [k, `-${k}`]).join(', ')}`, code: 'field.one_of', params: { values: Object.keys(columns).flatMap((k) => [k, `-${k}`]).join(', ') } }],
    });
  }
  return { column, descending };
}

export type CursorValue = string | number | null;

export const encodeCursor = (value: CursorValue, id: number): string =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

type CursorKind = 'text' | 'integer' | 'instant' | 'date';

/**
 * What each sortable column holds, so a hand-made cursor is refused with a 400 before the
 * database compares, say, "abc" with a timestamp and fails. Every sort column must be here.
 */
const CURSOR_KINDS: Record<string, CursorKind> = {
  id: 'integer',
  at: 'instant',
  created_at: 'instant',
  updated_at: 'instant',
  deleted_at: 'instant',
  occurred_at: 'instant',
  ordered_at: 'instant',
  due_sort: 'instant',
  close_sort: 'date',
  amount: 'integer',
  total: 'integer',
  position: 'integer',
  name: 'text',
  name_pinyin: 'text',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function fits(value: CursorValue, kind: CursorKind): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  if (kind === 'date') return isStorableDate(value);
  if (kind === 'instant') return RFC3339.test(value) && toUtcInstant(value) !== null;
  return true;
}

const invalidCursor = () =>
  new AppError('validation', {
    message: 'cursor is not valid',
    messageCode: 'field.cursor',
    errors: [{ field: 'cursor', message: 'use the nextCursor value of a previous page unchanged', code: 'field.cursor' }],
  });

export function decodeCursor(cursor: string, column: string): [CursorValue, number] {
  const kind = CURSOR_KINDS[column];
  if (!kind) throw new AppError('internal', { message: `no cursor kind declared for sort column ${column}` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (Array.isArray(parsed) && parsed.length === 2 && fits(parsed[0] as CursorValue, kind) && Number.isSafeInteger(parsed[1])) {
    return [parsed[0] as CursorValue, parsed[1] as number];
  }
  throw invalidCursor();
}
