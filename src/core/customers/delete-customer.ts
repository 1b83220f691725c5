import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findCustomerRow } from './customers.repository.ts';

/** Soft-deletes a customer: it leaves lists and search and waits in the recycle bin. */
export async function deleteCustomer(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertCanWrite(ctx.actor);
  const row = await findCustomerRow(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'customers', entity: 'customer', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'customer', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
