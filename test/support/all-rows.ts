import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../src/core/db/create-db.ts';
import { LOCAL_TABLES } from '../../src/core/archive/archive-format.ts';

export type TableRows = Map<string, Array<Record<string, unknown>>>;

/** Every row of every kehu table, in primary-key order, as the driver reads it. */
export async function allRows(database: Pick<Database, 'db' | 'dialect'>): Promise<TableRows> {
  return database.dialect.housekeeping.withSnapshot(database.db as never, async (snapshot) => {
    const result: TableRows = new Map();
    for (const table of snapshot.tables) {
      if (LOCAL_TABLES.has(table.name)) continue;
      const rows: Array<Record<string, unknown>> = [];
      for await (const batch of snapshot.batches(table, 1000)) rows.push(...batch);
      result.set(table.name, rows);
    }
    return result;
  });
}

/** A value as both databases mean it: booleans as 0/1, JSON text parsed (PostgreSQL's jsonb reorders keys). */
function normalise(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^[[{]/.test(value)) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

const keyOf = (row: Record<string, unknown>) => JSON.stringify(Object.entries(row).map(([k, v]) => [k, normalise(v)]));

/** The differences between two databases' rows, table by table (empty when they hold the same data). */
export function differences(a: TableRows, b: TableRows): string[] {
  const found: string[] = [];
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const left = (a.get(name) ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normalise(v)])));
    const right = (b.get(name) ?? []).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, normalise(v)])));
    if (left.length !== right.length) {
      found.push(`${name}: ${left.length} rows vs ${right.length}`);
      continue;
    }
    // Text keys sort differently under the two databases' collations: compare as sorted sets.
    const sortedLeft = [...left].sort((x, y) => keyOf(x).localeCompare(keyOf(y)));
    const sortedRight = [...right].sort((x, y) => keyOf(x).localeCompare(keyOf(y)));
    sortedLeft.forEach((row, i) => {
      if (!isDeepStrictEqual(row, sortedRight[i])) found.push(`${name}: ${JSON.stringify(row)} vs ${JSON.stringify(sortedRight[i])}`);
    });
  }
  return found;
}
