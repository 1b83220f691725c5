import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change access tables in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await db.schema
    .alterTable('teams')
    .addColumn('manager_id', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await kit
    .withId(db.schema.createTable('customer_shares'))
    .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('user_id', types.ref, (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('team_id', types.ref, (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('access', 'text', (c) => c.notNull().check(sql`access in ('read', 'write')`))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addCheckConstraint('customer_shares_one_target', sql`(user_id is null) <> (team_id is null)`)
    .addUniqueConstraint('customer_shares_user_unique', ['customer_id', 'user_id'])
    .addUniqueConstraint('customer_shares_team_unique', ['customer_id', 'team_id'])
    .execute();
  // The policy asks "shared with this user / team?" and "who is in these teams?".
  await db.schema.createIndex('customer_shares_user_idx').on('customer_shares').columns(['user_id', 'customer_id']).execute();
  await db.schema.createIndex('customer_shares_team_idx').on('customer_shares').columns(['team_id', 'customer_id']).execute();
  await db.schema.createIndex('users_team_idx').on('users').columns(['team_id', 'id']).execute();
  await db.schema.createIndex('teams_parent_idx').on('teams').column('parent_id').execute();
  await db.schema.createIndex('teams_manager_idx').on('teams').column('manager_id').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropIndex('teams_manager_idx').execute();
  await db.schema.dropIndex('teams_parent_idx').execute();
  await db.schema.dropIndex('users_team_idx').execute();
  await db.schema.dropTable('customer_shares').execute();
  await db.schema.alterTable('teams').dropColumn('manager_id').execute();
}
