import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findCustomerRow } from './customers.repository.ts';

/** Soft-deletes a customer: it leaves lists and search and waits in the recycle bin. */
export async function deleteCustomer(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertCanWrite(ctx.actor);
  const row = await findCustomerRow(ctx, id);
  await moveToRecycleBin(ctx, { table: 'customers', entity: 'customer', row }, expectedVersion);
}
