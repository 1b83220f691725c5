import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released. A failed backup job's error as a message code and parameters, so the
// admin page says it in the reader's language; older runs keep their English error only.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema.alterTable('backup_runs').addColumn('error_code', 'text').execute();
  await db.schema.alterTable('backup_runs').addColumn('error_params', kit.types.json).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('backup_runs').dropColumn('error_params').execute();
  await db.schema.alterTable('backup_runs').dropColumn('error_code').execute();
}
