import type { Kysely } from 'kysely';

// Frozen once released: change these columns in a new migration.

type Db = Kysely<unknown>;

/** What an address book holds about a person beyond name, title and birthday (a vCard's N, NICKNAME, ORG, ROLE, URL, ADR). */
const COLUMNS = ['family_name', 'given_name', 'nickname', 'organization', 'department', 'role', 'website', 'address', 'city', 'province', 'postcode', 'country'];

export async function up(db: Db): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('contacts').addColumn(column, 'text').execute();
}

export async function down(db: Db): Promise<void> {
  for (const column of [...COLUMNS].reverse()) await db.schema.alterTable('contacts').dropColumn(column).execute();
}
