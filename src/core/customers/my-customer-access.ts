import type { MyCustomerAccessShape } from '../../domain/customer-access.ts';
import { notFound } from '../../domain/errors.ts';
import { recordAccess } from '../access/writable-ids.ts';
import type { Ctx } from '../context.ts';

/** Whether the actor may change a customer they can see (404 for one they cannot), by the write loaders' rule. */
export async function myCustomerAccess(ctx: Ctx, id: number): Promise<MyCustomerAccessShape> {
  const access = (await recordAccess(ctx, 'customer', [id])).get(id);
  if (!access) throw notFound('customer', id);
  return { access };
}
