import { AppError } from '../../domain/errors.ts';

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
      errors: [{ field: 'sort', message: `must be one of ${Object.keys(columns).flatMap((k) => [k, `-${k}`]).join(', ')}` }],
    });
  }
  return { column, descending };
}

export type CursorValue = string | number | null;

export const encodeCursor = (value: CursorValue, id: number): string =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

export function decodeCursor(cursor: string): [CursorValue, number] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      ['string', 'number'].includes(typeof parsed[0]) &&
      Number.isSafeInteger(parsed[1])
    ) {
      return [parsed[0] as CursorValue, parsed[1] as number];
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('validation', {
    message: 'cursor is not valid',
    errors: [{ field: 'cursor', message: 'use the nextCursor value of a previous page unchanged' }],
  });
}
