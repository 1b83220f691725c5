import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the segments table in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await kit
    .withId(db.schema.createTable('segments'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('filter', types.json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('updated_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('deleted_at', types.timestamp)
    .execute();
  await db.schema.createIndex('segments_name_uq').on('segments').column('name').unique().where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('segments').execute();
}
