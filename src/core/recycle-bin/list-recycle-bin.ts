import { sql, type SelectQueryBuilder } from 'kysely';
import type { PageOf } from '../../domain/record.ts';
import { RECYCLE_BIN_TYPES, type RecycleBinFilter, type RecycleBinItemShape, type RecycleBinType } from '../../domain/recycle-bin.ts';
import type { Ctx } from '../context.ts';
import { visibleContacts } from '../contacts/contacts.policy.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { visibleDeals } from '../deals/deals.policy.ts';
import { visibleInteractions } from '../interactions/interactions.policy.ts';
import { visibleOrders } from '../orders/orders.policy.ts';
import { fetchPage } from '../records/paginate.ts';
import { visibleTasks } from '../tasks/tasks.policy.ts';

interface BinRow {
  /** record id and type folded into one number, so paging across tables has a unique tie-breaker */
  id: number;
  type: RecycleBinType;
  record_id: number;
  label: string | null;
  deleted_at: string;
  deleted_by: number | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the arms differ in table, agree in columns
type Arm = SelectQueryBuilder<any, any, BinRow>;

const TYPE_SLOTS = 8;
const withDeletedCustomers = { withDeletedCustomers: true };

function arm(ctx: Ctx, type: RecycleBinType): Arm {
  const rank = RECYCLE_BIN_TYPES.indexOf(type);
  const columns = (table: string, label: ReturnType<typeof sql.ref<string | null>>) => [
    sql.lit(type).as('type'),
    sql<number>`${sql.ref(`${table}.id`)} * ${sql.lit(TYPE_SLOTS)} + ${sql.lit(rank)}`.as('id'),
    sql.ref<number>(`${table}.id`).as('record_id'),
    label.as('label'),
    sql.ref<string>(`${table}.deleted_at`).as('deleted_at'),
    sql.ref<number | null>(`${table}.updated_by`).as('deleted_by'),
  ];
  const { db, actor } = ctx;
  const queries = {
    customers: () => db.selectFrom('customers').where(visibleCustomers(actor)).where('customers.deleted_at', 'is not', null).select(columns('customers', sql.ref('customers.name'))),
    contacts: () => db.selectFrom('contacts').where(visibleContacts(actor)).where('contacts.deleted_at', 'is not', null).select(columns('contacts', sql.ref('contacts.name'))),
    deals: () => db.selectFrom('deals').where(visibleDeals(actor, withDeletedCustomers)).where('deals.deleted_at', 'is not', null).select(columns('deals', sql.ref('deals.title'))),
    orders: () => db.selectFrom('orders').where(visibleOrders(actor, withDeletedCustomers)).where('orders.deleted_at', 'is not', null).select(columns('orders', sql.ref('orders.order_no'))),
    interactions: () =>
      db
        .selectFrom('interactions')
        .where(visibleInteractions(actor, withDeletedCustomers))
        .where('interactions.deleted_at', 'is not', null)
        .select(columns('interactions', sql.ref('interactions.subject'))),
    tasks: () => db.selectFrom('tasks').where(visibleTasks(actor, withDeletedCustomers)).where('tasks.deleted_at', 'is not', null).select(columns('tasks', sql.ref('tasks.title'))),
    tags: () => db.selectFrom('tags').where('tags.deleted_at', 'is not', null).select(columns('tags', sql.ref('tags.name'))),
  };
  return queries[type]() as unknown as Arm;
}

const singular = (type: RecycleBinType) => type.slice(0, -1);

/**
 * What is in the recycle bin that the actor may see, most recently deleted first: one type, or
 * all of them. Each record comes back with POST /api/v1/{type}/{id}/restore.
 */
export async function listRecycleBin(ctx: Ctx, filter: RecycleBinFilter): Promise<PageOf<RecycleBinItemShape>> {
  const arms = (filter.type ? [filter.type] : RECYCLE_BIN_TYPES).map((type) => arm(ctx, type));
  const union = arms.slice(1).reduce((all, next) => all.unionAll(next), arms[0] as Arm);
  const page = await fetchPage(ctx.db.selectFrom(union.as('bin')).selectAll() as Arm, 'bin', { column: 'deleted_at', descending: true }, filter);
  return {
    items: page.rows.map((row) => ({
      type: row.type,
      id: Number(row.record_id),
      label: row.label ?? `${singular(row.type)} ${row.record_id}`,
      deletedAt: row.deleted_at,
      deletedBy: row.deleted_by,
    })),
    nextCursor: page.nextCursor,
  };
}
