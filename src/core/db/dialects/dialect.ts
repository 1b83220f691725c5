import type { CompiledQuery, Kysely, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { Housekeeping } from './housekeeping.ts';
import type { MigrationKit } from './migration-kit.ts';

export type SearchableTable = 'customers' | 'contacts';

/**
 * Everything that differs between the databases kehu runs on. Use cases call these and
 * never ask which database they are on; a new database means a new implementation here.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  readonly migrationKit: MigrationKit;
  /** Catalogue, snapshots, bulk loads, sizes and maintenance: what backups, archives and health need. */
  readonly housekeeping: Housekeeping;
  /** Rows of `table` whose search text contains any of `needles` (each at least 3 characters). */
  searchContains(table: SearchableTable, needles: string[]): RawBuilder<SqlBool>;
  /**
   * Narrows a query on `table` to rows whose search text contains any of `needles`, in a form
   * that stops reading the index once the query's LIMIT is met (for capped candidate lists).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps the caller's builder type
  restrictToMatches<Q extends SelectQueryBuilder<any, any, any>>(query: Q, table: SearchableTable, needles: string[]): Q;
  /** Rows of `table` whose search grams hold `gram` (one or two CJK characters). */
  containsGram(table: SearchableTable, gram: string): RawBuilder<SqlBool>;
  /** Like `restrictToMatches`, for one gram of the gram index. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps the caller's builder type
  restrictToGram<Q extends SelectQueryBuilder<any, any, any>>(query: Q, table: SearchableTable, gram: string): Q;
  /** `column` starts with `prefix`, served by an index made with `createPrefixIndex`. */
  startsWith(column: string, prefix: string): RawBuilder<SqlBool>;
  /** A subquery's rows as one JSON array value (read it with parseJson); the subquery selects explicit columns. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's subquery
  jsonArrayFrom<O>(subquery: SelectQueryBuilder<any, any, O>): RawBuilder<O[]>;
  /** The calendar month (`YYYY-MM`) of a timestamp column, read at `utcOffsetMinutes` east of UTC. */
  monthOf(column: string, utcOffsetMinutes: number): RawBuilder<string>;
  /** `column` is one of `ids`, however many: sent as one parameter, not one per id. */
  idIn(column: string, ids: readonly number[]): RawBuilder<SqlBool>;
  /** The text value of `key` in a JSON column. */
  jsonText(column: string, key: string): RawBuilder<string | null>;
  /** A JSON column as read from the driver (text on SQLite, parsed on PostgreSQL). */
  parseJson<T>(value: unknown): T;
  /**
   * Hands each row of a query to `onRow` as an array of column values, in the order selected, for
   * reads of a million rows where an object per row, all kept until the last, costs more than the
   * read (SQLite streams them raw). `onRow` must not query the database.
   */
  eachRow(db: Kysely<unknown>, query: CompiledQuery, onRow: (row: unknown[]) => void): Promise<void>;
  /** Which constraint a driver error broke, if it was a constraint violation. */
  constraintViolation(error: unknown): ConstraintViolation | null;
  /**
   * Serialises appends to the audit log so its hash chain stays linear with concurrent
   * writers; must run inside the writing transaction, before reading the last hash.
   */
  lockAuditChain(trx: Kysely<unknown>): Promise<void>;
  /**
   * Locks the rows of `table` with these ids until the transaction ends, so two transactions
   * that recompute something from them take turns (PostgreSQL row locks; SQLite's one write lock).
   */
  lockRowsForUpdate(trx: Kysely<unknown>, table: string, ids: readonly number[]): Promise<void>;
  /**
   * Serialises sign-in attempts between processes, so counting the failures so far and adding
   * this attempt happen as one step; must run inside that transaction, before the count.
   */
  lockLoginAttempts(trx: Kysely<unknown>): Promise<void>;
  /** Serialises migrations between processes; must run inside the migration transaction. */
  lockForMigration(trx: Kysely<unknown>): Promise<void>;
  /** Re-derives the whole search index of `table` from its rows. */
  rebuildSearchIndex(db: Kysely<unknown>, table: SearchableTable): Promise<void>;
  /**
   * Runs `work`, which may add rows to `table` but not change or delete existing ones, without
   * the per-row search-index upkeep, then indexes the added rows in one pass (bulk loads).
   * `db` must be a transaction, so a failure leaves the index and its upkeep as they were.
   */
  withSearchIndexSuspended<DB, T>(db: Kysely<DB>, table: SearchableTable, work: () => Promise<T>): Promise<T>;
  /**
   * The indexes of `table` that a bulk load may drop and build again afterwards, with the SQL that
   * builds each: non-unique ones only (unique ones enforce rules).
   */
  deferrableIndexes<DB>(db: Kysely<DB>, table: string): Promise<Array<{ name: string; sql: string }>>;
  /**
   * Runs `work` (a long bulk load) with connection settings made for it: on SQLite, no memory
   * map (the pages the load reads are not counted in the process's resident memory) and fewer,
   * larger checkpoints. Restores them afterwards.
   */
  forBulkLoad<T>(work: () => Promise<T>): Promise<T>;
}

export interface ConstraintViolation {
  kind: 'unique' | 'foreign_key' | 'check' | 'not_null';
  /** the column involved, when the database says */
  column: string | null;
}

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
