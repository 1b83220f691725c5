import { CompiledQuery, type Kysely } from 'kysely';
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

/**
 * The SQL of multi-row inserts already compiled, per dialect adapter and statement shape (table,
 * columns, rows, returning): building a multi-thousand-row insert through the query builder cost
 * about as much as SQLite running it. Only rows of plain values with exactly the same columns
 * take this path; anything else goes through the builder as before.
 */
const compiledSql = new WeakMap<object, Map<string, string>>();

function plainParameters(batch: Row[], columns: string[]): unknown[] | null {
  const parameters: unknown[] = new Array(batch.length * columns.length);
  let i = 0;
  for (const row of batch) {
    let present = 0;
    for (const key in row) if (Object.hasOwn(row, key)) present++;
    if (present !== columns.length) return null;
    for (const column of columns) {
      const value = row[column];
      // undefined becomes DEFAULT and expressions become SQL in the builder: leave those to it.
      if (value === undefined || (typeof value === 'object' && value !== null && !(value instanceof Date) && !ArrayBuffer.isView(value))) return null;
      parameters[i++] = value;
    }
  }
  return parameters;
}

async function insertBatch(db: Kysely<Schema>, table: keyof Schema, batch: Row[], returning: boolean): Promise<Array<{ id: number }>> {
  const columns = Object.keys(batch[0] ?? {});
  const parameters = plainParameters(batch, columns);
  // The builder parses every row as soon as it is given them, so it is only built when needed.
  const build = () => (returning ? anyDb(db).insertInto(table).values(batch).returning('id') : anyDb(db).insertInto(table).values(batch));
  if (parameters === null) return (await build().execute()) as Array<{ id: number }>;
  const adapter = db.getExecutor().adapter;
  let shapes = compiledSql.get(adapter);
  if (!shapes) compiledSql.set(adapter, (shapes = new Map()));
  const shape = `${table}\u0000${columns.join(',')}\u0000${batch.length}\u0000${returning}`;
  let text = shapes.get(shape);
  if (text === undefined) {
    const query = build();
    const compiled = query.compile();
    // Only a statement whose parameters are exactly the values, row by row, can be reused.
    if (compiled.parameters.length !== parameters.length || compiled.parameters.some((p, i) => p !== parameters[i])) return (await query.execute()) as Array<{ id: number }>;
    text = compiled.sql;
    shapes.set(shape, text);
  }
  const result = await db.executeQuery<{ id: number }>(CompiledQuery.raw(text, parameters));
  return result.rows;
}

/** Inserts rows that all have the same columns in as few multi-row statements as the databases allow. */
export async function insertRows(db: Kysely<Schema>, table: keyof Schema, rows: Row[]): Promise<void> {
  for (const batch of batches(rows)) await insertBatch(db, table, batch, false);
}

/** Like insertRows, and returns the new `id` of each row, in the order of `rows`. */
export async function insertRowsReturningIds(db: Kysely<Schema>, table: keyof Schema, rows: Row[]): Promise<number[]> {
  const ids: number[] = [];
  for (const batch of batches(rows)) {
    const returned = await insertBatch(db, table, batch, true);
    // RETURNING promises no order, but ids come from a counter that follows the VALUES order.
    const batchIds = returned.map((r) => Number(r.id)).sort((a, b) => a - b);
    if (batchIds.length !== batch.length) throw new Error(`expected ${batch.length} ids from ${table}, got ${batchIds.length}`);
    ids.push(...batchIds);
  }
  return ids;
}
