import type { Kysely } from 'kysely';

// Frozen once released. Old sign-in attempts are pruned by time on every new one: this finds them.

type Db = Kysely<unknown>;

export async function up(db: Db): Promise<void> {
  await db.schema.createIndex('login_attempts_at_idx').on('login_attempts').columns(['at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('login_attempts_at_idx').execute();
}
