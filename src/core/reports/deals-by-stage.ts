import type { StageDealsShape } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { stageOutcome } from '../../domain/stage-outcome.ts';
import { visibleDeals } from '../deals/deals.policy.ts';

/**
 * Open deals the actor may see, counted and summed (per currency) for every pipeline stage in board
 * order. With `closed`, as the deal board shows them: the first won (100 %) stage counts the won
 * deals and the first lost (0 %) stage the lost ones, whatever stage they were closed in.
 */
export async function dealsByStage(ctx: Ctx, options: { closed?: boolean } = {}): Promise<StageDealsShape[]> {
  const [stages, rows] = await Promise.all([
    ctx.db
      .selectFrom('pipeline_stages')
      .where('pipeline_stages.deleted_at', 'is', null)
      .select(['id', 'name', 'position', 'probability'])
      .orderBy('position')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('deals')
      .where(visibleDeals(ctx.actor))
      .where('deals.deleted_at', 'is', null)
      .where('deals.status', 'in', options.closed ? ['open', 'won', 'lost'] : ['open'])
      .select((eb) => ['deals.stage_id', 'deals.status', 'deals.currency', eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string>('deals.amount').as('amount')])
      .groupBy(['deals.stage_id', 'deals.status', 'deals.currency'])
      .orderBy('n', 'desc')
      .orderBy('deals.currency')
      .execute(),
  ]);
  const closedColumn = (status: 'won' | 'lost') => stages.find((s) => stageOutcome(s) === status)?.id;
  const columns = { won: closedColumn('won'), lost: closedColumn('lost') };
  const columnOf = (row: { stage_id: number; status: string }) => (row.status === 'won' || row.status === 'lost' ? columns[row.status] : row.stage_id);
  return stages.map((stage) => {
    const byCurrency = new Map<string, { n: number; amount: number }>();
    for (const row of rows.filter((r) => Number(columnOf(r)) === Number(stage.id))) {
      const sum = byCurrency.get(row.currency) ?? { n: 0, amount: 0 };
      byCurrency.set(row.currency, { n: sum.n + Number(row.n), amount: sum.amount + Number(row.amount) });
    }
    const mine = [...byCurrency].map(([currency, sum]) => ({ currency, n: sum.n, amount: sum.amount })).sort((a, b) => b.n - a.n || a.currency.localeCompare(b.currency));
    return {
      stageId: Number(stage.id),
      name: stage.name,
      position: stage.position,
      probability: stage.probability,
      count: mine.reduce((sum, r) => sum + Number(r.n), 0),
      amounts: mine.map((r) => ({ currency: r.currency, amount: Number(r.amount) })),
    };
  });
}
