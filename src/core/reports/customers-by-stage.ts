import { CUSTOMER_STAGES } from '../../domain/customer.ts';
import type { FunnelStepShape } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';

/** The funnel: how many customers the actor may see are at each stage, every stage listed. */
export async function customersByStage(ctx: Ctx): Promise<FunnelStepShape[]> {
  const rows = await ctx.db
    .selectFrom('customers')
    .where(visibleCustomers(ctx.actor))
    .where('customers.deleted_at', 'is', null)
    .select((eb) => ['customers.stage', eb.fn.countAll<number | string>().as('n')])
    .groupBy('customers.stage')
    .execute();
  const counts = new Map(rows.map((r) => [r.stage, Number(r.n)]));
  return CUSTOMER_STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
}
