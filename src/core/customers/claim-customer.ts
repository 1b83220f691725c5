import type { CustomerShape } from '../../domain/customer.ts';
import { codedError } from '../../domain/errors.ts';
import { ownUserId } from '../access/console-actor.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertWithinHoldingLimit } from '../pool/holding-limit.ts';
import { findCustomerRow, loadCustomer } from './customers.repository.ts';

/**
 * A sales rep or manager takes a customer from the public pool. The update only matches a
 * customer still without owner, so of two reps claiming at once exactly one wins; the other gets 409.
 */
export async function claimCustomer(ctx: Ctx, id: number): Promise<CustomerShape> {
  assertCanWrite(ctx.actor);
  if (ctx.actor.role !== 'sales' && ctx.actor.role !== 'manager') {
    throw codedError('forbidden', 'pool.claim_role');
  }
  const userId = ownUserId(ctx.actor);
  await findCustomerRow(ctx, id);
  const taken = () => codedError('conflict', 'pool.already_owned', { id });
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    const result = await tx.db
      .updateTable('customers')
      .set((eb) => ({ owner_id: userId, version: eb('version', '+', 1), updated_at: now, updated_by: ctx.actor.userId }))
      .where('id', '=', id)
      .where('owner_id', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw taken();
    await recordAudit(tx, { action: 'claim', entity: 'customer', entityId: id, changes: { ownerId: [null, userId] } });
    await assertWithinHoldingLimit(tx, { userId, role: ctx.actor.role, label: 'you' }, 1);
  });
  return loadCustomer(ctx, id);
}
