import type { DealStatus } from '../../domain/deal.ts';
import type { PipelineStageShape } from '../../domain/pipeline-stage.ts';
import type { Ctx } from '../context.ts';
import { createDeal } from '../deals/create-deal.ts';
import { updateDeal } from '../deals/update-deal.ts';
import { ensureDefaultStages } from '../pipeline-stages/ensure-default-stages.ts';
import { listPipelineStages } from '../pipeline-stages/list-pipeline-stages.ts';
import { at, between, DAY, daysAfter, earliest, latest, type DemoAccount } from './demo-account.ts';
import { DEAL_TITLES, PRODUCTS, RATE_PER_FEN } from './demo-catalogue.ts';
import type { Stage } from './demo-customers.ts';
import type { Random } from './random.ts';

export interface DemoPipeline {
  open: PipelineStageShape[];
  won: PipelineStageShape;
  lost: PipelineStageShape;
}

export interface DemoLine {
  product: (typeof PRODUCTS)[number];
  quantity: number;
}

export interface DemoDeal {
  id: number;
  status: DealStatus;
  closedAt: Date | null;
  lines: DemoLine[];
  expectedClose: Date | null;
}

/** The workspace's pipeline (the default one when it has none): open stages, and where won and lost deals go. */
export async function loadPipeline(ctx: Ctx): Promise<DemoPipeline> {
  await ensureDefaultStages(ctx);
  const stages = (await listPipelineStages(ctx, {})).items;
  const first = stages[0];
  if (!first) throw new Error('the pipeline has no stages');
  const open = stages.filter((s) => s.probability > 0 && s.probability < 100);
  const won = stages.find((s) => s.probability === 100) ?? stages[stages.length - 1] ?? first;
  const lost = stages.find((s) => s.probability === 0) ?? first;
  return { open: open.length > 0 ? open : stages, won, lost };
}

/** Unit price in the customer's currency, rounded to whole units. */
export const unitPrice = (line: DemoLine, currency: string) => Math.round((line.product.price * (RATE_PER_FEN[currency] ?? 1)) / 100) * 100;

export function pickLines(rng: Random): DemoLine[] {
  return rng.sample(PRODUCTS, rng.int(1, 3)).map((product) => ({ product, quantity: product.sku.startsWith('SRV') || product.sku === 'CLOUD-Y' ? 1 : rng.int(1, 20) }));
}

const STATUSES: Record<Stage, (rng: Random) => DealStatus[]> = {
  lead: (rng) => (rng.chance(0.3) ? ['open'] : []),
  prospect: (rng) => (rng.chance(0.3) ? ['open', 'open'] : ['open']),
  customer: (rng) => [...(rng.chance(0.5) ? ['won', 'won'] : ['won']), ...(rng.chance(0.4) ? ['open'] : [])] as DealStatus[],
  churned: () => ['won'],
  lost: () => ['lost'],
};

async function seedDeal(ctx: Ctx, rng: Random, account: DemoAccount, pipeline: DemoPipeline, status: DealStatus): Promise<DemoDeal> {
  const { plan } = account;
  const now = ctx.clock.now();
  const lines = pickLines(rng);
  const currency = plan.place.currency;
  const amount = lines.reduce((sum, line) => sum + unitPrice(line, currency) * line.quantity, 0);
  const titles = plan.place.isChinese ? DEAL_TITLES.zh : DEAL_TITLES.en;
  const product = plan.place.isChinese ? lines[0]?.product.zh : lines[0]?.product.en;
  const title = rng.pick(titles).replace('{product}', product ?? '');
  // Churned customers bought early; open deals are recent.
  const windowEnd = plan.input.stage === 'churned' ? daysAfter(plan.createdAt, 60) : daysAfter(now, status === 'open' ? -1 : -30);
  const windowStart = status === 'open' ? latest(plan.createdAt, daysAfter(now, -150)) : plan.createdAt;
  const createdAt = between(rng, windowStart, latest(windowStart, windowEnd));
  const expectedClose = status === 'open' ? daysAfter(now, rng.int(-20, 90)) : null;
  const stage = status === 'open' ? (plan.input.stage === 'lead' ? pipeline.open[0] : rng.pick(pipeline.open)) : pipeline.open[0];
  const deal = await createDeal(at(ctx, createdAt), {
    customerId: account.customerId,
    title,
    stageId: (stage ?? pipeline.won).id,
    amount,
    currency,
    ownerId: account.workerId,
    ...(account.contactIds[0] !== undefined && rng.chance(0.7) ? { contactId: account.contactIds[0] } : {}),
    ...(expectedClose ? { expectedClose: expectedClose.toISOString().slice(0, 10) } : {}),
  });
  if (status === 'open') return { id: deal.id, status, closedAt: null, lines, expectedClose };
  const closedAt = earliest(daysAfter(createdAt, rng.int(10, 90)), new Date(now.getTime() - DAY));
  const stageId = status === 'won' ? pipeline.won.id : pipeline.lost.id;
  await updateDeal(at(ctx, latest(closedAt, createdAt)), deal.id, { status, stageId });
  return { id: deal.id, status, closedAt: latest(closedAt, createdAt), lines, expectedClose };
}

/** Deals by customer stage: leads and prospects have open ones, customers won ones, lost customers a lost one. */
export async function seedDeals(ctx: Ctx, rng: Random, account: DemoAccount, pipeline: DemoPipeline): Promise<DemoDeal[]> {
  const deals: DemoDeal[] = [];
  for (const status of STATUSES[account.plan.input.stage](rng)) deals.push(await seedDeal(ctx, rng, account, pipeline, status));
  return deals;
}
