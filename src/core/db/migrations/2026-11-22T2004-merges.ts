import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the merges table in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  // survivor_id and merged_id point at customers or contacts (by `entity`), so no foreign key;
  // both rows outlive the merge (the merged one waits in the recycle bin).
  await kit
    .withId(db.schema.createTable('merges'))
    .addColumn('entity', 'text', (c) => c.notNull().check(sql`entity in ('customers', 'contacts')`))
    .addColumn('survivor_id', types.ref, (c) => c.notNull())
    .addColumn('merged_id', types.ref, (c) => c.notNull())
    .addColumn('pair_id', types.ref)
    .addColumn('decisions', types.json, (c) => c.notNull())
    .addColumn('before_image', types.json, (c) => c.notNull())
    .addColumn('moved', types.json, (c) => c.notNull())
    .addColumn('added', types.json, (c) => c.notNull())
    .addColumn('survivor_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('undone_at', types.timestamp)
    .addColumn('undone_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('merges_survivor_idx').on('merges').columns(['entity', 'survivor_id', 'id']).execute();
  await db.schema.createIndex('merges_merged_idx').on('merges').columns(['entity', 'merged_id', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('merges').execute();
}
