import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import type { AppliedMigration, FileBackup, Housekeeping, TableInfo } from './housekeeping.ts';
import { orderBy, quote, tableInfo, TABLES_SQL, withFileSnapshot, type Row } from './sqlite-file-snapshot.ts';

const problemsOf = (rows: Array<Record<string, unknown>>) =>
  rows.map((r) => String(Object.values(r)[0])).filter((line) => line !== 'ok');

const IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { readonly: workerData.readonly, fileMustExist: true });
try {
  parentPort.postMessage(workerData.statements.map((statement) => db.prepare(statement).all()));
} finally {
  db.close();
}`;

// Holding a read transaction pins the snapshot: writes by other connections do not restart the copy.
// The worker also bears the copy's final flush of the whole file to disk (~1 s for 2 GB).
const COPY_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const source = new Database(workerData.path, { readonly: true, fileMustExist: true });
source.exec('begin');
source.prepare('select count(*) from sqlite_master').get();
source
  .backup(workerData.target, { progress: () => workerData.pagesPerStep })
  .then((result) => parentPort.postMessage([[{ pages: result.totalPages }]]))
  .finally(() => {
    if (source.inTransaction) source.exec('rollback');
    source.close();
  });`;

/** Runs statements on their own connection in a worker thread: long work that must not hold the server. */
function offThread(path: string, statements: string[], readonly = true, code = IN_WORKER, extra: Record<string, unknown> = {}): Promise<Array<Array<Record<string, unknown>>>> {
  return new Promise((resolve, reject) => {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(code, { eval: true, workerData: { path, driver, statements, readonly, ...extra } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${statements.join('; ')} stopped with exit code ${code}`));
    });
  });
}

/**
 * While a long read pins a snapshot (a backup's copy, an integrity check), the WAL cannot be
 * checkpointed past it and grows; the first commit after would checkpoint all of it on the main
 * thread (~1 s for a million customers' backup). So automatic checkpoints pause meanwhile and the
 * grown WAL is checkpointed afterwards in a worker thread.
 */
function checkpointHolder(connection: BetterSqlite3.Database) {
  let holders = 0;
  let every = 1000;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (holders++ === 0) {
      every = Number(connection.pragma('wal_autocheckpoint', { simple: true }));
      connection.pragma('wal_autocheckpoint = 0');
    }
    try {
      return await work();
    } finally {
      try {
        if (holders === 1) await offThread(connection.name, ['pragma wal_checkpoint(passive)'], false);
      } finally {
        // A bulk load may have set its own value meanwhile: only ours (0) is undone.
        if (--holders === 0 && Number(connection.pragma('wal_autocheckpoint', { simple: true })) === 0) connection.pragma(`wal_autocheckpoint = ${every}`);
      }
    }
  };
}

type CheckpointHolder = ReturnType<typeof checkpointHolder>;

/**
 * integrity_check reads every page and better-sqlite3 is synchronous: on a large file it would hold
 * the server for many seconds (25 s at a million customers), so it runs in a worker thread on its
 * own read-only connection (in WAL mode a snapshot that blocks no writer).
 */
async function checkOffThread(path: string, foreignKeys: boolean): Promise<string[]> {
  const [problems = [], orphans = []] = await offThread(path, ['pragma integrity_check', ...(foreignKeys ? ['pragma foreign_key_check'] : [])]);
  return [...problemsOf(problems), ...(orphans as Array<{ table: string; rowid: number; parent: string }>).map((o) => `${o.table} row ${o.rowid} points at a missing ${o.parent} row`)];
}

function fileBackup(connection: BetterSqlite3.Database, holdingCheckpoints: CheckpointHolder): FileBackup {
  return {
    copyTo: (target, options = {}) =>
      holdingCheckpoints(async () => {
        const [[result] = []] = await offThread(connection.name, [], true, COPY_IN_WORKER, { target, pagesPerStep: options.pagesPerStep ?? 256 });
        return { pages: Number(result?.pages ?? 0) };
      }),
    withFile: withFileSnapshot,
    integrityCheckFile: (path) => checkOffThread(path, true),
    async restoreFrom(path) {
      const source = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
      try {
        // In one step: the live file is locked once, briefly, and no other writer sees it half-copied.
        await source.backup(connection.name, { progress: () => 0x7fffffff });
      } finally {
        source.close();
      }
    },
  };
}

const fileSize = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

export function sqliteHousekeeping(connection: BetterSqlite3.Database): Housekeeping {
  const isFile = !connection.memory;
  const holdingCheckpoints = checkpointHolder(connection);
  return {
    withSnapshot: (_db, work) => withFileSnapshot(connection.name, work),
    async snapshotOf(trx) {
      const tables = await this.listTables(trx);
      const ledger = tables.some((t) => t.name === 'kehu_migrations');
      const migrations = ledger ? (await sql<AppliedMigration>`select name, applied_at as "appliedAt" from kehu_migrations order by applied_at, name`.execute(trx)).rows : [];
      return {
        tables,
        migrations,
        async *batches(table, batchSize) {
          for (let offset = 0; ; offset += batchSize) {
            const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by ${sql.raw(orderBy(table))} limit ${batchSize} offset ${offset}`.execute(trx);
            if (rows.length > 0) yield rows;
            if (rows.length < batchSize) return;
          }
        },
      };
    },
    async listTables(db) {
      const { rows } = await sql.raw<{ name: string }>(TABLES_SQL).execute(db);
      const tables: TableInfo[] = [];
      for (const { name } of rows) {
        const columns = await sql<Row>`select name, lower(type) as type, pk from pragma_table_info(${name}) order by cid`.execute(db);
        tables.push(tableInfo(name, columns.rows));
      }
      return tables;
    },
    async dropTables(db, tables) {
      // Checked at commit, when every table that pointed at a dropped one is gone as well.
      await sql`pragma defer_foreign_keys = on`.execute(db);
      for (const name of [...tables].reverse()) {
        await sql`drop table if exists ${sql.table(`${name}_fts`)}`.execute(db);
        await sql`drop table if exists ${sql.table(`${name}_grams`)}`.execute(db);
        await sql`drop table if exists ${sql.table(name)}`.execute(db);
      }
    },
    async withForeignKeysChecked(db, _tables, work) {
      await sql`pragma defer_foreign_keys = on`.execute(db);
      return work();
    },
    async withTriggersOff(db, _tables, work) {
      // SQLite cannot switch a trigger off: drop them all and create them again as they were.
      const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'trigger' order by rowid`.execute(db);
      for (const trigger of rows) await sql`drop trigger ${sql.ref(trigger.name)}`.execute(db);
      const result = await work();
      for (const trigger of rows) await sql.raw(trigger.sql).execute(db);
      return result;
    },
    async resetIdentities() {
      // An integer primary key continues from the largest rowid by itself.
    },
    async rowCounts(db, tables) {
      // A count reads every page of a table's smallest index: up to a second on a big table.
      const sqls = tables.map((table) => `select count(*) as n from ${quote(table)}`);
      if (isFile && !db.isTransaction) return (await offThread(connection.name, sqls)).map((rows) => Number(rows[0]?.n ?? 0));
      const counts: number[] = [];
      for (const statement of sqls) counts.push(Number((await sql.raw<{ n: number }>(statement).execute(db)).rows[0]?.n ?? 0));
      return counts;
    },
    async integrityCheck(db) {
      if (isFile && !db.isTransaction) return holdingCheckpoints(() => checkOffThread(connection.name, false));
      const { rows } = await sql<Record<string, unknown>>`pragma integrity_check`.execute(db);
      return problemsOf(rows);
    },
    async sizes() {
      if (!isFile) return { databaseBytes: 0, walBytes: null };
      return { databaseBytes: fileSize(connection.name), walBytes: fileSize(`${connection.name}-wal`) };
    },
    async maintain(db, action) {
      if (action === 'optimize') {
        await sql`pragma optimize = 0x10002`.execute(db);
      } else {
        await sql`vacuum`.execute(db);
      }
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
    },
    fileBackup: isFile ? fileBackup(connection, holdingCheckpoints) : null,
  };
}
