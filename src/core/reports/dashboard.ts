import { reportWindow, type DashboardShape, type ReportFilter } from '../../domain/report.ts';
import { remember, viewerKey } from '../analytics/analysis-cache.ts';
import type { Ctx } from '../context.ts';
import { customersByStage } from './customers-by-stage.ts';
import { dealsByStage } from './deals-by-stage.ts';
import { myOpenTasks } from './my-open-tasks.ts';
import { newCustomersByMonth } from './new-customers-by-month.ts';
import { revenueByMonth } from './revenue-by-month.ts';
import { topCustomers } from './top-customers.ts';

/**
 * Everything the dashboard shows, each part limited to what the actor may see. The parts that
 * read every order or customer (funnel, new customers, revenue, top customers: seconds at a
 * million customers) are kept per viewer and month window until the next write; the tasks, which
 * turn overdue with the clock, and the pipeline are read on every call.
 */
export async function getDashboard(ctx: Ctx, filter: ReportFilter): Promise<DashboardShape> {
  const window = reportWindow(ctx.clock.now(), filter.utcOffset ?? 0);
  const [counts, myTasks, pipeline] = await Promise.all([
    remember(
      ctx,
      ['dashboard', ...viewerKey(ctx.actor), window.utcOffset, window.from],
      async () => {
        const [funnel, newCustomers, revenue, top] = await Promise.all([customersByStage(ctx), newCustomersByMonth(ctx, window), revenueByMonth(ctx, window), topCustomers(ctx, window)]);
        return { funnel, newCustomers, revenue, topCustomers: top };
      },
      { weight: () => 1 },
    ),
    myOpenTasks(ctx, window),
    dealsByStage(ctx),
  ]);
  return { months: window.months, ...counts, myTasks, pipeline };
}
