import type { Kysely } from 'kysely';

// Frozen once released: change where actions come from in a new migration.

type Db = Kysely<unknown>;

/**
 * Where an action came from: 'console' for the command line (as nobody in particular, or --as a
 * user), null for a signed-in user or the server itself. Old entries keep null, and an entry's
 * hash covers `origin` only when it is set, so the chain still verifies.
 */
export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('origin', 'text').execute();
  await db.schema.alterTable('import_jobs').addColumn('origin', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('import_jobs').dropColumn('origin').execute();
  await db.schema.alterTable('audit_log').dropColumn('origin').execute();
}
