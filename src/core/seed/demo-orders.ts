import type { OrderStatus } from '../../domain/order.ts';
import type { Ctx } from '../context.ts';
import { createOrder } from '../orders/create-order.ts';
import { at, between, DAY, daysAfter, earliest, type DemoAccount } from './demo-account.ts';
import { pickLines, unitPrice, type DemoDeal, type DemoLine } from './demo-deals.ts';
import type { Random } from './random.ts';

/** Hands out order numbers SO-20250314-0001…, continuing after the orders already stored. */
export class OrderNumbers {
  #next: number;

  constructor(existingOrders: number) {
    this.#next = existingOrders + 1;
  }

  take(orderedAt: Date): string {
    return `SO-${orderedAt.toISOString().slice(0, 10).replaceAll('-', '')}-${String(this.#next++).padStart(4, '0')}`;
  }
}

function status(rng: Random, orderedAt: Date, now: Date): OrderStatus {
  if (now.getTime() - orderedAt.getTime() < 14 * DAY) return rng.weighted({ pending: 1, paid: 2, shipped: 2 });
  return rng.weighted({ completed: 90, cancelled: 5, refunded: 5 });
}

interface OrderSpec {
  orderedAt: Date;
  lines: DemoLine[];
  dealId: number | null;
}

async function seedOrder(ctx: Ctx, rng: Random, account: DemoAccount, numbers: OrderNumbers, spec: OrderSpec): Promise<void> {
  const currency = account.plan.place.currency;
  await createOrder(at(ctx, spec.orderedAt), {
    customerId: account.customerId,
    orderedAt: spec.orderedAt.toISOString(),
    orderNo: numbers.take(spec.orderedAt),
    status: status(rng, spec.orderedAt, ctx.clock.now()),
    currency,
    ...(spec.dealId === null ? {} : { dealId: spec.dealId }),
    items: spec.lines.map((line) => ({ product: account.plan.place.isChinese ? line.product.zh : line.product.en, sku: line.product.sku, quantity: line.quantity, unitPrice: unitPrice(line, currency) })),
  });
}

/** An order for each won deal, and repeat purchases over the last two years; churned customers stopped buying. */
export async function seedOrders(ctx: Ctx, rng: Random, account: DemoAccount, deals: DemoDeal[], numbers: OrderNumbers): Promise<number> {
  const now = ctx.clock.now();
  const { stage } = account.plan.input;
  const specs: OrderSpec[] = deals
    .filter((d) => d.status === 'won' && d.closedAt)
    .map((d) => ({ orderedAt: earliest(daysAfter(d.closedAt as Date, rng.int(1, 10)), now), lines: d.lines, dealId: d.id }));
  const repeats = stage === 'customer' ? rng.int(1, 7) : stage === 'churned' ? rng.int(0, 2) : stage === 'prospect' && rng.chance(0.15) ? 1 : 0;
  const until = stage === 'churned' ? earliest(daysAfter(account.plan.createdAt, 300), daysAfter(now, -300)) : now;
  for (let i = 0; i < repeats; i++) specs.push({ orderedAt: between(rng, account.plan.createdAt, until), lines: pickLines(rng), dealId: null });
  specs.sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime());
  for (const spec of specs) await seedOrder(ctx, rng, account, numbers, spec);
  return specs.length;
}
