import type { DealShape } from '../../domain/deal.ts';
import { AppError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';
import { findDealForWrite, loadDeal } from './deals.repository.ts';

/** Brings a deal back from the recycle bin, once its customer is back too. */
export async function restoreDeal(ctx: Ctx, id: number): Promise<DealShape> {
  const row = await findDealForWrite(ctx, id, { includeDeleted: true });
  const [customerProblem] = await checkTargetCustomer(ctx, 'customerId', row.customer_id);
  if (customerProblem) throw new AppError('conflict', { message: `cannot restore deal ${id}: ${customerProblem.message}`, messageCode: 'record.customer_deleted', params: { entity: 'deal', id }, errors: [customerProblem] });
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'deals', entity: 'deal', row });
    await recordAudit(tx, { action: 'restore', entity: 'deal', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadDeal(ctx, id);
}
