import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.ts';

// SQLite binds at most 32,766 parameters per statement, PostgreSQL 65,535: stay under both.
const MAX_BOUND_PARAMETERS = 32_766;

type Row = Record<string, unknown>;

/**
 * Full batches, then the rest in power-of-two sizes: only a handful of distinct statements per
 * table, so the driver's statement cache does not fill with one-off multi-thousand-row inserts.
 */
function* batches(rows: Row[]): Generator<Row[]> {
  const columns = Math.max(1, Object.keys(rows[0] ?? {}).length);
  const full = Math.floor(MAX_BOUND_PARAMETERS / columns);
  let start = 0;
  for (; rows.length - start >= full; start += full) yield rows.slice(start, start + full);
  for (let size = 2 ** Math.floor(Math.log2(full)); size >= 1; size /= 2) {
    if (rows.length - start >= size) {
      yield rows.slice(start, start + size);
      start += size;
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one helper for every table; rows come typed from the caller
const anyDb = (db: Kysely<Schema>) => db as Kysely<any>;

/** Inserts rows that all have the same columns in as few multi-row statements as the databases allow. */
export async function insertRows(db: Kysely<Schema>, table: keyof Schema, rows: Row[]): Promise<void> {
  for (const batch of batches(rows)) await anyDb(db).insertInto(table).values(batch).execute();
}

/** Like insertRows, and returns the new `id` of each row, in the order of `rows`. */
export async function insertRowsReturningIds(db: Kysely<Schema>, table: keyof Schema, rows: Row[]): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of batches(rows)) {
    const returned: Array<{ id: number }> = await anyDb(db).insertInto(table).values(batch).returning('id').execute();
    // RETURNING promises no order, but ids come from a counter that follows the VALUES order.
    const batchIds = returned.map((r) => Number(r.id)).sort((a, b) => a - b);
    if (batchIds.length !== batch.length) throw new Error(`expected ${batch.length} ids from ${table}, got ${batchIds.length}`);
    ids.push(...batchIds);
  }
  return ids;
}
