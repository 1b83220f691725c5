import { sql, type SelectQueryBuilder } from 'kysely';
import { decodeCursor, encodeCursor, type CursorValue, type SortSpec } from './keyset.ts';

export interface PageRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const DEFAULT_LIMIT = 50;

/**
 * Keyset pagination over (sort column, id): no OFFSET and no count, so page 10,000 is as
 * fast as page 1.
 */
export async function fetchPage<Row extends { id: number }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- works for any table's builder
  query: SelectQueryBuilder<any, any, Row>,
  table: string,
  sort: SortSpec,
  page: PageRequest,
): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const limit = page.limit ?? DEFAULT_LIMIT;
  const column = sql.ref(`${table}.${sort.column}`);
  const id = sql.ref(`${table}.id`);
  const direction = sort.descending ? 'desc' : 'asc';
  let q = query;
  if (page.cursor) {
    const [value, lastId] = decodeCursor(page.cursor, sort.column);
    q = q.where(sql<boolean>`(${column}, ${id}) ${sql.raw(sort.descending ? '<' : '>')} (${value}, ${lastId})`);
  }
  const rows = await q.orderBy(column, direction).orderBy(id, direction).limit(limit + 1).execute();
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items.at(-1) as (Row & Record<string, unknown>) | undefined;
  return {
    rows: items,
    nextCursor: hasMore && last ? encodeCursor(last[sort.column] as CursorValue, last.id) : null,
  };
}
