import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the purchase models table in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await db.schema
    .createTable('purchase_models')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('as_of', types.date, (c) => c.notNull())
    .addColumn('utc_offset', 'integer', (c) => c.notNull())
    .addColumn('fitted_at', types.timestamp, (c) => c.notNull())
    .addColumn('customers', 'integer', (c) => c.notNull())
    .addColumn('repeat_customers', 'integer', (c) => c.notNull())
    .addColumn('bgnbd', types.json)
    .addColumn('gamma_gamma', types.json)
    .addPrimaryKeyConstraint('purchase_models_pk', ['currency', 'as_of', 'utc_offset'])
    .execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('purchase_models').execute();
}
