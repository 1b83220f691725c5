import { reportWindow, type DashboardShape, type ReportFilter } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { customersByStage } from './customers-by-stage.ts';
import { dealsByStage } from './deals-by-stage.ts';
import { myOpenTasks } from './my-open-tasks.ts';
import { newCustomersByMonth } from './new-customers-by-month.ts';
import { revenueByMonth } from './revenue-by-month.ts';
import { topCustomers } from './top-customers.ts';

/** Everything the dashboard shows, each part limited to what the actor may see. */
export async function getDashboard(ctx: Ctx, filter: ReportFilter): Promise<DashboardShape> {
  const window = reportWindow(ctx.clock.now(), filter.utcOffset ?? 0);
  const [funnel, newCustomers, revenue, top, myTasks, pipeline] = await Promise.all([
    customersByStage(ctx),
    newCustomersByMonth(ctx, window),
    revenueByMonth(ctx, window),
    topCustomers(ctx, window),
    myOpenTasks(ctx, window),
    dealsByStage(ctx),
  ]);
  return { months: window.months, funnel, newCustomers, revenue, topCustomers: top, myTasks, pipeline };
}
