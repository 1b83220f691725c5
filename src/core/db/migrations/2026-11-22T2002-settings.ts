import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the settings table in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('value', types.json, (c) => c.notNull())
    .addColumn('updated_at', types.timestamp, (c) => c.notNull())
    .addColumn('updated_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('settings').execute();
}
