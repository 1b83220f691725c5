import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change backup runs and request statistics in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await kit
    .withId(db.schema.createTable('backup_runs'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    // A scheduled run claims its slot (e.g. backup:2026-12-05): of several servers, one runs it.
    .addColumn('slot', 'text', (c) => c.unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file', 'text')
    .addColumn('bytes', types.money)
    .addColumn('database_bytes', types.money)
    .addColumn('started_at', types.timestamp, (c) => c.notNull())
    .addColumn('finished_at', types.timestamp)
    .addColumn('duration_ms', types.money)
    .addColumn('details', types.json)
    .addColumn('error', 'text')
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('backup_runs_kind_idx').on('backup_runs').columns(['kind', 'started_at']).execute();

  await kit
    .withId(db.schema.createTable('request_stats'))
    .addColumn('at', types.timestamp, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('total_ms', types.money, (c) => c.notNull())
    .addColumn('max_ms', 'integer', (c) => c.notNull())
    .addColumn('histogram', types.json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_stats_at_idx').on('request_stats').column('at').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('request_stats').execute();
  await db.schema.dropTable('backup_runs').execute();
}
