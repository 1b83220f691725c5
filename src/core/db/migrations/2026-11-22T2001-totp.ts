import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change two-factor sign-in in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  // One column per statement: SQLite adds a single column per ALTER TABLE.
  await db.schema.alterTable('users').addColumn('totp_secret_enc', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_enabled', types.bool, (c) => c.notNull().defaultTo(false)).execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
  await kit
    .withId(db.schema.createTable('user_recovery_codes'))
    .addColumn('user_id', types.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('used_at', types.timestamp)
    .execute();
  await db.schema.createIndex('user_recovery_codes_user_idx').on('user_recovery_codes').columns(['user_id', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('user_recovery_codes').execute();
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
  await db.schema.alterTable('users').dropColumn('totp_enabled').execute();
  await db.schema.alterTable('users').dropColumn('totp_secret_enc').execute();
}
