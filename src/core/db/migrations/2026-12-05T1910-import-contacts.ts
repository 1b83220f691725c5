import type { Kysely } from 'kysely';

// Frozen once released: change these columns in a new migration.

type Db = Kysely<unknown>;

/**
 * An import job counts the contact people a customer file's contact columns created, and the
 * rows that landed without a value they held (kept with --on-invalid-value keep-row).
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('import_jobs').addColumn('contacts_created', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('import_jobs').addColumn('dropped_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('dropped_count').execute();
  await db.schema.alterTable('import_jobs').dropColumn('contacts_created').execute();
}
