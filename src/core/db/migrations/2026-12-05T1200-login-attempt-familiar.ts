import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the sign-in counters in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  await db.schema
    .alterTable('login_attempts')
    .addColumn('familiar', kit.types.bool, (c) => c.notNull().defaultTo(false))
    .execute();
  // Text typed into the e-mail field that is no e-mail address may be a password: keep none of it.
  await sql`update login_attempts set email = '' where email not like '%_@_%'`.execute(db);
  await db.schema.createIndex('login_attempts_email_outcome_idx').on('login_attempts').columns(['email', 'succeeded', 'at']).execute();
  await db.schema.createIndex('login_attempts_pair_idx').on('login_attempts').columns(['email', 'ip', 'at']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('login_attempts_pair_idx').execute();
  await db.schema.dropIndex('login_attempts_email_outcome_idx').execute();
  await db.schema.alterTable('login_attempts').dropColumn('familiar').execute();
}
