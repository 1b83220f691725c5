import type { CustomerShape } from '../../domain/customer.ts';
import { codedError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertCanGiveAway } from './customers.policy.ts';
import { findCustomerForWrite, loadCustomerAfterWrite } from './customers.repository.ts';

/** Returns a customer to the public pool: its owner, their manager or an admin may. */
export async function releaseCustomer(ctx: Ctx, id: number): Promise<CustomerShape> {
  const row = await findCustomerForWrite(ctx, id);
  if (row.owner_id === null) throw codedError('conflict', 'pool.already_in_pool', { id });
  assertCanGiveAway(ctx.actor, row, 'release');
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    await tx.db
      .updateTable('customers')
      .set((eb) => ({ owner_id: null, version: eb('version', '+', 1), updated_at: now, updated_by: ctx.actor.userId }))
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, { action: 'release', entity: 'customer', entityId: id, changes: { ownerId: [row.owner_id, null] } });
  });
  // A manager does not see the pool: the released customer is answered all the same.
  return loadCustomerAfterWrite(ctx, id);
}
