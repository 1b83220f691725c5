import type { CustomerShareListShape } from '../../domain/customer-access.ts';
import type { Ctx } from '../context.ts';
import { loadCustomer } from './customers.repository.ts';

/** With whom a customer the actor may see is shared, and how (404 for one they may not see). */
export async function listCustomerShares(ctx: Ctx, customerId: number): Promise<CustomerShareListShape> {
  await loadCustomer(ctx, customerId);
  const rows = await ctx.db
    .selectFrom('customer_shares')
    .select(['user_id', 'team_id', 'access'])
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
  const shares = rows.map((r) => ({ customerId, userId: r.user_id === null ? null : Number(r.user_id), teamId: r.team_id === null ? null : Number(r.team_id), access: r.access }));
  return { items: [...shares.filter((s) => s.userId !== null), ...shares.filter((s) => s.userId === null)] };
}
