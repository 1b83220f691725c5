import type { Kysely } from 'kysely';

// Frozen once released: change the sensitive fields in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('customers').addColumn('id_number_enc', 'text').execute();
  await db.schema.alterTable('customers').addColumn('id_number_bidx', 'text').execute();
  await db.schema.alterTable('customers').addColumn('bank_account_enc', 'text').execute();
  await db.schema.createIndex('customers_id_number_bidx_idx').on('customers').column('id_number_bidx').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('customers_id_number_bidx_idx').execute();
  for (const column of ['bank_account_enc', 'id_number_bidx', 'id_number_enc']) {
    await db.schema.alterTable('customers').dropColumn(column).execute();
  }
}
