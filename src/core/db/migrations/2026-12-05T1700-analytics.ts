import { sql, type Kysely } from 'kysely';
import type { MigrationKit } from '../dialects/migration-kit.ts';

// Frozen once released: change the analytics tables in a new migration. The backfill below
// keeps its own copy of how orders are summarised, as it stood when this was written.

type Db = Kysely<unknown>;

const ORDER_TRIGGERS = [
  { name: 'orders_stats_ai', event: 'insert', statement: 'insert into order_stats_stale (customer_id) values (new.customer_id) on conflict do nothing' },
  { name: 'orders_stats_au', event: 'update', statement: 'insert into order_stats_stale (customer_id) values (old.customer_id), (new.customer_id) on conflict do nothing' },
  { name: 'orders_stats_ad', event: 'delete', statement: 'insert into order_stats_stale (customer_id) values (old.customer_id) on conflict do nothing' },
] as const;

const STAGE_TRIGGER = {
  name: 'customers_stage_au',
  table: 'customers',
  event: 'update',
  column: 'stage',
  statement:
    'insert into customer_stage_changes (customer_id, from_stage, to_stage, changed_at, changed_by) values (new.id, old.stage, new.stage, new.updated_at, new.updated_by)',
} as const;

export async function up(db: Db, kit: MigrationKit): Promise<void> {
  const { types } = kit;
  await db.schema
    .createTable('customer_order_stats')
    .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('orders', 'integer', (c) => c.notNull())
    .addColumn('total', types.money, (c) => c.notNull())
    .addColumn('first_order_at', types.timestamp, (c) => c.notNull())
    .addColumn('last_order_at', types.timestamp, (c) => c.notNull())
    .addColumn('purchase_days', 'integer', (c) => c.notNull())
    .addColumn('first_day_total', types.money, (c) => c.notNull())
    .addColumn('months', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('customer_order_stats_pk', ['customer_id', 'currency'])
    .execute();
  await db.schema.createTable('order_stats_stale').addColumn('customer_id', types.ref, (c) => c.primaryKey().notNull()).execute();
  for (const t of ORDER_TRIGGERS) await kit.createRowTrigger(db, { ...t, table: 'orders' });

  await kit
    .withId(db.schema.createTable('customer_stage_changes'))
    .addColumn('customer_id', types.ref, (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('from_stage', 'text', (c) => c.notNull())
    .addColumn('to_stage', 'text', (c) => c.notNull())
    .addColumn('changed_at', types.timestamp, (c) => c.notNull())
    .addColumn('changed_by', types.ref, (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('customer_stage_changes_customer_idx').on('customer_stage_changes').columns(['customer_id', 'changed_at']).execute();
  await db.schema.createIndex('customer_stage_changes_changed_idx').on('customer_stage_changes').columns(['changed_at']).execute();
  await kit.createRowTrigger(db, STAGE_TRIGGER);

  await backfillStageChanges(db);
  await backfillOrderStats(db);
}

export async function down(db: Db, kit: MigrationKit): Promise<void> {
  await kit.dropRowTrigger(db, STAGE_TRIGGER);
  for (const t of ORDER_TRIGGERS) await kit.dropRowTrigger(db, { name: t.name, table: 'orders' });
  await db.schema.dropTable('customer_stage_changes').execute();
  await db.schema.dropTable('order_stats_stale').execute();
  await db.schema.dropTable('customer_order_stats').execute();
}

/** Stage changes the audit log already recorded (every customer update is audited field by field). */
async function backfillStageChanges(db: Db): Promise<void> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<{ id: number | string; entity_id: number | string; at: string; actor_id: number | string | null; changes: unknown }>`
      select id, entity_id, at, actor_id, changes from audit_log
      where entity = 'customer' and entity_id is not null and id > ${after} and cast(changes as text) like ${'%"stage"%'}
      order by id limit 5000`.execute(db);
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]?.id);
    const changes = rows.flatMap((r) => {
      const parsed = (typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes) as Record<string, unknown>;
      const stage = parsed.stage;
      if (!Array.isArray(stage) || typeof stage[0] !== 'string' || typeof stage[1] !== 'string' || stage[0] === stage[1]) return [];
      return [{ customer_id: Number(r.entity_id), from_stage: stage[0], to_stage: stage[1], changed_at: r.at, changed_by: r.actor_id === null ? null : Number(r.actor_id) }];
    });
    if (changes.length === 0) continue;
    const live = new Set(
      (await sql<{ id: number | string }>`select id from customers where id in (${sql.join(changes.map((c) => c.customer_id))})`.execute(db)).rows.map((r) => Number(r.id)),
    );
    const kept = changes.filter((c) => live.has(c.customer_id));
    if (kept.length > 0) await db.insertInto('customer_stage_changes' as never).values(kept as never).execute();
  }
}

const UTC_OFFSET = 480;
const DAY_MS = 86_400_000;

interface OrderRow {
  customer_id: number | string;
  ordered_at: string;
  currency: string;
  total: number | string;
}

/** Per customer and currency: live orders not cancelled or refunded, days and months at UTC+08:00. */
function summarise(customerId: number, orders: OrderRow[]) {
  const byCurrency = new Map<string, OrderRow[]>();
  for (const o of orders) {
    const list = byCurrency.get(o.currency);
    if (list) list.push(o);
    else byCurrency.set(o.currency, [o]);
  }
  return [...byCurrency].map(([currency, list]) => {
    const local = list.map((o) => ({ ms: Date.parse(o.ordered_at), at: o.ordered_at, total: Number(o.total) })).sort((a, b) => a.ms - b.ms);
    const day = (ms: number) => Math.floor((ms + UTC_OFFSET * 60_000) / DAY_MS);
    const firstDay = day(local[0]!.ms);
    const days = new Set(local.map((o) => day(o.ms)));
    const months = [...new Set(local.map((o) => new Date(o.ms + UTC_OFFSET * 60_000).toISOString().slice(0, 7)))].sort();
    return {
      customer_id: customerId,
      currency,
      orders: local.length,
      total: local.reduce((s, o) => s + o.total, 0),
      first_order_at: local[0]!.at,
      last_order_at: local[local.length - 1]!.at,
      purchase_days: days.size,
      first_day_total: local.filter((o) => day(o.ms) === firstDay).reduce((s, o) => s + o.total, 0),
      months: months.join(','),
    };
  });
}

async function backfillOrderStats(db: Db): Promise<void> {
  let after = 0;
  for (;;) {
    const ids = (await sql<{ id: number | string }>`select id from customers where id > ${after} order by id limit 2000`.execute(db)).rows.map((r) => Number(r.id));
    if (ids.length === 0) return;
    after = ids[ids.length - 1] as number;
    const { rows } = await sql<OrderRow>`
      select customer_id, ordered_at, currency, total from orders
      where customer_id >= ${ids[0]} and customer_id <= ${after} and deleted_at is null and status not in ('cancelled', 'refunded')`.execute(db);
    const byCustomer = new Map<number, OrderRow[]>();
    for (const r of rows) {
      const list = byCustomer.get(Number(r.customer_id));
      if (list) list.push(r);
      else byCustomer.set(Number(r.customer_id), [r]);
    }
    const stats = [...byCustomer].flatMap(([id, orders]) => summarise(id, orders));
    for (let i = 0; i < stats.length; i += 500) await db.insertInto('customer_order_stats' as never).values(stats.slice(i, i + 500) as never).execute();
  }
}
