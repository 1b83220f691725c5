import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change password reset links in a new migration.

type Db = Kysely<unknown>;

/** One-time links an admin gives a user who forgot their password; only the token's SHA-256 is kept. */
export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await kit
    .withId(db.schema.createTable('password_resets'))
    .addColumn('user_id', types.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', types.timestamp, (c) => c.notNull())
    .addColumn('used_at', types.timestamp)
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').columns(['user_id', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
}
