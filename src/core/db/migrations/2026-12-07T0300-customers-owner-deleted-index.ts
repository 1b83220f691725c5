import type { Kysely } from 'kysely';

// Frozen once released. Customers by owner and deletion in a small index: an analysis counts the
// customers it covers (admin: every live one; a manager or rep: their owners') and finds the few
// it leaves out from it instead of reading every customer's row.

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('customers_owner_deleted_idx').on('customers').columns(['owner_id', 'deleted_at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('customers_owner_deleted_idx').execute();
}
