import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the duplicate tables in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  // a_id and b_id point at customers or contacts (by `entity`), so they carry no foreign key;
  // a pair whose record is gone is skipped when listed and dropped by the next scan.
  await kit
    .withId(db.schema.createTable('duplicate_pairs'))
    .addColumn('entity', 'text', (c) => c.notNull().check(sql`entity in ('customers', 'contacts')`))
    .addColumn('a_id', types.ref, (c) => c.notNull())
    .addColumn('b_id', types.ref, (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 0 and 1000`))
    .addColumn('reasons', types.json, (c) => c.notNull())
    .addColumn('cluster_id', types.ref, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'dismissed', 'merged')`))
    .addColumn('found_at', types.timestamp, (c) => c.notNull())
    .addColumn('decided_at', types.timestamp)
    .addColumn('decided_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addCheckConstraint('duplicate_pairs_ordered', sql`a_id < b_id`)
    .addUniqueConstraint('duplicate_pairs_unique', ['entity', 'a_id', 'b_id'])
    .execute();
  await db.schema.createIndex('duplicate_pairs_list_idx').on('duplicate_pairs').columns(['entity', 'status', 'score', 'id']).execute();
  await db.schema.createIndex('duplicate_pairs_b_idx').on('duplicate_pairs').columns(['entity', 'b_id']).execute();
  await db.schema.createIndex('duplicate_pairs_cluster_idx').on('duplicate_pairs').columns(['entity', 'cluster_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('duplicate_pairs').execute();
}
