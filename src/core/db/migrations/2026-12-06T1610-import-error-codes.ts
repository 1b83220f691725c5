import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released. A rejected row's reason as a message code and parameters, so the error
// file can say it in the importer's language; older rows keep their English reason only.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema.alterTable('import_job_errors').addColumn('code', 'text').execute();
  await db.schema.alterTable('import_job_errors').addColumn('params', kit.types.json).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('import_job_errors').dropColumn('params').execute();
  await db.schema.alterTable('import_job_errors').dropColumn('code').execute();
}
