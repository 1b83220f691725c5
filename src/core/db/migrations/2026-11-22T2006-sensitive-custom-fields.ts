import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change custom-field definitions in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema
    .alterTable('custom_field_defs')
    .addColumn('sensitive', kit.types.bool, (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('custom_field_defs').dropColumn('sensitive').execute();
}
