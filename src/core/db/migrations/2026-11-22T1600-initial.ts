import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen: this file describes the schema as first released. Change the schema in a new migration.

type Db = Kysely<unknown>;
type Table = CreateTableBuilder<string, string>;

const standard = (t: Table, kit: MigrationKit): Table =>
  t
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', kit.types.timestamp, (c) => c.notNull())
    .addColumn('updated_at', kit.types.timestamp, (c) => c.notNull())
    .addColumn('created_by', kit.types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_by', kit.types.ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('deleted_at', kit.types.timestamp);

// Partial: tiny, and only the recycle bin asks for deleted rows.
const recycleBinIndex = (db: Db, table: string) =>
  db.schema.createIndex(`${table}_deleted_idx`).on(table).columns(['deleted_at', 'id']).where(sql.ref('deleted_at'), 'is not', null).execute();

const inList = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;

  await kit
    .withId(db.schema.createTable('teams'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('parent_id', types.ref, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('updated_at', types.timestamp, (c) => c.notNull())
    .execute();

  await kit
    .withId(db.schema.createTable('users'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(inList('role', ['admin', 'manager', 'sales', 'viewer'])))
    .addColumn('team_id', types.ref, (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('password_hash', 'text')
    .addColumn('disabled', types.bool, (c) => c.notNull().defaultTo(false))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('updated_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();

  await kit
    .withId(db.schema.createTable('api_tokens'))
    .addColumn('user_id', types.ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('write').check(inList('scope', ['read', 'write'])))
    .addColumn('expires_at', types.timestamp)
    .addColumn('last_used_at', types.timestamp)
    .addColumn('revoked_at', types.timestamp)
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addColumn('created_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

  await standard(
    kit
      .withId(db.schema.createTable('customers'))
      .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['company', 'person'])))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_pinyin', 'text', (c) => c.notNull())
      .addColumn('name_initials', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) =>
        c.notNull().defaultTo('lead').check(inList('stage', ['lead', 'prospect', 'customer', 'churned', 'lost'])),
      )
      .addColumn('level', 'text', (c) => c.check(inList('level', ['A', 'B', 'C'])))
      .addColumn('source', 'text')
      .addColumn('industry', 'text')
      .addColumn('owner_id', types.ref, (c) => c.references('users.id').onDelete('set null'))
      .addColumn('country', 'text')
      .addColumn('province', 'text')
      .addColumn('city', 'text')
      .addColumn('address', 'text')
      .addColumn('website', 'text')
      .addColumn('notes', 'text')
      .addColumn('custom', types.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('search_text', 'text', (c) => c.notNull()),
    kit,
  ).execute();
  await db.schema.createIndex('customers_created_idx').on('customers').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('customers_updated_idx').on('customers').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('customers_owner_idx').on('customers').column('owner_id').execute();
  await db.schema.createIndex('customers_stage_idx').on('customers').column('stage').execute();
  await db.schema.createIndex('customers_city_idx').on('customers').column('city').execute();
  await recycleBinIndex(db, 'customers');
  await kit.createPrefixIndex(db, 'customers', 'name');
  await kit.createPrefixIndex(db, 'customers', 'name_pinyin');
  await kit.createPrefixIndex(db, 'customers', 'name_initials');
  await kit.createSearchIndex(db, 'customers');

  await standard(
    kit
      .withId(db.schema.createTable('contacts'))
      .addColumn('customer_id', types.ref, (c) => c.references('customers.id').onDelete('set null'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_pinyin', 'text', (c) => c.notNull())
      .addColumn('name_initials', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('gender', 'text', (c) => c.check(inList('gender', ['male', 'female', 'other'])))
      .addColumn('birthday', types.date)
      .addColumn('notes', 'text')
      .addColumn('custom', types.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('search_text', 'text', (c) => c.notNull()),
    kit,
  ).execute();
  await db.schema.createIndex('contacts_customer_idx').on('contacts').column('customer_id').execute();
  await db.schema.createIndex('contacts_created_idx').on('contacts').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('contacts_updated_idx').on('contacts').columns(['updated_at', 'id']).execute();
  await recycleBinIndex(db, 'contacts');
  await kit.createPrefixIndex(db, 'contacts', 'name');
  await kit.createPrefixIndex(db, 'contacts', 'name_pinyin');
  await kit.createPrefixIndex(db, 'contacts', 'name_initials');
  await kit.createSearchIndex(db, 'contacts');

  await kit
    .withId(db.schema.createTable('contact_points'))
    .addColumn('customer_id', types.ref, (c) => c.references('customers.id').onDelete('cascade'))
    .addColumn('contact_id', types.ref, (c) => c.references('contacts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(inList('kind', ['phone', 'email'])))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('is_primary', types.bool, (c) => c.notNull().defaultTo(false))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addCheckConstraint('contact_points_one_owner', sql`(customer_id is null) <> (contact_id is null)`)
    .execute();
  await db.schema.createIndex('contact_points_value_idx').on('contact_points').columns(['kind', 'value']).execute();
  await db.schema.createIndex('contact_points_customer_idx').on('contact_points').column('customer_id').execute();
  await db.schema.createIndex('contact_points_contact_idx').on('contact_points').column('contact_id').execute();

  await standard(
    kit
      .withId(db.schema.createTable('pipeline_stages'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('probability', 'integer', (c) => c.notNull().check(sql`probability between 0 and 100`)),
    kit,
  ).execute();
  await db.schema
    .createIndex('pipeline_stages_name_uq')
    .on('pipeline_stages')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await standard(
    kit
      .withId(db.schema.createTable('deals'))
      .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id'))
      .addColumn('contact_id', types.ref, (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('stage_id', types.ref, (c) => c.notNull().references('pipeline_stages.id'))
      .addColumn('amount', types.money, (c) => c.notNull().defaultTo(0).check(sql`amount >= 0`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('expected_close', types.date)
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(inList('status', ['open', 'won', 'lost'])))
      .addColumn('closed_at', types.timestamp)
      .addColumn('owner_id', types.ref, (c) => c.references('users.id').onDelete('set null'))
      .addColumn('notes', 'text')
      .addColumn('custom', types.json, (c) => c.notNull().defaultTo('{}')),
    kit,
  ).execute();
  await db.schema.createIndex('deals_customer_idx').on('deals').column('customer_id').execute();
  await db.schema.createIndex('deals_stage_idx').on('deals').column('stage_id').execute();
  await db.schema.createIndex('deals_created_idx').on('deals').columns(['created_at', 'id']).execute();
  await recycleBinIndex(db, 'deals');

  await standard(
    kit
      .withId(db.schema.createTable('orders'))
      .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id'))
      .addColumn('deal_id', types.ref, (c) => c.references('deals.id').onDelete('set null'))
      .addColumn('order_no', 'text')
      .addColumn('ordered_at', types.timestamp, (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c
          .notNull()
          .defaultTo('completed')
          .check(inList('status', ['pending', 'paid', 'shipped', 'completed', 'cancelled', 'refunded'])),
      )
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('total', types.money, (c) => c.notNull().check(sql`total >= 0`))
      .addColumn('notes', 'text')
      .addColumn('custom', types.json, (c) => c.notNull().defaultTo('{}')),
    kit,
  ).execute();
  await db.schema.createIndex('orders_customer_idx').on('orders').columns(['customer_id', 'ordered_at']).execute();
  await db.schema.createIndex('orders_created_idx').on('orders').columns(['created_at', 'id']).execute();
  await recycleBinIndex(db, 'orders');
  await db.schema
    .createIndex('orders_order_no_uq')
    .on('orders')
    .column('order_no')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await kit
    .withId(db.schema.createTable('order_items'))
    .addColumn('order_id', types.ref, (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('product', 'text', (c) => c.notNull())
    .addColumn('sku', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0`))
    .addColumn('unit_price', types.money, (c) => c.notNull().check(sql`unit_price >= 0`))
    .addColumn('amount', types.money, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_items_order_idx').on('order_items').column('order_id').execute();

  await standard(
    kit
      .withId(db.schema.createTable('interactions'))
      .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id'))
      .addColumn('contact_id', types.ref, (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('deal_id', types.ref, (c) => c.references('deals.id').onDelete('set null'))
      .addColumn('type', 'text', (c) =>
        c.notNull().check(inList('type', ['call', 'email', 'meeting', 'visit', 'wechat', 'note', 'support'])),
      )
      .addColumn('direction', 'text', (c) => c.check(inList('direction', ['inbound', 'outbound'])))
      .addColumn('occurred_at', types.timestamp, (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('body', 'text')
      .addColumn('duration_seconds', 'integer', (c) => c.check(sql`duration_seconds >= 0`)),
    kit,
  ).execute();
  await db.schema
    .createIndex('interactions_customer_idx')
    .on('interactions')
    .columns(['customer_id', 'occurred_at'])
    .execute();
  await db.schema.createIndex('interactions_created_idx').on('interactions').columns(['created_at', 'id']).execute();
  await recycleBinIndex(db, 'interactions');

  await standard(
    kit
      .withId(db.schema.createTable('tasks'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('due_at', types.timestamp)
      .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal').check(inList('priority', ['low', 'normal', 'high'])))
      .addColumn('assignee_id', types.ref, (c) => c.references('users.id').onDelete('set null'))
      .addColumn('done', types.bool, (c) => c.notNull().defaultTo(false))
      .addColumn('done_at', types.timestamp)
      .addColumn('customer_id', types.ref, (c) => c.references('customers.id'))
      .addColumn('contact_id', types.ref, (c) => c.references('contacts.id').onDelete('set null'))
      .addColumn('deal_id', types.ref, (c) => c.references('deals.id').onDelete('set null')),
    kit,
  ).execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee_id', 'done', 'due_at']).execute();
  await db.schema.createIndex('tasks_customer_idx').on('tasks').column('customer_id').execute();
  await db.schema.createIndex('tasks_created_idx').on('tasks').columns(['created_at', 'id']).execute();
  await recycleBinIndex(db, 'tasks');

  await standard(
    kit
      .withId(db.schema.createTable('tags'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('color', 'text'),
    kit,
  ).execute();
  await db.schema
    .createIndex('tags_name_uq')
    .on('tags')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('customer_tags')
    .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('tag_id', types.ref, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_tags_pk', ['customer_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('customer_tags_tag_idx').on('customer_tags').column('tag_id').execute();

  await db.schema
    .createTable('contact_tags')
    .addColumn('contact_id', types.ref, (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('tag_id', types.ref, (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('created_at', types.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_tags_pk', ['contact_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('contact_tags_tag_idx').on('contact_tags').column('tag_id').execute();

  await standard(
    kit
      .withId(db.schema.createTable('custom_field_defs'))
      .addColumn('entity', 'text', (c) => c.notNull().check(inList('entity', ['customer', 'contact', 'deal', 'order'])))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) =>
        c.notNull().check(inList('type', ['text', 'number', 'date', 'select', 'multiselect', 'boolean'])),
      )
      .addColumn('options', types.json)
      .addColumn('required', types.bool, (c) => c.notNull().defaultTo(false))
      .addColumn('is_unique', types.bool, (c) => c.notNull().defaultTo(false))
      .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)),
    kit,
  ).execute();
  await db.schema
    .createIndex('custom_field_defs_key_uq')
    .on('custom_field_defs')
    .columns(['entity', 'key'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

const tablesNewestFirst = [
  'custom_field_defs',
  'contact_tags',
  'customer_tags',
  'tags',
  'tasks',
  'interactions',
  'order_items',
  'orders',
  'deals',
  'pipeline_stages',
  'contact_points',
  'contacts',
  'customers',
  'api_tokens',
  'users',
  'teams',
];

export async function down(db: Db, kit: MigrationKit): Promise<void> {
  await kit.dropSearchIndex(db, 'contacts');
  await kit.dropSearchIndex(db, 'customers');
  for (const table of tablesNewestFirst) await db.schema.dropTable(table).execute();
}
