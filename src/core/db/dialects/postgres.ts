import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { sql } from 'kysely';
import { escapeLike, type Dialect, type SearchableTable } from './dialect.ts';
import { changedValue, type MigrationKit } from './migration-kit.ts';
import { postgresHousekeeping } from './postgres-housekeeping.ts';

const migrationKit: MigrationKit = {
  types: { ref: 'bigint', money: 'bigint', timestamp: 'timestamptz', date: 'date', bool: 'boolean', json: 'jsonb' },
  withId: (table) => table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
  async createSearchIndex(db, table) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index ${sql.raw(`${table}_search_trgm_idx`)} on ${sql.table(table)} using gin (search_text gin_trgm_ops)`.execute(db);
  },
  async dropSearchIndex(db, table) {
    await sql`drop index if exists ${sql.raw(`${table}_search_trgm_idx`)}`.execute(db);
  },
  async createGramIndex(db, table) {
    await sql`create index ${sql.raw(`${table}_search_grams_idx`)} on ${sql.table(table)} using gin (string_to_array(search_grams, ' '))`.execute(db);
  },
  async dropGramIndex(db, table) {
    await sql`drop index if exists ${sql.raw(`${table}_search_grams_idx`)}`.execute(db);
  },
  async createPrefixIndex(db, table, column) {
    // LIKE 'x%' can use a b-tree only with text_pattern_ops (outside the C collation); the
    // (column, id) index serves keyset paging sorted by this column.
    await db.schema.createIndex(`${table}_${column}_idx`).on(table).columns([column, 'id']).execute();
    await sql`create index ${sql.raw(`${table}_${column}_prefix_idx`)} on ${sql.table(table)} (${sql.ref(column)} text_pattern_ops)`.execute(db);
  },
  async createRowTrigger(db, trigger) {
    // PostgreSQL triggers call a function: one per trigger, named after it.
    const fn = `${trigger.name}_fn`;
    await sql`create function ${sql.raw(fn)}() returns trigger language plpgsql as ${sql.raw(`$fn$ begin ${trigger.statement}; return null; end $fn$`)}`.execute(db);
    const event = trigger.event === 'update' && trigger.column ? `update of ${trigger.column}` : trigger.event;
    const when = changedValue(trigger, 'is distinct from');
    await sql`create trigger ${sql.raw(trigger.name)} after ${sql.raw(event)} on ${sql.table(trigger.table)} for each row ${sql.raw(
      when ? `when (${when})` : '',
    )} execute function ${sql.raw(fn)}()`.execute(db);
  },
  async dropRowTrigger(db, trigger) {
    await sql`drop trigger if exists ${sql.raw(trigger.name)} on ${sql.table(trigger.table)}`.execute(db);
    await sql`drop function if exists ${sql.raw(`${trigger.name}_fn`)}()`.execute(db);
  },
};

const constraintKinds: Record<string, 'unique' | 'foreign_key' | 'check' | 'not_null'> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23502': 'not_null',
};

// Any fixed number: every kehu process that migrates takes the same transaction lock.
const MIGRATION_LOCK_KEY = 4_711_2026;
// Another fixed number: every writer of the audit log queues here, so the hash chain stays linear.
const AUDIT_CHAIN_LOCK_KEY = 4_711_2027;
// And one for the brute-force counters: parallel guesses are counted one after another.
const LOGIN_ATTEMPTS_LOCK_KEY = 4_711_2028;

/** `url`: where a worker thread can open a connection of its own (a backup's dump runs there). */
export function postgresDialect(url: string | null = null): Dialect {
  return {
    name: 'postgres',
    migrationKit,
    housekeeping: postgresHousekeeping(url),
    searchContains: (table: SearchableTable, needles) =>
      sql<boolean>`(${sql.join(
        needles.map((n) => sql`${sql.ref(`${table}.search_text`)} like ${`%${escapeLike(n)}%`}`),
        sql` or `,
      )})`,
    restrictToMatches(query, table, needles) {
      return query.where(this.searchContains(table, needles)) as typeof query;
    },
    // The same expression as the GIN index, so the planner uses it.
    containsGram: (table, gram) => sql<boolean>`string_to_array(${sql.ref(`${table}.search_grams`)}, ' ') @> array[${gram}]::text[]`,
    restrictToGram(query, table, gram) {
      return query.where(this.containsGram(table, gram)) as typeof query;
    },
    startsWith: (column, prefix) => sql<boolean>`${sql.ref(column)} like ${`${escapeLike(prefix)}%`}`,
    jsonArrayFrom: (subquery) => jsonArrayFrom(subquery) as never,
    monthOf: (column, utcOffsetMinutes) =>
      sql<string>`to_char((${sql.ref(column)} at time zone 'UTC') + make_interval(mins => ${sql.lit(Math.trunc(utcOffsetMinutes))}), 'YYYY-MM')`,
    idIn: (column, ids) => sql<boolean>`${sql.ref(column)} = any(cast(${[...ids]} as bigint[]))`,
    jsonText: (column, key) => sql<string | null>`(${sql.ref(column)} ->> ${key})`,
    parseJson: <T>(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as T,
    async eachRow(db, query, onRow) {
      for (const row of (await db.executeQuery<Record<string, unknown>>(query)).rows) onRow(Object.values(row));
    },
    constraintViolation(error) {
      const code = (error as { code?: unknown })?.code;
      const kind = typeof code === 'string' ? constraintKinds[code] : undefined;
      if (!kind) return null;
      const { detail, column } = error as { detail?: string; column?: string };
      return { kind, column: column ?? /Key \(([\w" ,]+)\)/.exec(detail ?? '')?.[1] ?? null };
    },
    async lockAuditChain(trx) {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY})`.execute(trx);
    },
    async lockRowsForUpdate(trx, table, ids) {
      if (ids.length === 0) return;
      // in id order, so two transactions locking overlapping sets cannot deadlock
      await sql`select id from ${sql.table(table)} where id in (${sql.join([...ids].sort((a, b) => a - b))}) order by id for update`.execute(trx);
    },
    async lockLoginAttempts(trx) {
      await sql`select pg_advisory_xact_lock(${LOGIN_ATTEMPTS_LOCK_KEY})`.execute(trx);
    },
    async lockForMigration(trx) {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    },
    async rebuildSearchIndex() {
      // pg_trgm indexes the search_text column directly; nothing to rebuild.
    },
    // The pg_trgm index is kept by PostgreSQL itself, at a cost close to a bulk build.
    withSearchIndexSuspended: (_db, _table, work) => work(),
    async deferrableIndexes(db, table) {
      // Unique indexes (primary keys included) enforce rules and stay; the trigram index is the costliest to keep.
      const rows = await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes where schemaname = current_schema() and tablename = ${table} order by indexname`.execute(db);
      return rows.rows.filter((r) => !/^\s*create\s+unique\b/i.test(r.sql));
    },
    forBulkLoad: (work) => work(),
  };
}
