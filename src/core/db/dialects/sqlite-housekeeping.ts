import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { WRITE_BEHIND_BYTES } from '../../files/write-behind.ts';
import type { AppliedMigration, FileBackup, Housekeeping, TableInfo } from './housekeeping.ts';
import { integrityProblemsOf, orderBy, quote, tableInfo, TABLES_SQL, withFileSnapshot, type Row } from './sqlite-file-snapshot.ts';

// A job's worker thread gives way to the server's thread on a busy machine (CPU and disk; see job-priority.cjs).
export const LOWER_PRIORITY = `
require(require('node:worker_threads').workerData.priorityModule).lowerThisThread();`;
const PRIORITY_MODULE = fileURLToPath(new URL('../../worker/job-priority.cjs', import.meta.url));

const IN_WORKER = `${LOWER_PRIORITY}
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
const COPY_IN_WORKER = `${LOWER_PRIORITY}
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const { closeSync, fdatasyncSync, openSync } = require('node:fs');
const source = new Database(workerData.path, { readonly: true, fileMustExist: true });
source.exec('begin');
source.prepare('select count(*) from sqlite_master').get();
// The copy is flushed to disk every ~1 MiB as it grows, not all at the end (see write-behind.ts).
const flushEvery = Math.max(1, Math.floor(workerData.flushPages / workerData.pagesPerStep));
let steps = 0;
let fd = null;
const progress = () => {
  if (++steps % flushEvery === 0) {
    try {
      fd ??= openSync(workerData.target, 'r+');
      fdatasyncSync(fd);
    } catch {}
  }
  return workerData.pagesPerStep;
};
source
  .backup(workerData.target, { progress })
  .then((result) => parentPort.postMessage([[{ pages: result.totalPages }]]))
  .finally(() => {
    if (fd !== null) closeSync(fd);
    if (source.inTransaction) source.exec('rollback');
    source.close();
  });`;

// A restore's copy of a checked scratch file over the live database, page by page in this thread:
// the server's thread keeps answering (its connection reads the old data until the copy commits,
// as one transaction). Progress goes to the server four times a second; at the end the grown WAL
// is written back here too, not by the server's next commit.
const RESTORE_IN_WORKER = `${LOWER_PRIORITY}
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const source = new Database(workerData.path, { readonly: true, fileMustExist: true });
let told = 0;
const progress = ({ totalPages, remainingPages }) => {
  const now = Date.now();
  if (now - told >= 250 && totalPages > 0) {
    told = now;
    parentPort.postMessage({ copied: 1 - remainingPages / totalPages });
  }
  return workerData.pagesPerStep;
};
source
  .backup(workerData.target, { progress })
  .then((result) => {
    const live = new Database(workerData.target, { fileMustExist: true });
    try {
      live.pragma('busy_timeout = 5000');
      live.pragma('wal_checkpoint(truncate)');
    } finally {
      live.close();
    }
    parentPort.postMessage({ pages: result.totalPages });
  })
  .finally(() => source.close());`;

// Checkpoints the live database every so often on its own connection until told to stop, then
// catches up (twice: writes go on during the first) and answers.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(passive)');
  } catch {
    // busy or locked this time: the next turn tries again, and SQLite's own checkpoints resume after the job
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  try {
    checkpoint();
    checkpoint();
  } finally {
    db.close();
  }
  parentPort.postMessage([]);
});`;

const driverPath = () => createRequire(import.meta.url).resolve('better-sqlite3');

/** Runs statements on their own connection in a worker thread: long work that must not hold the server. */
function offThread(path: string, statements: string[], readonly = true, code = IN_WORKER, extra: Record<string, unknown> = {}): Promise<Array<Array<Record<string, unknown>>>> {
  return new Promise((resolve, reject) => {
    // execArgv []: a worker of plain JavaScript needs no TypeScript loader (`--import tsx` would load it again there).
    const worker = new Worker(code, { eval: true, execArgv: [], workerData: { path, driver: driverPath(), priorityModule: PRIORITY_MODULE, statements, readonly, ...extra } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${statements.join('; ')} stopped with exit code ${code}`));
    });
  });
}

/** RESTORE_IN_WORKER: copies `path` over the live database `target`, telling how far it is. */
function restoreOffThread(path: string, target: string, onProgress: (copied: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(RESTORE_IN_WORKER, { eval: true, execArgv: [], workerData: { path, target, driver: driverPath(), priorityModule: PRIORITY_MODULE, pagesPerStep: RESTORE_PAGES_PER_STEP } });
    worker.on('message', (message: { copied?: number; pages?: number }) => {
      if (message.copied !== undefined) onProgress(message.copied);
      else resolve();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the restore's copy stopped with exit code ${code}`))));
  });
}

/** Pages (4 KiB) a restore copies per step: 4 MiB, a few milliseconds of the worker's time. */
const RESTORE_PAGES_PER_STEP = 1024;

/** A worker thread that checkpoints `path` every `everyMs` until `stop()`, which resolves after its last checkpoint. */
function startCheckpointer(path: string, everyMs: number) {
  const worker = new Worker(CHECKPOINTER, { eval: true, execArgv: [], workerData: { path, driver: driverPath(), everyMs } });
  const finished = new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the checkpoint worker stopped with exit code ${code}`))));
  });
  // A checkpointer that failed only leaves the WAL to SQLite's own checkpoints after the job: never the job's failure.
  const settled = finished.catch(() => undefined);
  return {
    stop() {
      worker.postMessage('stop');
      return settled;
    },
  };
}

/** How often the checkpoint worker catches the WAL up while a long job runs. */
const CHECKPOINT_EVERY_MS = 250;

/**
 * While a long job runs (a backup, a restore test, the health report), a worker thread checkpoints
 * the WAL on its own connection every 250 ms, so the automatic checkpoint that a commit on the
 * server's thread runs every 1,000 pages finds little left to write back. SQLite's own checkpoints
 * stay on: only a checkpoint in the committing connection lets the WAL start over from its
 * beginning under a steady stream of writes; without it the WAL grows by every write of the job.
 */
function jobCheckpointer(path: string) {
  let jobs = 0;
  let checkpointer: ReturnType<typeof startCheckpointer> | null = null;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (jobs++ === 0) checkpointer = startCheckpointer(path, CHECKPOINT_EVERY_MS);
    try {
      return await work();
    } finally {
      if (--jobs === 0) {
        const stopping = checkpointer;
        checkpointer = null;
        await stopping?.stop();
      }
    }
  };
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
  let heldSince = 0;
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (holders++ === 0) {
      heldSince = performance.now();
      every = Number(connection.pragma('wal_autocheckpoint', { simple: true }));
      connection.pragma('wal_autocheckpoint = 0');
    }
    try {
      return await work();
    } finally {
      try {
        // Twice: the server's writes go on during the first.
        if (holders === 1) {
          await offThread(connection.name, ['pragma wal_checkpoint(passive)', 'pragma wal_checkpoint(passive)'], false);
          // The disk gets a moment after that burst before the server's own checkpoints resume: the
          // first of them waited 180–330 ms in the kernel right after it, 74 ms after this pause.
          await delay(Math.min(SETTLE_MS, (performance.now() - heldSince) / 8));
          await offThread(connection.name, ['pragma wal_checkpoint(passive)'], false);
        }
      } finally {
        // A bulk load may have set its own value meanwhile: only ours (0) is undone.
        if (--holders === 0 && Number(connection.pragma('wal_autocheckpoint', { simple: true })) === 0) connection.pragma(`wal_autocheckpoint = ${every}`);
      }
    }
  };
}

/** How long the disk is left to the WAL's catch-up and the server before the server checkpoints again: an eighth of the hold, at most this (the catch-up's burst grows with the hold). */
const SETTLE_MS = 1500;

type CheckpointHolder = ReturnType<typeof checkpointHolder>;

/**
 * integrity_check reads every page and better-sqlite3 is synchronous: on a large file it would hold
 * the server for many seconds (25 s at a million customers), so it runs in a worker thread on its
 * own read-only connection (in WAL mode a snapshot that blocks no writer).
 */
async function checkOffThread(path: string, foreignKeys: boolean): Promise<string[]> {
  const [problems = [], orphans = []] = await offThread(path, ['pragma integrity_check', ...(foreignKeys ? ['pragma foreign_key_check'] : [])]);
  return integrityProblemsOf(problems, orphans);
}

function fileBackup(connection: BetterSqlite3.Database, holdingCheckpoints: CheckpointHolder): FileBackup {
  return {
    copyTo: (target, options = {}) =>
      holdingCheckpoints(async () => {
        const [[result] = []] = await offThread(connection.name, [], true, COPY_IN_WORKER, { target, pagesPerStep: options.pagesPerStep ?? 256, flushPages: WRITE_BEHIND_BYTES / 4096 });
        return { pages: Number(result?.pages ?? 0) };
      }),
    withFile: withFileSnapshot,
    integrityCheckFile: (path) => checkOffThread(path, true),
    // The copy is one transaction on the live file (no reader sees it half-copied), made in a worker
    // thread; the server's own autocheckpoint pauses meanwhile, so its next commit does not write back the copy.
    // A write that slipped past the maintenance gate fails at once (busy) rather than holding the server's thread.
    restoreFrom: (path, onProgress = () => undefined) =>
      holdingCheckpoints(async () => {
        const busyTimeout = Number(connection.pragma('busy_timeout', { simple: true }));
        connection.pragma('busy_timeout = 0');
        try {
          await restoreOffThread(path, connection.name, onProgress);
        } finally {
          connection.pragma(`busy_timeout = ${busyTimeout}`);
        }
      }),
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
  const checkpointingOffThread = isFile ? jobCheckpointer(connection.name) : <T>(work: () => Promise<T>) => work();
  return {
    withSnapshot: (_db, work) => withFileSnapshot(connection.name, work),
    withCheckpointsOffThread: (work) => checkpointingOffThread(work),
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
    async makeUnlogged() {
      // a restore test of a SQLite backup is a file of its own, not a load inside the live database
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
      return integrityProblemsOf(rows);
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
    workerUrl: null,
  };
}
