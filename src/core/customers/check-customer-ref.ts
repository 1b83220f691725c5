import type { FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { assertCanWriteCustomer } from './customer-access.ts';
import { customersQuery } from './customers.repository.ts';

/**
 * A record that belongs to a customer must name one the actor may see and that is not in the
 * recycle bin; an invisible customer reads as missing, so nothing leaks. The caller writes
 * under that customer, so a visible but read-only one is refused (403).
 */
export async function checkCustomerRef(ctx: Ctx, field: string, customerId: number): Promise<FieldError[]> {
  const row = await customersQuery(ctx).select(['customers.deleted_at']).where('customers.id', '=', customerId).executeTakeFirst();
  if (!row) return [{ field, message: `customer ${customerId} does not exist` }];
  if (row.deleted_at !== null) return [{ field, message: `customer ${customerId} is in the recycle bin` }];
  await assertCanWriteCustomer(ctx, customerId);
  return [];
}
