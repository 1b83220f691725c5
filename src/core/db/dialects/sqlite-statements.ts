import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_CACHED = 1000;

// better-sqlite3 cannot bind booleans; SQLite stores them as 0/1.
const bindable = (parameters: ReadonlyArray<unknown>): unknown[] =>
  parameters.some((p) => typeof p === 'boolean') ? parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)) : (parameters as unknown[]);

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements reused: Kysely
 * prepares every query afresh, and preparing costs more than running a small query.
 * Reuse is safe because Kysely runs one query at a time on this single connection.
 */
export function statementCachingDatabase(connection: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const statement = (sql: string): BetterSqlite3.Statement => {
    const cached = cache.get(sql);
    if (cached) return cached;
    const prepared = connection.prepare(sql);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(sql, prepared);
    return prepared;
  };
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const prepared = statement(sql);
      return {
        reader: prepared.reader,
        all: (parameters) => prepared.all(bindable(parameters)),
        run: (parameters) => prepared.run(bindable(parameters)),
        iterate: (parameters) => prepared.iterate(bindable(parameters)),
      };
    },
  };
}
