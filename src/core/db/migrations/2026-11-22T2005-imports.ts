import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change import tables in a new migration.

type Db = Kysely<unknown>;

const JOB_STATUSES = sql`status in ('queued', 'running', 'done', 'failed', 'reverted')`;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  for (const table of ['customers', 'contacts']) {
    await db.schema.alterTable(table).addColumn('external_id', 'text').execute();
    // One live record per external id; deleted ones keep theirs for history.
    await db.schema
      .createIndex(`${table}_external_id_uq`)
      .on(table)
      .column('external_id')
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  }

  await kit
    .withId(db.schema.createTable('import_jobs'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('customers', 'contacts', 'orders', 'interactions')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_path', 'text', (c) => c.notNull())
    .addColumn('file_size', types.money, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(JOB_STATUSES))
    .addColumn('mapping', types.json, (c) => c.notNull())
    .addColumn('options', types.json, (c) => c.notNull())
    .addColumn('last_row', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rows_estimate', 'integer')
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invalid_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rate', 'integer')
    .addColumn('error', 'text')
    .addColumn('runner', 'text')
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('updated_at', types.timestamp, (c) => c.notNull())
    .addColumn('started_at', types.timestamp)
    .addColumn('finished_at', types.timestamp)
    .execute();
  await db.schema.createIndex('import_jobs_created_idx').on('import_jobs').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('import_jobs_status_idx').on('import_jobs').column('status').execute();

  await kit
    .withId(db.schema.createTable('import_job_records'))
    .addColumn('job_id', types.ref, (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('entity', 'text', (c) => c.notNull().check(sql`entity in ('customer', 'contact', 'order', 'interaction')`))
    .addColumn('entity_id', types.ref, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create', 'update')`))
    .addColumn('before', types.json)
    .addColumn('row', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_job_records_job_idx').on('import_job_records').columns(['job_id', 'entity', 'entity_id']).execute();

  await kit
    .withId(db.schema.createTable('import_job_errors'))
    .addColumn('job_id', types.ref, (c) => c.notNull().references('import_jobs.id').onDelete('cascade'))
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('column', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('cells', types.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_job_errors_job_idx').on('import_job_errors').columns(['job_id', 'row']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('import_job_errors').execute();
  await db.schema.dropTable('import_job_records').execute();
  await db.schema.dropTable('import_jobs').execute();
  for (const table of ['contacts', 'customers']) {
    await db.schema.dropIndex(`${table}_external_id_uq`).execute();
    await db.schema.alterTable(table).dropColumn('external_id').execute();
  }
}
