import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { isKehuTable } from '../kehu-tables.ts';
import type { AppliedMigration, Housekeeping, Snapshot, TableInfo } from './housekeeping.ts';

interface ColumnRow {
  table_name: string;
  name: string;
  type: string;
  pk_position: number | null;
}

/** kehu's tables in the connection's schema (not other applications' beside them), oldest first, with columns and primary keys. */
async function catalogOf(db: Kysely<unknown>): Promise<TableInfo[]> {
  const { rows } = await sql<ColumnRow>`
    select c.relname as table_name, a.attname as name, lower(format_type(a.atttypid, a.atttypmod)) as type,
           array_position(i.indkey::int2[], a.attnum) as pk_position
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
      join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      left join pg_index i on i.indrelid = c.oid and i.indisprimary
     where c.relkind in ('r', 'p')
     order by c.oid, a.attnum`.execute(db);
  const tables = new Map<string, TableInfo & { keyed: Array<[number, string]> }>();
  for (const row of rows) {
    let table = tables.get(row.table_name);
    if (!table) tables.set(row.table_name, (table = { name: row.table_name, columns: [], primaryKey: [], keyed: [] }));
    table.columns.push({ name: row.name, type: row.type });
    if (row.pk_position !== null) table.keyed.push([row.pk_position, row.name]);
  }
  return [...tables.values()].filter((t) => isKehuTable(t.name)).map(({ keyed, ...table }) => ({ ...table, primaryKey: keyed.sort((a, b) => a[0] - b[0]).map(([, name]) => name) }));
}

const orderBy = (table: TableInfo) =>
  sql.join((table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name)).map((c) => sql.ref(c)));

async function migrationsOf(db: Kysely<unknown>, tables: TableInfo[]): Promise<AppliedMigration[]> {
  if (!tables.some((t) => t.name === 'kehu_migrations')) return [];
  const { rows } = await sql<{ name: string; applied_at: string }>`select name, applied_at from kehu_migrations order by applied_at, name`.execute(db);
  return rows.map((r) => ({ name: r.name, appliedAt: r.applied_at }));
}

async function snapshotOf(trx: Kysely<unknown>): Promise<Snapshot> {
  const tables = await catalogOf(trx);
  return {
    tables,
    migrations: await migrationsOf(trx, tables),
    async *batches(table, batchSize) {
      const cursor = sql.raw(`kehu_dump_${randomBytes(4).toString('hex')}`);
      await sql`declare ${cursor} no scroll cursor for select * from ${sql.table(table.name)} order by ${orderBy(table)}`.execute(trx);
      try {
        for (;;) {
          const { rows } = await sql<Record<string, unknown>>`fetch forward ${sql.lit(batchSize)} from ${cursor}`.execute(trx);
          if (rows.length > 0) yield rows;
          if (rows.length < batchSize) break;
        }
      } finally {
        await sql`close ${cursor}`.execute(trx);
      }
    },
  };
}

export function postgresHousekeeping(url: string | null = null): Housekeeping {
  return {
    withSnapshot(db, work) {
      // One repeatable-read transaction: every table is read as of its first statement.
      return db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql`set transaction read only`.execute(trx);
          return work(await snapshotOf(trx));
        });
    },
    snapshotOf,
    // PostgreSQL's checkpoints are the server's own business.
    withCheckpointsOffThread: (work) => work(),
    listTables: catalogOf,
    async dropTables(db, tables) {
      if (tables.length === 0) return;
      await sql`drop table if exists ${sql.join(tables.map((t) => sql.table(t)))} cascade`.execute(db);
      // Trigger functions outlive their tables; the migrations that run next create them again. Only
      // kehu's (one per trigger, named <trigger>_fn): another application's, in use by its own tables' triggers, stay.
      const { rows } = await sql<{ fn: string }>`
        select p.oid::regprocedure::text as fn from pg_proc p
          join pg_namespace n on n.oid = p.pronamespace and n.nspname = current_schema()
         where p.prorettype = 'trigger'::regtype
           and p.proname like '%\\_fn' escape '\\'
           and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
           and not exists (select 1 from pg_trigger t where t.tgfoid = p.oid and not t.tgisinternal)`.execute(db);
      for (const { fn } of rows) await sql`drop function if exists ${sql.raw(fn)} cascade`.execute(db);
    },
    async withForeignKeysChecked(db, tables, work) {
      // Foreign keys here are not deferrable: drop them for the load and add them back, which checks every row once.
      const names = tables.map((t) => t.name);
      const { rows } = await sql<{ table_name: string; name: string; definition: string }>`
        select c.relname as table_name, k.conname as name, pg_get_constraintdef(k.oid) as definition
          from pg_constraint k join pg_class c on c.oid = k.conrelid
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
         where k.contype = 'f' and c.relname in (${sql.join(names)})`.execute(db);
      for (const fk of rows) await sql`alter table ${sql.table(fk.table_name)} drop constraint ${sql.ref(fk.name)}`.execute(db);
      const result = await work();
      for (const fk of rows) await sql`alter table ${sql.table(fk.table_name)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(db);
      return result;
    },
    async makeUnlogged(db) {
      // A logged table may not point at an unlogged one: the foreign keys go while the tables change, then come back.
      const { rows: keys } = await sql<{ table_name: string; name: string; definition: string }>`
        select c.relname as table_name, k.conname as name, pg_get_constraintdef(k.oid) as definition
          from pg_constraint k join pg_class c on c.oid = k.conrelid
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
         where k.contype = 'f'`.execute(db);
      for (const fk of keys) await sql`alter table ${sql.table(fk.table_name)} drop constraint ${sql.ref(fk.name)}`.execute(db);
      const { rows: tables } = await sql<{ name: string }>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()
         where c.relkind in ('r', 'p') and c.relpersistence = 'p'`.execute(db);
      for (const table of tables) await sql`alter table ${sql.table(table.name)} set unlogged`.execute(db);
      for (const fk of keys) await sql`alter table ${sql.table(fk.table_name)} add constraint ${sql.ref(fk.name)} ${sql.raw(fk.definition)}`.execute(db);
    },
    async withTriggersOff(db, tables, work) {
      // USER triggers only: the system triggers behind foreign keys stay on.
      for (const table of tables) await sql`alter table ${sql.table(table.name)} disable trigger user`.execute(db);
      const result = await work();
      for (const table of tables) await sql`alter table ${sql.table(table.name)} enable trigger user`.execute(db);
      return result;
    },
    async resetIdentities(db, tables) {
      for (const table of tables) {
        if (!table.columns.some((c) => c.name === 'id')) continue;
        const { rows } = await sql<{ sequence: string | null }>`select pg_get_serial_sequence(${`"${table.name}"`}, 'id') as sequence`.execute(db);
        const sequence = rows[0]?.sequence;
        if (!sequence) continue;
        await sql`select setval(${sequence}, coalesce((select max(id) from ${sql.table(table.name)}), 0) + 1, false)`.execute(db);
      }
    },
    async rowCounts(db, tables) {
      const counts: number[] = [];
      for (const table of tables) counts.push(Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0));
      return counts;
    },
    async integrityCheck() {
      // PostgreSQL checks pages as it reads them (and data checksums when enabled); there is no whole-database pragma.
      return [];
    },
    async sizes(db) {
      const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(db);
      return { databaseBytes: Number(rows[0]?.bytes ?? 0), walBytes: null };
    },
    async maintain(db, action) {
      await (action === 'optimize' ? sql`analyze` : sql`vacuum (analyze)`).execute(db);
    },
    fileBackup: null,
    workerUrl: url,
  };
}
