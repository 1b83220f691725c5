import type { CustomerShareTargetInput } from '../../domain/customer-access.ts';
import { notFound, validationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { shareTargetErrors } from '../../domain/customer-access.ts';
import { assertCanGiveAway } from './customers.policy.ts';
import { findCustomerForWrite } from './customers.repository.ts';

/** Stops sharing a customer with a user or a team. */
export async function unshareCustomer(ctx: Ctx, customerId: number, input: CustomerShareTargetInput): Promise<void> {
  assertCanGiveAway(ctx.actor, await findCustomerForWrite(ctx, customerId), 'share');
  const errors = shareTargetErrors(input);
  if (errors.length > 0) throw validationError(errors);
  await inTransaction(ctx, async (tx) => {
    const result = await tx.db
      .deleteFrom('customer_shares')
      .where('customer_id', '=', customerId)
      .$if(input.userId !== undefined, (q) => q.where('user_id', '=', input.userId!))
      .$if(input.teamId !== undefined, (q) => q.where('team_id', '=', input.teamId!))
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound('share', customerId);
    await recordAudit(tx, { action: 'permission_change', entity: 'customer', entityId: customerId, changes: { share: [{ userId: input.userId ?? null, teamId: input.teamId ?? null }, null] } });
  });
}
