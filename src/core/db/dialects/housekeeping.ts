import type { Kysely } from 'kysely';

export interface ColumnInfo {
  name: string;
  /** the declared type, lower case (`integer`, `text`, `bigint`, `boolean`, `jsonb`, `timestamp with time zone` …) */
  type: string;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  /** primary key columns in key order; empty when the table has none */
  primaryKey: string[];
}

export interface AppliedMigration {
  name: string;
  appliedAt: string;
}

/** A read-only view of the whole database at one instant, while writers carry on. */
export interface Snapshot {
  /** the database's own tables in creation order (not the search index's internal ones) */
  readonly tables: TableInfo[];
  readonly migrations: AppliedMigration[];
  /** The rows of `table` in primary-key order, a batch at a time. */
  batches(table: TableInfo, batchSize: number): AsyncIterable<Array<Record<string, unknown>>>;
}

export interface DatabaseSizes {
  /** bytes the database takes on disk (SQLite: the file; PostgreSQL: pg_database_size) */
  databaseBytes: number;
  /** SQLite's write-ahead log, not yet checkpointed into the file; null on PostgreSQL */
  walBytes: number | null;
}

export type MaintenanceAction = 'optimize' | 'vacuum';

/**
 * What only a database file can do (SQLite): copy itself page by page while writers go on, be
 * read where it lies, and take a copy back.
 */
export interface FileBackup {
  /** Copies the database into `target` as of one instant, `pagesPerStep` pages (4 KiB) at a time. */
  copyTo(target: string, options?: { pagesPerStep?: number }): Promise<{ pages: number }>;
  /** Runs `work` over a database file that is not the live one (a copy, a scratch restore). */
  withFile<T>(path: string, work: (snapshot: Snapshot) => Promise<T>): Promise<T>;
  /** The problems `pragma integrity_check` finds in the file; empty when sound. */
  integrityCheckFile(path: string): Promise<string[]>;
  /**
   * Replaces the live database's content with the file's, in one transaction, off the server's
   * thread: other connections read the old content until it commits; `onProgress` gets 0 to 1.
   */
  restoreFrom(path: string, onProgress?: (copied: number) => void): Promise<void>;
}

/**
 * The database looking after itself: its catalogue, consistent reads of everything, loading an
 * archive, sizes and maintenance. Each dialect implements it; backup, archive and health use it.
 */
export interface Housekeeping {
  /** Runs `work` over a snapshot of the live database (`db`); writers are not blocked meanwhile. */
  withSnapshot<T>(db: Kysely<unknown>, work: (snapshot: Snapshot) => Promise<T>): Promise<T>;
  /**
   * Runs a long job (a backup, a restore test, the health report) with the database's own upkeep
   * kept off the server's thread meanwhile (SQLite: WAL checkpoints in a worker thread).
   */
  withCheckpointsOffThread<T>(work: () => Promise<T>): Promise<T>;
  /** A snapshot over a transaction the caller holds (what that transaction sees, its own writes included). */
  snapshotOf(trx: Kysely<unknown>): Promise<Snapshot>;
  /** kehu's tables as the connection (or transaction) `db` sees them, in creation order. */
  listTables(db: Kysely<unknown>): Promise<TableInfo[]>;
  /** Drops these tables (and the search index's own tables); runs inside a transaction. */
  dropTables(db: Kysely<unknown>, tables: string[]): Promise<void>;
  /**
   * Runs a bulk load of rows whose foreign keys point at rows loaded later (cycles between tables):
   * the checks happen once, when the load is done. `db` must be a transaction.
   */
  withForeignKeysChecked<T>(db: Kysely<unknown>, tables: TableInfo[], work: () => Promise<T>): Promise<T>;
  /**
   * Runs a bulk load with the tables' triggers off (search index upkeep, figures kept by triggers):
   * the loaded rows already hold what those triggers would write. `db` must be a transaction.
   */
  withTriggersOff<T>(db: Kysely<unknown>, tables: TableInfo[], work: () => Promise<T>): Promise<T>;
  /**
   * Makes every table of a scratch load that is thrown away (a restore test) write no log of its
   * own (PostgreSQL: UNLOGGED), so that the server's commits meanwhile do not wait behind gigabytes
   * of the load's WAL, nor the load behind checkpoints. Nothing to do on SQLite. `db` must be a transaction.
   */
  makeUnlogged(db: Kysely<unknown>): Promise<void>;
  /** After rows were loaded with their own ids: new rows get ids past the largest one. */
  resetIdentities(db: Kysely<unknown>, tables: TableInfo[]): Promise<void>;
  /** The problems the database's own consistency check finds; empty when sound. */
  integrityCheck(db: Kysely<unknown>): Promise<string[]>;
  /** Rows in each of these tables, counted where the count does not hold up the server. */
  rowCounts(db: Kysely<unknown>, tables: string[]): Promise<number[]>;
  sizes(db: Kysely<unknown>): Promise<DatabaseSizes>;
  /** `optimize`: refresh the planner's statistics; `vacuum`: give free pages back (blocks writers meanwhile on SQLite). */
  maintain(db: Kysely<unknown>, action: MaintenanceAction): Promise<void>;
  /** Present where the database is a file (SQLite). */
  readonly fileBackup: FileBackup | null;
  /** A server database's connection string, for a worker thread's own connection (PostgreSQL); null for a file. */
  readonly workerUrl: string | null;
}
