import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change deferred indexes in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema
    .createTable('deferred_indexes')
    .addColumn('name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('sql', 'text', (c) => c.notNull())
    .addColumn('job_id', kit.types.ref)
    .addColumn('created_at', kit.types.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  // The table is the only record of indexes a load dropped: build them before it goes.
  const pending = await sql<{ sql: string }>`select sql from deferred_indexes`.execute(db);
  for (const index of pending.rows) await sql.raw(index.sql.replace(/^\s*create\s+index\s+(?!if\s+not\s+exists)/i, 'create index if not exists ')).execute(db);
  await db.schema.dropTable('deferred_indexes').execute();
}
