import { sql } from 'kysely';
import type { MonthCountShape, ReportWindow } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';

/** How many of the customers the actor may see were created in each month of the window. */
export async function newCustomersByMonth(ctx: Ctx, window: ReportWindow): Promise<MonthCountShape[]> {
  const rows = await ctx.db
    .selectFrom('customers')
    .where(visibleCustomers(ctx.actor))
    .where('customers.deleted_at', 'is', null)
    .where('customers.created_at', '>=', window.from)
    .select((eb) => [ctx.dialect.monthOf('customers.created_at', window.utcOffset).as('month'), eb.fn.countAll<number | string>().as('n')])
    .groupBy(sql.ref('month'))
    .execute();
  const counts = new Map(rows.map((r) => [r.month, Number(r.n)]));
  return window.months.map((month) => ({ month, count: counts.get(month) ?? 0 }));
}
