import type { Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the audit log in a new migration.

type Db = Kysely<unknown>;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  // No foreign-key action on actor_id: `set null` would rewrite hashed rows and break the chain.
  await kit
    .withId(db.schema.createTable('audit_log'))
    .addColumn('at', types.timestamp, (c) => c.notNull())
    .addColumn('actor_id', types.ref, (c) => c.references('users.id'))
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', types.ref)
    .addColumn('changes', types.json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity', 'entity_id', 'id']).execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
