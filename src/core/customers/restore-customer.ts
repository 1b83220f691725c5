import type { CustomerShape } from '../../domain/customer.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findCustomerForWrite, loadCustomer } from './customers.repository.ts';
import { assertNotMergedAway } from '../dedupe/merged-away.ts';

export async function restoreCustomer(ctx: Ctx, id: number): Promise<CustomerShape> {
  const row = await findCustomerForWrite(ctx, id, { includeDeleted: true });
  await assertNotMergedAway(ctx.db, 'customers', id);
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'customers', entity: 'customer', row });
    await recordAudit(tx, { action: 'restore', entity: 'customer', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadCustomer(ctx, id);
}
