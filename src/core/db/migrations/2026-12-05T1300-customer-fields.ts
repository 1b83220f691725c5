import { sql, type Kysely } from 'kysely';

// Frozen once released: change these columns in a new migration.

type Db = Kysely<unknown>;

const CUSTOMER_COLUMNS = ['birthday', 'postcode', 'district'] as const;

/**
 * Customers gain the fields import files carry (birthday, postcode, district); a contact's
 * birthday becomes text so that it can be `--MM-DD` when the year is unknown. The column is
 * rebuilt rather than altered: SQLite cannot change a column's type, and on PostgreSQL a date
 * read as text is YYYY-MM-DD, the form the application reads and writes.
 */
export async function up(db: Db): Promise<void> {
  for (const column of CUSTOMER_COLUMNS) await db.schema.alterTable('customers').addColumn(column, 'text').execute();
  await db.schema.alterTable('contacts').addColumn('birthday_text', 'text').execute();
  await sql`update contacts set birthday_text = cast(birthday as text) where birthday is not null`.execute(db);
  await db.schema.alterTable('contacts').dropColumn('birthday').execute();
  await db.schema.alterTable('contacts').renameColumn('birthday_text', 'birthday').execute();
}

/** Birthdays without a year cannot go back; the column stays text, which the previous version reads and writes alike. */
export async function down(db: Db): Promise<void> {
  await sql`update contacts set birthday = null where birthday like '--%'`.execute(db);
  for (const column of CUSTOMER_COLUMNS) await db.schema.alterTable('customers').dropColumn(column).execute();
}
