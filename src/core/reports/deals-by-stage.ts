import type { StageDealsShape } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleDeals } from '../deals/deals.policy.ts';

/** Open deals the actor may see, counted and summed (per currency) for every pipeline stage in board order. */
export async function dealsByStage(ctx: Ctx): Promise<StageDealsShape[]> {
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
      .where('deals.status', '=', 'open')
      .select((eb) => ['deals.stage_id', 'deals.currency', eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string>('deals.amount').as('amount')])
      .groupBy(['deals.stage_id', 'deals.currency'])
      .orderBy('n', 'desc')
      .orderBy('deals.currency')
      .execute(),
  ]);
  return stages.map((stage) => {
    const mine = rows.filter((r) => Number(r.stage_id) === Number(stage.id));
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
