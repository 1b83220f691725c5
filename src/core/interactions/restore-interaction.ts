import { AppError } from '../../domain/errors.ts';
import type { InteractionShape } from '../../domain/interaction.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findInteractionForWrite, interactionsQuery, loadInteraction } from './interactions.repository.ts';

/** Brings an interaction back to its customer's timeline; the customer must not be in the recycle bin. */
export async function restoreInteraction(ctx: Ctx, id: number): Promise<InteractionShape> {
  const row = await findInteractionForWrite(ctx, id, { includeDeleted: true, withDeletedCustomers: true });
  const customerActive = await interactionsQuery(ctx).select('interactions.id').where('interactions.id', '=', id).executeTakeFirst();
  if (!customerActive) {
    throw new AppError('conflict', { message: `customer ${row.customer_id} of interaction ${id} is in the recycle bin; restore the customer first`, messageCode: 'record.customer_deleted', params: { entity: 'interaction', id } });
  }
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'interactions', entity: 'interaction', row });
    await recordAudit(tx, { action: 'restore', entity: 'interaction', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadInteraction(ctx, id);
}
