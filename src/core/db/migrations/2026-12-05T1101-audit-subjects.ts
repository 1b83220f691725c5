import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change audit subjects in a new migration.

type Db = Kysely<unknown>;

/**
 * The records one audit entry covers when a bulk write (an import batch) is recorded as one
 * entry listing them: so a record's history finds it. The entry's own `changes` list the same
 * records and are hashed; `kehu audit verify` checks that the two agree.
 */
export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await db.schema
    .createTable('audit_subjects')
    .addColumn('audit_id', types.ref, (c) => c.notNull().references('audit_log.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', types.ref, (c) => c.notNull())
    .addColumn('row', 'integer')
    .addPrimaryKeyConstraint('audit_subjects_pk', ['audit_id', 'entity_id'])
    .execute();
  await db.schema.createIndex('audit_subjects_entity_idx').on('audit_subjects').columns(['entity', 'entity_id', 'audit_id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('audit_subjects').execute();
}
