import type { CustomerShape } from '../../domain/customer.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findCustomerRow, loadCustomer } from './customers.repository.ts';

export async function restoreCustomer(ctx: Ctx, id: number): Promise<CustomerShape> {
  assertCanWrite(ctx.actor);
  const row = await findCustomerRow(ctx, id, { includeDeleted: true });
  await restoreFromRecycleBin(ctx, { table: 'customers', entity: 'customer', row });
  return loadCustomer(ctx, id);
}
