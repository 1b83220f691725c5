import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change deferred indexes in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema
    .createTable('deferred_indexes')
    .addColumn('name', 'text', (c) => c.primaryKey().notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('sql', 'text', (c) => c.notNull())
    .addColumn('created_at', kit.types.timestamp, (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('deferred_indexes').execute();
}
