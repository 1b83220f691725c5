import type { DealShape } from '../../domain/deal.ts';
import { AppError } from '../../domain/errors.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { checkCustomerRef } from '../customers/check-customer-ref.ts';
import { findDealRow, loadDeal } from './deals.repository.ts';

/** Brings a deal back from the recycle bin, once its customer is back too. */
export async function restoreDeal(ctx: Ctx, id: number): Promise<DealShape> {
  assertCanWrite(ctx.actor);
  const row = await findDealRow(ctx, id, { includeDeleted: true });
  const [customerProblem] = await checkCustomerRef(ctx, 'customerId', row.customer_id);
  if (customerProblem) throw new AppError('conflict', { message: `cannot restore deal ${id}: ${customerProblem.message}`, errors: [customerProblem] });
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'deals', entity: 'deal', row });
    await recordAudit(tx, { action: 'restore', entity: 'deal', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadDeal(ctx, id);
}
