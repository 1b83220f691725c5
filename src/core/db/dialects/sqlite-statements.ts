import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_CACHED = 1000;

// better-sqlite3 cannot bind booleans; SQLite stores them as 0/1.
export function bindable(parameters: ReadonlyArray<unknown>): unknown[] {
  for (let i = 0; i < parameters.length; i++) {
    if (typeof parameters[i] === 'boolean') return parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
  }
  return parameters as unknown[];
}

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements reused: Kysely
 * prepares every query afresh, and preparing costs more than running a small query.
 * Reuse is safe because Kysely runs one query at a time on this single connection.
 */
export function statementCachingDatabase(connection: BetterSqlite3.Database): SqliteDatabase {
  // The wrapper Kysely calls is kept with its statement: building four closures per query
  // showed up on the hottest path (under tsx each also gets its name defined at run time).
  const cache = new Map<string, SqliteStatement>();
  const wrap = (prepared: BetterSqlite3.Statement): SqliteStatement => ({
    reader: prepared.reader,
    all: (parameters) => prepared.all(bindable(parameters)),
    run: (parameters) => prepared.run(bindable(parameters)),
    iterate: (parameters) => prepared.iterate(bindable(parameters)),
  });
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      const statement = wrap(connection.prepare(sql));
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
      return statement;
    },
  };
}
