import type BetterSqlite3 from 'better-sqlite3';
import { jsonArrayFrom } from 'kysely/helpers/sqlite';
import { sql, type Kysely } from 'kysely';
import type { Dialect, SearchableTable } from './dialect.ts';
import { changedValue, type MigrationKit } from './migration-kit.ts';
import { sqliteHousekeeping } from './sqlite-housekeeping.ts';
import { bindable } from './sqlite-statements.ts';

const ftsTable = (table: string) => `${table}_fts`;
const gramsTable = (table: string) => `${table}_grams`;
/** WAL pages (4 KiB) between automatic checkpoints during a bulk load, instead of SQLite's 1,000. */
const BULK_LOAD_CHECKPOINT_PAGES = 20_000;
const TRIGGER_SUFFIXES = ['ai', 'ad', 'au'] as const;

/** An external-content FTS5 table over one column of `table`, kept by triggers named after it. */
interface FtsIndex {
  fts: string;
  column: 'search_text' | 'search_grams';
}

const textIndex = (table: string): FtsIndex => ({ fts: ftsTable(table), column: 'search_text' });
const gramIndex = (table: string): FtsIndex => ({ fts: gramsTable(table), column: 'search_grams' });

/** The triggers that keep an external-content FTS5 table in step with `table`, row by row. */
async function createFtsTriggers<DB>(db: Kysely<DB>, table: string, { fts, column }: FtsIndex): Promise<void> {
  const [ftsRef, columnRef] = [sql.table(fts), sql.ref(column)];
  await sql`create trigger ${sql.raw(`${fts}_ai`)} after insert on ${sql.table(table)} begin
      insert into ${ftsRef}(rowid, ${columnRef}) values (new.id, new.${columnRef}); end`.execute(db);
  await sql`create trigger ${sql.raw(`${fts}_ad`)} after delete on ${sql.table(table)} begin
      insert into ${ftsRef}(${ftsRef}, rowid, ${columnRef}) values ('delete', old.id, old.${columnRef}); end`.execute(db);
  await sql`create trigger ${sql.raw(`${fts}_au`)} after update of ${columnRef} on ${sql.table(table)} begin
      insert into ${ftsRef}(${ftsRef}, rowid, ${columnRef}) values ('delete', old.id, old.${columnRef});
      insert into ${ftsRef}(rowid, ${columnRef}) values (new.id, new.${columnRef}); end`.execute(db);
}

async function dropFtsTriggers<DB>(db: Kysely<DB>, { fts }: FtsIndex): Promise<void> {
  for (const suffix of TRIGGER_SUFFIXES) await sql`drop trigger if exists ${sql.raw(`${fts}_${suffix}`)}`.execute(db);
}

/** The FTS5 indexes `table` has: an archive loaded at an older schema may not have the gram index yet. */
async function ftsIndexesOf<DB>(db: Kysely<DB>, table: string): Promise<FtsIndex[]> {
  const wanted = [textIndex(table), gramIndex(table)];
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name in (${sql.join(wanted.map((w) => w.fts))})`.execute(db);
  return wanted.filter((w) => rows.some((r) => r.name === w.fts));
}

const migrationKit: MigrationKit = {
  types: { ref: 'integer', money: 'integer', timestamp: 'text', date: 'text', bool: 'integer', json: 'text' },
  withId: (table) => table.addColumn('id', 'integer', (c) => c.primaryKey().notNull()),
  async createSearchIndex(db, table) {
    const fts = ftsTable(table);
    await sql`create virtual table ${sql.table(fts)} using fts5(search_text, content=${sql.lit(table)}, content_rowid='id', tokenize='trigram remove_diacritics 1')`.execute(db);
    await createFtsTriggers(db, table, textIndex(table));
  },
  async dropSearchIndex(db, table) {
    await dropFtsTriggers(db, textIndex(table));
    await sql`drop table if exists ${sql.table(ftsTable(table))}`.execute(db);
  },
  async createGramIndex(db, table) {
    // unicode61 makes each space-separated gram one token; built from the rows already there.
    const grams = sql.table(gramsTable(table));
    await sql`create virtual table ${grams} using fts5(search_grams, content=${sql.lit(table)}, content_rowid='id', tokenize='unicode61')`.execute(db);
    await sql`insert into ${grams}(${grams}) values ('rebuild')`.execute(db);
    await createFtsTriggers(db, table, gramIndex(table));
  },
  async dropGramIndex(db, table) {
    await dropFtsTriggers(db, gramIndex(table));
    await sql`drop table if exists ${sql.table(gramsTable(table))}`.execute(db);
  },
  async createPrefixIndex(db, table, column) {
    // GLOB 'x*' uses a plain b-tree index; with the id it also serves keyset paging by this column.
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).columns([column, 'id']).execute();
  },
  async createRowTrigger(db, trigger) {
    const event = trigger.event === 'update' && trigger.column ? `update of ${trigger.column}` : trigger.event;
    const when = changedValue(trigger, 'is not');
    await sql`create trigger ${sql.raw(trigger.name)} after ${sql.raw(event)} on ${sql.table(trigger.table)} for each row ${sql.raw(
      when ? `when ${when}` : '',
    )} begin ${sql.raw(trigger.statement)}; end`.execute(db);
  },
  async dropRowTrigger(db, trigger) {
    await sql`drop trigger if exists ${sql.raw(trigger.name)}`.execute(db);
  },
};

const escapeGlob = (text: string) => text.replace(/[*?[]/g, (c) => `[${c}]`);
const ftsPhrase = (needle: string) => `"${needle.replaceAll('"', '""')}"`;

const constraintKinds: Record<string, 'unique' | 'foreign_key' | 'check' | 'not_null'> = {
  SQLITE_CONSTRAINT_UNIQUE: 'unique',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'unique',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'foreign_key',
  SQLITE_CONSTRAINT_CHECK: 'check',
  SQLITE_CONSTRAINT_NOTNULL: 'not_null',
};

export function sqliteDialect(connection: BetterSqlite3.Database): Dialect {
  // Loads running at once in this process; the settings come back when the last one ends.
  let bulkLoads = 0;
  let before: { mmap: unknown; checkpoint: unknown } = { mmap: 0, checkpoint: 1000 };
  return {
    name: 'sqlite',
    migrationKit,
    housekeeping: sqliteHousekeeping(connection),
    searchContains: (table: SearchableTable, needles) =>
      sql<boolean>`${sql.ref(`${table}.id`)} in (select rowid from ${sql.table(ftsTable(table))} where ${sql.table(
        ftsTable(table),
      )} match ${needles.map(ftsPhrase).join(' OR ')})`,
    // A join streams FTS matches and stops at the LIMIT; `id in (…)` would collect every match first.
    restrictToMatches: (query, table, needles) =>
      query.innerJoin(
        sql<{ match_id: number }>`(select rowid as match_id from ${sql.table(ftsTable(table))} where ${sql.table(ftsTable(table))} match ${needles.map(ftsPhrase).join(' OR ')})`.as('fts_match'),
        (join) => join.onRef('fts_match.match_id', '=', `${table}.id`),
      ) as typeof query,
    containsGram: (table, gram) =>
      sql<boolean>`${sql.ref(`${table}.id`)} in (select rowid from ${sql.table(gramsTable(table))} where ${sql.table(gramsTable(table))} match ${ftsPhrase(gram)})`,
    restrictToGram: (query, table, gram) =>
      query.innerJoin(
        sql<{ match_id: number }>`(select rowid as match_id from ${sql.table(gramsTable(table))} where ${sql.table(gramsTable(table))} match ${ftsPhrase(gram)})`.as('gram_match'),
        (join) => join.onRef('gram_match.match_id', '=', `${table}.id`),
      ) as typeof query,
    startsWith: (column, prefix) => sql<boolean>`${sql.ref(column)} glob ${`${escapeGlob(prefix)}*`}`,
    jsonArrayFrom: (subquery) => jsonArrayFrom(subquery) as never,
    monthOf: (column, utcOffsetMinutes) => sql<string>`strftime('%Y-%m', ${sql.ref(column)}, ${`${utcOffsetMinutes} minutes`})`,
    idIn: (column, ids) => sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`,
    jsonText: (column, key) => sql<string | null>`cast(json_extract(${sql.ref(column)}, ${`$."${key}"`}) as text)`,
    parseJson: <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
    // the one connection serves every query and transaction of this database, so reading it directly sees what Kysely would
    async eachRow(_db, query, onRow) {
      for (const row of connection.prepare(query.sql).raw(true).iterate(bindable(query.parameters))) onRow(row as unknown[]);
    },
    constraintViolation(error) {
      const code = (error as { code?: unknown })?.code;
      const kind = typeof code === 'string' ? constraintKinds[code] : undefined;
      if (!kind) return null;
      const column = /failed: \w+\.(\w+)/.exec(String((error as Error).message))?.[1] ?? null;
      return { kind, column };
    },
    async lockAuditChain(trx) {
      // Any write takes SQLite's one write lock for the rest of the transaction.
      await sql`delete from audit_log where 0`.execute(trx);
    },
    async lockRowsForUpdate(trx, table) {
      // A write takes SQLite's one write lock; a no-op write takes it before the reads that follow.
      await sql`delete from ${sql.table(table)} where 0`.execute(trx);
    },
    async lockLoginAttempts(trx) {
      // A write first, so the transaction holds the write lock before it counts.
      await sql`delete from login_attempts where 0`.execute(trx);
    },
    async lockForMigration(trx) {
      // A write takes SQLite's reserved lock, so a second process waits here until we commit.
      await sql`create table if not exists kehu_migration_lock (id integer primary key)`.execute(trx);
      await sql`delete from kehu_migration_lock`.execute(trx);
    },
    async rebuildSearchIndex(db, table) {
      for (const { fts } of await ftsIndexesOf(db, table)) await sql`insert into ${sql.table(fts)}(${sql.table(fts)}) values ('rebuild')`.execute(db);
    },
    async withSearchIndexSuspended(db, table, work) {
      // A trigger per row makes bulk loads ~9x slower than indexing the new rows in one statement.
      const before = await sql<{ last: number | null }>`select max(id) as last from ${sql.table(table)}`.execute(db);
      const last = before.rows[0]?.last ?? 0;
      const indexes = await ftsIndexesOf(db, table);
      for (const index of indexes) await dropFtsTriggers(db, index);
      const result = await work();
      for (const index of indexes) {
        await createFtsTriggers(db, table, index);
        const column = sql.ref(index.column);
        await sql`insert into ${sql.table(index.fts)}(rowid, ${column}) select id, ${column} from ${sql.table(table)} where id > ${last} order by id`.execute(db);
      }
      return result;
    },
    async deferrableIndexes(db, table) {
      // Automatic indexes (primary keys, unique constraints) have no SQL; unique ones stay too.
      const rows = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null order by name`.execute(db);
      return rows.rows.filter((r) => !/^\s*create\s+unique\b/i.test(r.sql));
    },
    async forBulkLoad(work) {
      if (bulkLoads++ === 0) {
        before = { mmap: connection.pragma('mmap_size', { simple: true }), checkpoint: connection.pragma('wal_autocheckpoint', { simple: true }) };
        // A million-row load reads most of the file through the map (new rows, index builds): that
        // counted ~600 MB of page cache as the process's own. Without it SQLite reads into its
        // small page cache, as fast for these scans.
        connection.pragma('mmap_size = 0');
        // Every batch dirties pages all over the phone/e-mail index; checkpointing after every
        // batch copied them to the file each time (a fifth of a million-row load).
        connection.pragma(`wal_autocheckpoint = ${BULK_LOAD_CHECKPOINT_PAGES}`);
      }
      try {
        return await work();
      } finally {
        if (--bulkLoads === 0) {
          // Settings only: failing to restore one must not hide what `work` threw.
          try {
            connection.pragma(`mmap_size = ${Number(before.mmap)}`);
            connection.pragma(`wal_autocheckpoint = ${Number(before.checkpoint)}`);
          } catch {
            // the connection is closing or gone; a new one starts with the defaults
          }
        }
      }
    },
  };
}
