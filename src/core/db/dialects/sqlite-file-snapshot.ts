import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { KEHU_TABLES } from '../kehu-tables.ts';
import type { AppliedMigration, Snapshot, TableInfo } from './housekeeping.ts';

// Kept apart from the rest of the SQLite dialect (no Kysely here): a backup's worker thread loads
// only this to read a copy, and starts in a fraction of the time.

// Ordinary tables only: pragma_table_list marks FTS5's own tables 'virtual' and 'shadow'. And only
// kehu's: a table someone added to the file beside them is neither archived nor dropped.
export const TABLES_SQL = `select m.name as name from sqlite_master m join pragma_table_list l on l.name = m.name and l.schema = 'main'
  where m.type = 'table' and l.type = 'table' and m.name in (${[...KEHU_TABLES].map((name) => `'${name}'`).join(', ')}) order by m.rowid`;
const COLUMNS_SQL = 'select name, lower(type) as type, pk from pragma_table_info(?) order by cid';

export interface Row {
  name: string;
  type: string;
  pk: number;
}

export const tableInfo = (name: string, columns: Row[]): TableInfo => ({
  name,
  columns: columns.map((c) => ({ name: c.name, type: c.type })),
  primaryKey: columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
});

/** The longest stretch (ms) of reading a snapshot before the server answers its requests again. */
const TURN_MS = 10;

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const orderBy = (table: TableInfo) => (table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name)).map(quote).join(', ');

function catalogOf(connection: BetterSqlite3.Database): TableInfo[] {
  const names = connection.prepare(TABLES_SQL).all() as Array<{ name: string }>;
  return names.map(({ name }) => tableInfo(name, connection.prepare(COLUMNS_SQL).all(name) as Row[]));
}

function migrationsOf(connection: BetterSqlite3.Database): AppliedMigration[] {
  const ledger = connection.prepare("select 1 from sqlite_master where type = 'table' and name = 'kehu_migrations'").get();
  if (!ledger) return [];
  return connection.prepare('select name, applied_at as appliedAt from kehu_migrations order by applied_at, name').all() as AppliedMigration[];
}

/** The lines `pragma integrity_check` and `foreign_key_check` return, as problems (none when sound). */
export function integrityProblemsOf(problems: Array<Record<string, unknown>>, orphans: Array<Record<string, unknown>> = []): string[] {
  return [
    ...problems.map((r) => String(Object.values(r)[0])).filter((line) => line !== 'ok'),
    ...(orphans as Array<{ table: string; rowid: number; parent: string }>).map((o) => `${o.table} row ${o.rowid} points at a missing ${o.parent} row`),
  ];
}

/** integrity_check and foreign_key_check of a file that is not the live one, synchronously (call it in a worker thread). */
export function fileIntegrityProblems(path: string): string[] {
  const connection = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    return integrityProblemsOf(connection.prepare('pragma integrity_check').all() as Array<Record<string, unknown>>, connection.prepare('pragma foreign_key_check').all() as Array<Record<string, unknown>>);
  } finally {
    connection.close();
  }
}

/** A snapshot through its own read-only connection: in WAL mode an open read transaction sees one instant and blocks nobody. */
export async function withFileSnapshot<T>(path: string, work: (snapshot: Snapshot) => Promise<T>): Promise<T> {
  const connection = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    connection.exec('begin');
    const tables = catalogOf(connection);
    const snapshot: Snapshot = {
      tables,
      migrations: migrationsOf(connection),
      async *batches(table, batchSize) {
        const rows = connection.prepare(`select * from ${quote(table.name)} order by ${orderBy(table)}`).iterate() as IterableIterator<Record<string, unknown>>;
        let batch: Array<Record<string, unknown>> = [];
        let resumed = performance.now();
        for (const row of rows) {
          batch.push(row);
          // A batch ends when full or after TURN_MS of reading, so the server answers requests between them.
          if (batch.length < batchSize && (batch.length % 32 !== 0 || performance.now() - resumed < TURN_MS)) continue;
          yield batch;
          batch = [];
          await nextTurn();
          resumed = performance.now();
        }
        if (batch.length > 0) yield batch;
      },
    };
    return await work(snapshot);
  } finally {
    if (connection.inTransaction) connection.exec('rollback');
    connection.close();
  }
}
