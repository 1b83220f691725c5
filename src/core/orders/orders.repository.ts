import type { Kysely, Selectable } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { OrderItemShape, OrderShape } from '../../domain/order.ts';
import type { Ctx, Deps } from '../context.ts';
import type { OrderTable, Schema } from '../db/schema.ts';
import { visibleOrders, writableOrders } from './orders.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';
import { presentCustom } from '../crypto/sealed-custom.ts';

export type OrderRow = Selectable<OrderTable>;

/** Orders the actor may see; every order read starts here. */
export const ordersQuery = (ctx: Ctx, options: { withDeletedCustomers?: boolean } = {}) =>
  ctx.db.selectFrom('orders').where(visibleOrders(ctx.actor, options));

export async function findOrderRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<OrderRow> {
  // The recycle bin shows orders whose customer went there too, so they can be restored in turn.
  const row = await ordersQuery(ctx, { withDeletedCustomers: options.includeDeleted === true })
    .selectAll('orders')
    .where('orders.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('orders.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('order', id);
  return row;
}

/** An order loaded for a write: 403 read-only token or role, 404 invisible, 403 read-only (see writableOrders). */
export async function findOrderForWrite(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<OrderRow> {
  assertCanWrite(ctx.actor);
  const row = await ordersQuery(ctx, { withDeletedCustomers: options.includeDeleted === true })
    .selectAll('orders')
    .select(mayWrite(writableOrders(ctx.actor)))
    .where('orders.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('orders.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('order', id, row);
}

/** Replaces an order's items as a whole, keeping the given order. */
export async function replaceOrderItems(db: Kysely<Schema>, orderId: number, items: OrderItemShape[]): Promise<void> {
  await db.deleteFrom('order_items').where('order_id', '=', orderId).execute();
  await db
    .insertInto('order_items')
    .values(items.map((item, position) => ({ order_id: orderId, position, product: item.product, sku: item.sku, quantity: item.quantity, unit_price: item.unitPrice, amount: item.amount })))
    .execute();
}

async function loadItems(db: Kysely<Schema>, orderIds: number[]): Promise<Map<number, OrderItemShape[]>> {
  const byOrder = new Map<number, OrderItemShape[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('position').execute();
  for (const row of rows) {
    const items = byOrder.get(row.order_id) ?? [];
    items.push({ product: row.product, sku: row.sku, quantity: row.quantity, unitPrice: Number(row.unit_price), amount: Number(row.amount) });
    byOrder.set(row.order_id, items);
  }
  return byOrder;
}

/** Rows to API records, loading the items of the whole page in one query. */
export async function hydrateOrders(deps: Deps, rows: OrderRow[]): Promise<OrderShape[]> {
  const items = await loadItems(deps.db, rows.map((r) => r.id));
  return rows.map((row) => ({
    ...recordMeta(row),
    customerId: row.customer_id,
    dealId: row.deal_id,
    orderNo: row.order_no,
    orderedAt: row.ordered_at,
    status: row.status,
    currency: row.currency,
    total: Number(row.total),
    notes: row.notes,
    items: items.get(row.id) ?? [],
    custom: presentCustom(deps.dialect.parseJson<Record<string, unknown>>(row.custom)),
  }));
}

export async function loadOrder(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<OrderShape> {
  const [order] = await hydrateOrders(ctx, [await findOrderRow(ctx, id, options)]);
  return order as OrderShape;
}
