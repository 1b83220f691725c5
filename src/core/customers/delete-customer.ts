import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findCustomerForWrite } from './customers.repository.ts';

/** Soft-deletes a customer: it leaves lists and search and waits in the recycle bin. */
export async function deleteCustomer(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findCustomerForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'customers', entity: 'customer', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'customer', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
