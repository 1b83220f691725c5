import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { OrderListFilter, OrderShape } from '../../domain/order.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { hydrateOrders, ordersQuery } from './orders.repository.ts';

const sortColumns = { orderedAt: 'ordered_at', total: 'total', createdAt: 'created_at' };

/** One page of the orders the actor may see, newest sale first unless sorted otherwise. */
export async function listOrders(ctx: Ctx, filter: OrderListFilter): Promise<PageOf<OrderShape>> {
  const sort = parseSort(filter.sort, sortColumns, '-orderedAt');
  const errors: FieldError[] = [];
  const f = utcFields(filter, ['orderedFrom', 'orderedTo'], errors);
  if (errors.length > 0) throw validationError(errors);
  const base = ordersQuery(ctx, { withDeletedCustomers: f.includeDeleted === true })
    .selectAll('orders')
    .where('orders.deleted_at', f.includeDeleted ? 'is not' : 'is', null)
    .$if(f.customerId !== undefined, (q) => q.where('orders.customer_id', '=', f.customerId!))
    .$if(f.status !== undefined, (q) => q.where('orders.status', '=', f.status!))
    .$if(f.orderedFrom !== undefined, (q) => q.where('orders.ordered_at', '>=', f.orderedFrom!))
    .$if(f.orderedTo !== undefined, (q) => q.where('orders.ordered_at', '<', f.orderedTo!));
  const page = await fetchPage(base, 'orders', sort, filter);
  return { items: await hydrateOrders(ctx, page.rows), nextCursor: page.nextCursor };
}
