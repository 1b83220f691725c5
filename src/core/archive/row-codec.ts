import type { ColumnInfo } from '../db/dialects/housekeeping.ts';

const isJson = (type: string) => type === 'json' || type === 'jsonb';
const isBytes = (type: string) => type === 'blob' || type === 'bytea';
const isBoolean = (type: string) => type === 'boolean';

/** One row as one line of JSON, columns in table order; bytes as base64, JSON columns as they were read. */
export function encodeRow(columns: ColumnInfo[], row: Record<string, unknown>): string {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = row[column.name];
    out[column.name] = Buffer.isBuffer(value) ? value.toString('base64') : value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return JSON.stringify(out);
}

/**
 * Turns an archived value into what the target column takes. JSON written by PostgreSQL arrives
 * parsed (SQLite's arrives as its text); booleans are 0/1 on SQLite and true/false on PostgreSQL.
 */
export function decodeValue(value: unknown, source: ColumnInfo | undefined, target: ColumnInfo, targetIsSqlite: boolean): unknown {
  if (value === null || value === undefined) return null;
  if (source && isJson(source.type)) return JSON.stringify(value);
  if (isBytes(target.type) && typeof value === 'string') return Buffer.from(value, 'base64');
  if (isBoolean(target.type) && typeof value === 'number') return value !== 0;
  if (targetIsSqlite && typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
