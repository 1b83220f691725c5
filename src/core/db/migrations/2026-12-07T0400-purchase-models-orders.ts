import type { Kysely } from 'kysely';

// Frozen once released. How many orders of its currency the workspace had when a fit was made, so
// that a day's fit is made again once the orders have changed by more than a little (an import of
// a year of orders after the morning's fit); older fits have none and are kept for their day.

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('purchase_models').addColumn('orders', 'integer').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('purchase_models').dropColumn('orders').execute();
}
