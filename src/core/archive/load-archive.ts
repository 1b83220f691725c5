import { sql, type Kysely } from 'kysely';
import { codedError, isAppError } from '../../domain/errors.ts';
import type { Database } from '../db/create-db.ts';
import type { ColumnInfo, TableInfo } from '../db/dialects/housekeeping.ts';
import { applyMigration, ensureLedger } from '../db/migrate.ts';
import { migrations as knownMigrations } from '../db/migrations/index.ts';
import { HEADER_FILE, LOCAL_TABLES, MANIFEST_FILE, partPattern, type ArchiveHeader, type ArchiveManifest, type ArchivedTable } from './archive-format.ts';
import { assertEmptyDatabase } from './assert-empty.ts';
import { parseHeader, parseManifest } from './parse-archive-files.ts';
import { decodeValue } from './row-codec.ts';
import { TableDigester } from './table-digest.ts';
import type { TarFile } from './tar.ts';
import type { Keyring } from '../crypto/keyring.ts';
import { assertKeysDecrypt, assertKeysPresent } from './assert-keys.ts';
import { damaged } from './damaged.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tables are discovered at run time
type AnyDb = Kysely<any>;

export interface LoadOptions {
  now: Date;
  /** Refuse a database that holds users, customers or audit entries (an archive import); a forced restore replaces them. */
  requireEmpty: boolean;
  /** Apply this kehu's newer migrations after the rows are in (default true). */
  migrateForward?: boolean;
  onTable?: (table: string, rows: number) => void;
  /** A scratch load that is thrown away (a restore test): its tables write no log of their own (see makeUnlogged). */
  unlogged?: boolean;
  /** When given, the load is refused unless every key the data was encrypted with is in it. */
  keyring?: Pick<Keyring, 'keyFor'>;
}

export interface LoadReport {
  header: ArchiveHeader;
  manifest: ArchiveManifest;
  rows: Record<string, number>;
  /** this kehu's migrations applied after loading, the archive being older */
  migrated: string[];
}

/** Which of this kehu's migrations the archive's schema had; refuses an archive from a newer kehu. */
function migrationsOf(header: ArchiveHeader) {
  const known = new Set(knownMigrations.map(([name]) => name));
  const unknown = header.migrations.map((m) => m.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw codedError('conflict', 'archive.newer_kehu', { version: header.kehuVersion, migrations: unknown.join(', ') });
  }
  const appliedAt = new Map(header.migrations.map((m) => [m.name, m.appliedAt]));
  return {
    before: knownMigrations.filter(([name]) => appliedAt.has(name)).map((m) => ({ migration: m, appliedAt: appliedAt.get(m[0]) as string })),
    after: knownMigrations.filter(([name]) => !appliedAt.has(name)),
  };
}

/** A rule of the schema that rows broke (unique, not null, a foreign key …), not the database or the disk failing. */
function breaksRule(dialect: Pick<Database['dialect'], 'constraintViolation'>, error: unknown): error is Error {
  return !isAppError(error) && error instanceof Error && dialect.constraintViolation(error) !== null;
}

/** An insert the rows' values made fail: a broken rule, or a value the column cannot hold (PostgreSQL's data exceptions, SQLite's type mismatches). */
function refusesRows(dialect: Pick<Database['dialect'], 'constraintViolation'>, error: unknown): error is Error {
  if (isAppError(error) || !(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  return breaksRule(dialect, error) || /^2[23]\w{3}$/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

function matchColumns(archived: ArchivedTable, target: TableInfo | undefined): Map<string, ColumnInfo> {
  if (!target) throw damaged('table', { table: archived.name });
  const columns = new Map(target.columns.map((c) => [c.name, c]));
  const missing = archived.columns.filter((c) => !columns.has(c.name)).map((c) => c.name);
  if (missing.length > 0) throw damaged('columns', { table: archived.name, columns: missing.join(', ') });
  return columns;
}

/** Drops what can be built again in one pass after the load (non-unique indexes), and builds it afterwards. */
async function withIndexesDeferred<T>(db: AnyDb, database: Pick<Database, 'dialect'>, tables: string[], work: () => Promise<T>): Promise<T> {
  const deferred: string[] = [];
  for (const table of tables) {
    for (const index of await database.dialect.deferrableIndexes(db, table)) {
      await sql`drop index ${sql.ref(index.name)}`.execute(db);
      deferred.push(index.sql);
    }
  }
  const result = await work();
  for (const statement of deferred) await sql.raw(statement).execute(db);
  return result;
}

/**
 * Loads a kehu archive into the database in one transaction: the schema is rebuilt at the
 * archive's migration level, every row goes in with its own id, the rows are checked against the
 * manifest, identities continue past the largest id, and newer migrations run forward. Anything
 * wrong — a damaged file, a count or checksum that does not add up — leaves the database as it was.
 */
export async function loadArchive(database: Pick<Database, 'db' | 'dialect'>, files: AsyncIterable<TarFile>, options: LoadOptions): Promise<LoadReport> {
  const iterator = files[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || first.value.name !== HEADER_FILE) throw damaged('start', { file: HEADER_FILE });
  const header = parseHeader(first.value.name, first.value.data);
  const plan = migrationsOf(header);
  const { dialect } = database;
  const isSqlite = dialect.name === 'sqlite';
  // Inside a caller's transaction (a restore test that rolls everything back) the load joins it.
  const db = database.db as AnyDb;
  // A rule checked only at the end (foreign keys, at commit on SQLite) is the rows' doing too: said as such.
  const inTransaction = <T>(work: (trx: AnyDb) => Promise<T>): Promise<T> =>
    (db.isTransaction ? work(db) : db.transaction().execute(work)).catch((error: unknown) => {
      throw breaksRule(dialect, error) ? damaged('rules', { reason: error.message }) : error;
    });
  return inTransaction(async (trx) => {
    const raw = trx as unknown as Kysely<unknown>;
    await dialect.lockForMigration(raw);
    const existing = (await dialect.housekeeping.listTables(raw)).filter((t) => t.name !== 'kehu_migration_lock');
    if (options.requireEmpty) await assertEmptyDatabase(raw, existing);
    await dialect.housekeeping.dropTables(raw, existing.map((t) => t.name));
    await ensureLedger(raw);
    for (const { migration, appliedAt } of plan.before) await applyMigration(raw, dialect, migration, appliedAt);
    if (options.unlogged) await dialect.housekeeping.makeUnlogged(raw);
    const targets = new Map((await dialect.housekeeping.listTables(raw)).map((t) => [t.name, t]));
    const archived = header.tables.filter((t) => !LOCAL_TABLES.has(t.name));
    const columnsOf = new Map(archived.map((t) => [t.name, matchColumns(t, targets.get(t.name))]));
    const loadedTables = archived.map((t) => targets.get(t.name) as TableInfo);
    const keyIds = new Set<string>();
    const digesters = new Map(archived.map((t) => [t.name, new TableDigester(keyIds)]));

    const loadPart = async (file: TarFile, table: ArchivedTable) => {
      const targetColumns = columnsOf.get(table.name) as Map<string, ColumnInfo>;
      const sourceColumns = new Map(table.columns.map((c) => [c.name, c]));
      const digester = digesters.get(table.name) as TableDigester;
      const batchSize = Math.max(1, Math.min(500, Math.floor(30_000 / Math.max(1, table.columns.length))));
      let batch: Array<Record<string, unknown>> = [];
      let batchFrom = 1;
      let batchTo = 1;
      const text = file.data.toString('utf8');
      let lineNumber = 0;
      const insertBatch = async () => {
        try {
          await trx.insertInto(table.name).values(batch).execute();
        } catch (error) {
          if (!refusesRows(dialect, error)) throw error;
          throw damaged('rows_refused', { file: file.name, from: batchFrom, to: batchTo, table: table.name, reason: error.message });
        }
        batch = [];
      };
      for (const line of text.split('\n')) {
        lineNumber += 1;
        if (line === '') continue;
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw damaged('line_json', { file: file.name, line: lineNumber });
        }
        // a row always carries its columns ({} would make an insert of nothing, which SQL cannot say)
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.keys(parsed).length === 0) throw damaged('line_row', { file: file.name, line: lineNumber });
        digester.add(line);
        const row: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(parsed)) {
          const target = targetColumns.get(name);
          if (!target) throw damaged('line_column', { file: file.name, line: lineNumber, table: table.name, column: name });
          row[name] = decodeValue(value, sourceColumns.get(name), target, isSqlite);
        }
        if (batch.length === 0) batchFrom = lineNumber;
        batchTo = lineNumber;
        batch.push(row);
        if (batch.length >= batchSize) await insertBatch();
      }
      if (batch.length > 0) await insertBatch();
    };

    const readRows = async (): Promise<ArchiveManifest> => {
      for (;;) {
        const next = await iterator.next();
        if (next.done) throw damaged('no_manifest', { file: MANIFEST_FILE });
        const file = next.value;
        if (file.name === MANIFEST_FILE) return parseManifest(file.name, file.data);
        const tableName = partPattern.exec(file.name)?.[1];
        const table = archived.find((t) => t.name === tableName);
        if (!table) throw damaged('stray_file', { file: file.name });
        await loadPart(file, table);
      }
    };

    const manifest = await dialect.housekeeping.withForeignKeysChecked(raw, loadedTables, () =>
      dialect.housekeeping.withTriggersOff(raw, loadedTables, () => withIndexesDeferred(trx, database, archived.map((t) => t.name), readRows)),
    );
    // The search index was not kept row by row (its triggers were off): build it in one pass.
    for (const table of ['customers', 'contacts'] as const) if (targets.has(table)) await dialect.rebuildSearchIndex(raw, table);

    const rows: Record<string, number> = {};
    for (const table of archived) {
      const found = (digesters.get(table.name) as TableDigester).finish();
      const expected = manifest.digests[table.name];
      if (!expected || expected.rows !== found.rows || expected.sha256 !== found.sha256) {
        throw expected
          ? damaged('digest', { table: table.name, rows: found.rows, expected: expected.rows, checksum: expected.sha256.slice(0, 12) })
          : damaged('digest_missing', { table: table.name, rows: found.rows });
      }
      rows[table.name] = found.rows;
      options.onTable?.(table.name, found.rows);
    }
    if (options.keyring) {
      assertKeysPresent(options.keyring, manifest.keyIds);
      await assertKeysDecrypt(options.keyring, { db: trx as never, dialect });
    }
    await dialect.housekeeping.resetIdentities(raw, loadedTables);
    const migrated: string[] = [];
    if (options.migrateForward !== false) {
      for (const migration of plan.after) {
        await applyMigration(raw, dialect, migration, options.now.toISOString());
        migrated.push(migration[0]);
      }
    }
    return { header, manifest, rows, migrated };
  });
}
